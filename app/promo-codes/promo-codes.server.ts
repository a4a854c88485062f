import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { brands, members, offers, promoCodes } from '../../db/schema';
import { isUuid } from '../ids';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';
import {
  checkTemplate,
  normalizePromoCode,
  renderCodeTemplate,
  templateHasDigits,
  type TemplateMember,
} from './promo-code-rules';

/**
 * Promo codes per member and offer (docs/promo-codes.md, decision 053). The database decides
 * uniqueness: active codes are unique per brand on upper(code), and a member has one active code
 * per offer (partial unique indexes), so concurrent assignments cannot both win; an insert that
 * loses is told apart by looking at who holds the code.
 */

/** Field errors keyed like the forms' fields (`code.<memberId>`, `form`). */
export type FieldErrors = Record<string, string[]>;

/** Thrown inside a transaction to roll everything back and answer with these messages. */
export class PromoCodeRefusal extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors).flat().join(' '));
  }
}

export interface CodeRequest {
  memberId: string;
  /** A typed code; when absent and `fromTemplate`, one is generated. */
  code?: string | null;
  fromTemplate?: boolean;
}

export interface AssignedCode {
  memberId: string;
  promoCodeId: string;
  code: string;
}

const GENERATE_ATTEMPTS = 25;

async function insertCode(
  tx: Tx,
  row: { brandId: string; offerId: string; memberId: string; code: string; userId: string | null },
): Promise<string | null> {
  // ON CONFLICT DO NOTHING without a target covers both partial unique indexes, and keeps the
  // transaction usable when the code is taken.
  const [inserted] = await tx.execute<{ id: string }>(sql`
    insert into ${promoCodes} (brand_id, offer_id, member_id, code, created_by_user_id)
    values (${row.brandId}, ${row.offerId}, ${row.memberId}, ${row.code}, ${row.userId})
    on conflict do nothing
    returning id`);
  return inserted?.id ?? null;
}

/** Why an insert did nothing: the member already has a code there, or someone holds the code. */
async function conflictMessage(
  tx: Tx,
  brandId: string,
  offerId: string,
  memberId: string,
  code: string,
): Promise<string> {
  const [own] = await tx
    .select({ code: promoCodes.code })
    .from(promoCodes)
    .where(
      and(
        eq(promoCodes.offerId, offerId),
        eq(promoCodes.memberId, memberId),
        isNull(promoCodes.deactivatedAt),
      ),
    );
  if (own && own.code !== code) {
    return `This member already has the code ${own.code} on this offer. Deactivate it first, or edit it.`;
  }
  const [holder] = await tx
    .select({ member: members.name, offer: offers.name })
    .from(promoCodes)
    .innerJoin(members, eq(members.id, promoCodes.memberId))
    .innerJoin(offers, eq(offers.id, promoCodes.offerId))
    .where(
      and(
        eq(promoCodes.brandId, brandId),
        sql`upper(${promoCodes.code}) = ${code}`,
        isNull(promoCodes.deactivatedAt),
      ),
    );
  return holder
    ? `${code} is already ${holder.member}’s code on ${holder.offer}. Codes are unique in your brand; deactivate it there first to give it to someone else.`
    : `${code} was just taken. Choose another code.`;
}

/**
 * Gives codes to members of an offer inside the caller's transaction (Add Members, the CSV import):
 * typed codes are checked and upper-cased, missing ones made from `template`. Any refusal throws a
 * PromoCodeRefusal with every message, so the caller's transaction rolls back and nothing changes.
 * A member who already has exactly that code keeps it (a repeated request changes nothing).
 */
export async function assignPromoCodes(
  tx: Tx,
  input: {
    brandId: string;
    offerId: string;
    userId: string | null;
    template?: string | null;
    requests: CodeRequest[];
    membersById: Map<string, TemplateMember>;
  },
): Promise<AssignedCode[]> {
  const errors: FieldErrors = {};
  const typed = new Map<string, string>();
  const generated: string[] = [];
  const seen = new Map<string, string>();
  let template: string | null = null;
  for (const r of input.requests) {
    if (r.code?.trim()) {
      const checked = normalizePromoCode(r.code);
      if (!checked.ok) {
        errors[`code.${r.memberId}`] = [checked.message];
        continue;
      }
      const other = seen.get(checked.code);
      if (other !== undefined) {
        errors[`code.${r.memberId}`] = [
          `${checked.code} is given to two members here; each member needs their own code.`,
        ];
        continue;
      }
      seen.set(checked.code, r.memberId);
      typed.set(r.memberId, checked.code);
    } else if (r.fromTemplate) {
      if (template === null) {
        const t = checkTemplate(input.template ?? '');
        if (!t.ok) {
          errors.template = [t.message];
          continue;
        }
        template = t.template;
      }
      generated.push(r.memberId);
    }
  }
  if (Object.keys(errors).length > 0) throw new PromoCodeRefusal(errors);

  const assigned: AssignedCode[] = [];
  for (const [memberId, code] of typed) {
    const id = await insertCode(tx, { ...input, memberId, code });
    if (id) {
      assigned.push({ memberId, promoCodeId: id, code });
      continue;
    }
    const existing = await activeCodeOf(tx, input.offerId, memberId);
    if (existing?.code === code) continue;
    errors[`code.${memberId}`] = [
      await conflictMessage(tx, input.brandId, input.offerId, memberId, code),
    ];
  }
  for (const memberId of generated) {
    const member = input.membersById.get(memberId);
    if (!member || template === null) continue;
    const existing = await activeCodeOf(tx, input.offerId, memberId);
    if (existing) continue; // A member who has a code keeps it; the template is for those without.
    let done = false;
    for (let attempt = 0; attempt < GENERATE_ATTEMPTS && !done; attempt++) {
      // Without random digits, a taken code gets two appended ones on the next attempts.
      const base = renderCodeTemplate(template, member);
      const code =
        attempt > 0 && !templateHasDigits(template)
          ? `${base.slice(0, 30)}${String(attempt % 100).padStart(2, '0')}`
          : base;
      if (!normalizePromoCode(code).ok) {
        errors[`code.${memberId}`] = [
          `The template makes “${code}” for ${member.name}, which is not a valid code. Type one for this member.`,
        ];
        break;
      }
      const id = await insertCode(tx, { ...input, memberId, code });
      if (id) {
        assigned.push({ memberId, promoCodeId: id, code });
        done = true;
      }
    }
    if (!done && !errors[`code.${memberId}`]) {
      errors[`code.${memberId}`] = [
        `No free code could be made from the template for ${member.name}. Type one for this member.`,
      ];
    }
  }
  if (Object.keys(errors).length > 0) throw new PromoCodeRefusal(errors);
  return assigned;
}

async function activeCodeOf(tx: Tx, offerId: string, memberId: string) {
  const [row] = await tx
    .select({ id: promoCodes.id, code: promoCodes.code })
    .from(promoCodes)
    .where(
      and(
        eq(promoCodes.offerId, offerId),
        eq(promoCodes.memberId, memberId),
        isNull(promoCodes.deactivatedAt),
      ),
    );
  return row ?? null;
}

export type CodeChangeResult =
  { ok: true; code: string | null } | { ok: false; fieldErrors: FieldErrors };

/**
 * Sets (or changes) one member's code on an offer, the offer page's "Edit": the current code is
 * deactivated (kept in the history) and the new one made active, in one transaction. An empty
 * code deactivates the current one.
 */
export async function setMemberPromoCode(input: {
  brandId: string;
  offerId: string;
  memberId: string;
  code: string;
  userId: string | null;
}): Promise<CodeChangeResult> {
  if (!isUuid(input.offerId) || !isUuid(input.memberId)) {
    return { ok: false, fieldErrors: { form: ['This member or offer does not exist.'] } };
  }
  const checked = input.code.trim() === '' ? null : normalizePromoCode(input.code);
  if (checked && !checked.ok) return { ok: false, fieldErrors: { code: [checked.message] } };
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .select({ id: members.id })
        .from(members)
        .innerJoin(offers, and(eq(offers.id, input.offerId), eq(offers.brandId, input.brandId)))
        .where(and(eq(members.id, input.memberId), eq(members.brandId, input.brandId)));
      if (!member) throw new PromoCodeRefusal({ form: ['This member or offer does not exist.'] });
      const current = await activeCodeOf(tx, input.offerId, input.memberId);
      const next = checked?.ok ? checked.code : null;
      if (current?.code === next) return { ok: true as const, code: next };
      if (current) await deactivate(tx, input.brandId, current.id, input.userId);
      if (next) {
        const id = await insertCode(tx, { ...input, code: next });
        if (!id) {
          throw new PromoCodeRefusal({
            code: [await conflictMessage(tx, input.brandId, input.offerId, input.memberId, next)],
          });
        }
      }
      return { ok: true as const, code: next };
    });
  } catch (error) {
    if (error instanceof PromoCodeRefusal) return { ok: false, fieldErrors: error.fieldErrors };
    throw error;
  }
}

async function deactivate(tx: Tx, brandId: string, id: string, userId: string | null) {
  return tx
    .update(promoCodes)
    .set({ deactivatedAt: sql`now()`, deactivatedByUserId: userId })
    .where(
      and(eq(promoCodes.id, id), eq(promoCodes.brandId, brandId), isNull(promoCodes.deactivatedAt)),
    )
    .returning({ id: promoCodes.id });
}

/** Deactivates one code (kept with its history; its text can then be given to someone else). */
export async function deactivatePromoCode(
  brandId: string,
  promoCodeId: string,
  userId: string | null,
): Promise<boolean> {
  if (!isUuid(promoCodeId)) return false;
  const rows = await deactivate(db, brandId, promoCodeId, userId);
  return rows.length > 0;
}

/** An offer's codes, active first, then the deactivated ones (the history), with member names. */
export async function listOfferPromoCodes(brandId: string, offerId: string) {
  if (!isUuid(offerId)) return [];
  return db
    .select({
      id: promoCodes.id,
      code: promoCodes.code,
      memberId: promoCodes.memberId,
      memberName: members.name,
      createdAt: promoCodes.createdAt,
      deactivatedAt: promoCodes.deactivatedAt,
    })
    .from(promoCodes)
    .innerJoin(members, eq(members.id, promoCodes.memberId))
    .where(and(eq(promoCodes.brandId, brandId), eq(promoCodes.offerId, offerId)))
    .orderBy(
      sql`${promoCodes.deactivatedAt} is not null`,
      asc(sql`lower(${members.name})`),
      desc(promoCodes.createdAt),
    );
}

/** A member's active codes per offer, with each offer's discount text (creator portal, emails). */
export async function activeCodesOfMember(brandId: string, memberId: string) {
  const rows = await db
    .select({
      offerId: promoCodes.offerId,
      code: promoCodes.code,
      discount: offers.promoDiscount,
    })
    .from(promoCodes)
    .innerJoin(offers, eq(offers.id, promoCodes.offerId))
    .where(
      and(
        eq(promoCodes.brandId, brandId),
        eq(promoCodes.memberId, memberId),
        isNull(promoCodes.deactivatedAt),
      ),
    );
  return new Map(rows.map((r) => [r.offerId, { code: r.code, discount: r.discount }]));
}

/**
 * The offer's members (those with a main link) with their active code, for the Promo codes tab;
 * ordered by name.
 */
export async function offerMembersWithCodes(brandId: string, offerId: string) {
  if (!isUuid(offerId)) return [];
  const rows = await db.execute<{
    member_id: string;
    name: string;
    email: string;
    promo_code_id: string | null;
    code: string | null;
    uses: number;
  }>(sql`
    select m.id as member_id, m.name, m.email, pc.id as promo_code_id, pc.code,
           (select count(*)::int from conversions c
             where c.promo_code_id = pc.id and c.brand_id = ${brandId}) as uses
      from links l
      join members m on m.id = l.member_id
      left join promo_codes pc
        on pc.offer_id = l.offer_id and pc.member_id = l.member_id and pc.deactivated_at is null
     where l.brand_id = ${brandId} and l.offer_id = ${offerId} and l.deep_link is null
     order by lower(m.name), m.id`);
  return rows.map((r) => ({
    memberId: r.member_id,
    name: r.name,
    email: r.email,
    promoCodeId: r.promo_code_id,
    code: r.code,
    uses: r.uses,
  }));
}

export const PROMO_DISCOUNT_MAX = 80;
const DISCOUNT_TOO_LONG = `The discount text is at most ${PROMO_DISCOUNT_MAX} characters (e.g. “15 % off”).`;

/** The discount text an offer's codes stand for ("15 % off"); empty clears it. */
export async function setOfferPromoDiscount(
  brandId: string,
  offerId: string,
  discount: string,
): Promise<{ ok: true } | { ok: false; fieldErrors: FieldErrors }> {
  const text = discount.trim();
  if (text.length > PROMO_DISCOUNT_MAX) {
    return { ok: false, fieldErrors: { promoDiscount: [DISCOUNT_TOO_LONG] } };
  }
  if (!isUuid(offerId)) return { ok: false, fieldErrors: { form: ['This offer does not exist.'] } };
  const rows = await db
    .update(offers)
    .set({ promoDiscount: text === '' ? null : text })
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
    .returning({ id: offers.id });
  return rows.length > 0
    ? { ok: true }
    : { ok: false, fieldErrors: { form: ['This offer does not exist.'] } };
}

export type CodeConflictRule = (typeof brands.$inferSelect)['codeConflictRule'];

/** The brand's rule for a click and a code of different members (decision 052). */
export async function codeConflictRuleOf(brandId: string): Promise<CodeConflictRule> {
  const [row] = await db
    .select({ rule: brands.codeConflictRule })
    .from(brands)
    .where(eq(brands.id, brandId));
  return row?.rule ?? 'code_wins';
}

export async function setCodeConflictRule(brandId: string, rule: CodeConflictRule) {
  await db.update(brands).set({ codeConflictRule: rule }).where(eq(brands.id, brandId));
}

/** The brand's offers that take members (not archived), by name: the import's offer choice. */
export async function offersTakingMembers(brandId: string) {
  return db
    .select({ id: offers.id, name: offers.name })
    .from(offers)
    .where(and(eq(offers.brandId, brandId), isNull(offers.archivedAt)))
    .orderBy(asc(sql`lower(${offers.name})`));
}

/** The discount text of an offer's codes (null: none set, or no such offer in the brand). */
export async function offerPromoDiscount(brandId: string, offerId: string): Promise<string | null> {
  if (!isUuid(offerId)) return null;
  const [row] = await db
    .select({ discount: offers.promoDiscount })
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
  return row?.discount ?? null;
}

const promoCodeColumns = {
  id: promoCodes.id,
  code: promoCodes.code,
  memberId: promoCodes.memberId,
  offerId: promoCodes.offerId,
  createdAt: promoCodes.createdAt,
  deactivatedAt: promoCodes.deactivatedAt,
  discount: offers.promoDiscount,
};

/** One code of the brand with its offer's discount text; null when not the brand's. */
export async function findPromoCode(brandId: string, promoCodeId: string) {
  if (!isUuid(promoCodeId)) return null;
  const [row] = await db
    .select(promoCodeColumns)
    .from(promoCodes)
    .innerJoin(offers, eq(offers.id, promoCodes.offerId))
    .where(and(eq(promoCodes.id, promoCodeId), eq(promoCodes.brandId, brandId)));
  return row ?? null;
}

/** The brand's codes newest first (the API's list), by member, offer and status. */
export async function listPromoCodesPage(
  brandId: string,
  options: {
    after: KeysetPosition | null;
    limit: number;
    memberId?: string;
    offerId?: string;
    status?: 'active' | 'deactivated';
  },
) {
  const rows = await db
    .select({ ...promoCodeColumns, at: exactTimeSql(promoCodes.createdAt) })
    .from(promoCodes)
    .innerJoin(offers, eq(offers.id, promoCodes.offerId))
    .where(
      and(
        eq(promoCodes.brandId, brandId),
        options.memberId ? eq(promoCodes.memberId, options.memberId) : undefined,
        options.offerId ? eq(promoCodes.offerId, options.offerId) : undefined,
        options.status === 'active' ? isNull(promoCodes.deactivatedAt) : undefined,
        options.status === 'deactivated' ? sql`${promoCodes.deactivatedAt} is not null` : undefined,
        ...(options.after ? olderThanSql(promoCodes.createdAt, promoCodes.id, options.after) : []),
      ),
    )
    .orderBy(desc(promoCodes.createdAt), desc(promoCodes.id))
    .limit(options.limit + 1);
  return rows.map(({ at, ...code }) => ({ code, position: { at, id: code.id } }));
}

export type GiveCodeResult =
  | { ok: true; promoCodeId: string; created: boolean }
  | { ok: false; missing: 'member' | 'offer' }
  | { ok: false; fieldErrors: FieldErrors };

/**
 * Gives one member a code on an offer, typed or made from `template`, with the rules of Add Members
 * (assignPromoCodes, in one transaction, and the offer's discount text and template saved as Add
 * Members saves them). A member who already holds exactly that code, or any code when a template
 * is asked for, keeps it: `created` is false and nothing changes (not the offer either). Field errors are keyed `code`,
 * `template` and `discount`.
 */
export async function givePromoCode(input: {
  brandId: string;
  offerId: string;
  memberId: string;
  code?: string | null;
  template?: string | null;
  discount?: string | null;
  userId: string | null;
}): Promise<GiveCodeResult> {
  const discount = input.discount?.trim() || null;
  if (discount && discount.length > PROMO_DISCOUNT_MAX) {
    return { ok: false, fieldErrors: { discount: [DISCOUNT_TOO_LONG] } };
  }
  if (!isUuid(input.memberId)) return { ok: false, missing: 'member' };
  if (!isUuid(input.offerId)) return { ok: false, missing: 'offer' };
  const fromTemplate = !input.code?.trim();
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .select({ name: members.name, instagram: members.instagram, tiktok: members.tiktok })
        .from(members)
        .where(and(eq(members.id, input.memberId), eq(members.brandId, input.brandId)));
      if (!member) return { ok: false as const, missing: 'member' as const };
      const [offer] = await tx
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.id, input.offerId), eq(offers.brandId, input.brandId)));
      if (!offer) return { ok: false as const, missing: 'offer' as const };
      const assigned = await assignPromoCodes(tx, {
        brandId: input.brandId,
        offerId: input.offerId,
        userId: input.userId,
        template: input.template ?? null,
        requests: [{ memberId: input.memberId, code: input.code, fromTemplate }],
        membersById: new Map([[input.memberId, member]]),
      });
      if (!assigned[0]) {
        const held = await activeCodeOf(tx, input.offerId, input.memberId);
        if (!held) throw new PromoCodeRefusal({ form: ['No code was given.'] });
        return { ok: true as const, promoCodeId: held.id, created: false };
      }
      const template = fromTemplate ? input.template?.trim() : undefined;
      if (discount || template) {
        await tx
          .update(offers)
          .set({
            ...(discount ? { promoDiscount: discount } : {}),
            ...(template ? { promoCodeTemplate: template } : {}),
          })
          .where(and(eq(offers.id, input.offerId), eq(offers.brandId, input.brandId)));
      }
      return { ok: true as const, promoCodeId: assigned[0].promoCodeId, created: true };
    });
  } catch (error) {
    if (!(error instanceof PromoCodeRefusal)) throw error;
    const fieldErrors: FieldErrors = {};
    for (const [key, messages] of Object.entries(error.fieldErrors)) {
      const field = key.startsWith('code.') ? 'code' : key;
      fieldErrors[field] = [...(fieldErrors[field] ?? []), ...messages];
    }
    return { ok: false, fieldErrors };
  }
}
