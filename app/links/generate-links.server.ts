import { and, asc, eq, exists, isNull, notExists, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { links, members, offers, payoutOptions, projectMembers, projects } from '../../db/schema';
import { linksChanged } from './link-events.server';
import { validateDeepLink } from './destination';
import { generateLinkCode } from './link-code.server';
import { isUuid } from '../ids';
import { memberMatches } from '../members/search.server';
import { archivedOfferMessage } from './archived-refusals';
import { assignPromoCodes, PromoCodeRefusal } from '../promo-codes/promo-codes.server';
import type { TemplateMember } from '../promo-codes/promo-code-rules';

/** Rows per multi-row insert statement. */
const INSERT_CHUNK = 5000;
const CODE_RETRIES = 5;

export interface OfferForLinks {
  id: string;
  name: string;
  offerUrl: string;
  additionalDomains: string[];
  currency: string;
  /** An archived offer keeps its links working but gets no new ones (`archivedOfferMessage`). */
  archived: boolean;
  promoDiscount: string | null;
  promoCodeTemplate: string | null;
  payoutOptions: { id: string; title: string; isDefault: boolean }[];
}

/**
 * The brand's offer with what link generation needs, or null for a missing or foreign id.
 * `lock` (inside a transaction that writes links) holds the row FOR SHARE, so archiving the offer
 * (removeOffer locks it FOR UPDATE) waits for the links or the links see it archived.
 */
export async function findOfferForLinks(
  brandId: string,
  offerId: string,
  tx: Tx = db,
  { lock = false }: { lock?: boolean } = {},
): Promise<OfferForLinks | null> {
  if (!isUuid(offerId)) return null;
  const query = tx
    .select({
      id: offers.id,
      name: offers.name,
      offerUrl: offers.offerUrl,
      additionalDomains: offers.additionalDomains,
      currency: offers.currency,
      archivedAt: offers.archivedAt,
      promoDiscount: offers.promoDiscount,
      promoCodeTemplate: offers.promoCodeTemplate,
    })
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
  const [offer] = lock ? await query.for('share') : await query;
  if (!offer) return null;
  const options = await tx
    .select({
      id: payoutOptions.id,
      title: payoutOptions.title,
      isDefault: payoutOptions.isDefault,
    })
    .from(payoutOptions)
    .where(and(eq(payoutOptions.offerId, offerId), eq(payoutOptions.brandId, brandId)))
    .orderBy(asc(payoutOptions.position), asc(payoutOptions.createdAt));
  const { archivedAt, ...rest } = offer;
  return { ...rest, archived: archivedAt !== null, payoutOptions: options };
}

export interface AddableMembersQuery {
  projectId?: string | null;
  q?: string | null;
}

/**
 * The brand's members who are not on the offer yet (no main link), optionally only one project's
 * and matching a search over name, email and social usernames. One query, ordered by name.
 */
export async function listAddableMembers(
  brandId: string,
  offerId: string,
  query: AddableMembersQuery = {},
) {
  const conditions = [
    eq(members.brandId, brandId),
    // Archived members keep their links but get no new ones.
    isNull(members.archivedAt),
    notExists(
      db
        .select({ one: sql`1` })
        .from(links)
        .where(
          and(eq(links.offerId, offerId), eq(links.memberId, members.id), isNull(links.deepLink)),
        ),
    ),
  ];
  if (query.projectId) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(projectMembers)
          .where(
            and(
              eq(projectMembers.memberId, members.id),
              eq(projectMembers.projectId, query.projectId),
              eq(projectMembers.brandId, brandId),
            ),
          ),
      ),
    );
  }
  const q = query.q?.trim();
  if (q) {
    conditions.push(memberMatches(q));
  }
  return db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      instagram: members.instagram,
      tiktok: members.tiktok,
      // Written out in SQL: the subquery must name the outer members row explicitly.
      projects: sql<string[]>`coalesce((
        select array_agg(p.name order by lower(p.name))
        from project_members pm join projects p on p.id = pm.project_id
        where pm.member_id = "members"."id"), '{}')`,
    })
    .from(members)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${members.name})`), asc(members.id));
}

/** The brand's projects, for the "All projects" filter. */
export async function listBrandProjects(brandId: string) {
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.brandId, brandId))
    .orderBy(asc(sql`lower(${projects.name})`));
}

export interface LinkSelection {
  memberId: string;
  /** Defaults to the offer's default payout option. */
  payoutOptionId?: string | null;
  deepLink?: string | null;
  /** A typed promo code for this member on the offer (docs/promo-codes.md). */
  code?: string | null;
}

/** Promo codes given with the links: typed per member, or made from a template. */
export interface PromoCodeOptions {
  /** Members selected without a typed code get one from `template`. */
  fromTemplate?: boolean;
  template?: string | null;
  /** The discount text the offer's codes stand for ("15 % off"); saved on the offer when given. */
  discount?: string | null;
  userId?: string | null;
}

export type GenerateLinksResult =
  | { ok: true; created: number; alreadyOnOffer: number; deepLinks: number; codes: number }
  | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * Generates the selected members' links for an offer, in one transaction. Idempotent: a member
 * who already has a main link keeps it (the partial unique index decides, under concurrency too).
 * A deep link given for a newly added member becomes an extra link of theirs beside the main one.
 * Member and payout option ids must be the brand's and the offer's; any bad id or deep link
 * refuses the whole request with per-row messages, and nothing is created.
 */
export async function generateLinks(
  brandId: string,
  offerId: string,
  selections: LinkSelection[],
  promo: PromoCodeOptions = {},
): Promise<GenerateLinksResult> {
  try {
    return await db.transaction((tx) =>
      generateLinksInTransaction(tx, brandId, offerId, selections, promo),
    );
  } catch (error) {
    // A refused promo code rolls back the links too: nothing changes on bad input.
    if (error instanceof PromoCodeRefusal) return { ok: false, fieldErrors: error.fieldErrors };
    throw error;
  }
}

/** generateLinks inside the caller's transaction (the CSV import); throws PromoCodeRefusal. */
export async function generateLinksInTransaction(
  tx: Exclude<Tx, typeof db>,
  brandId: string,
  offerId: string,
  selections: LinkSelection[],
  promo: PromoCodeOptions,
): Promise<GenerateLinksResult> {
  const offer = await findOfferForLinks(brandId, offerId, tx, { lock: true });
  if (!offer) return { ok: false, fieldErrors: { form: ['This offer does not exist.'] } };
  if (offer.archived) return { ok: false, fieldErrors: { form: [archivedOfferMessage] } };
  const fieldErrors: Record<string, string[]> = {};
  const defaultOption = offer.payoutOptions.find((o) => o.isDefault) ?? offer.payoutOptions[0];
  if (!defaultOption) {
    return { ok: false, fieldErrors: { form: ['The offer has no payout option yet.'] } };
  }
  const optionIds = new Set(offer.payoutOptions.map((o) => o.id));
  if (selections.length === 0) {
    return { ok: false, fieldErrors: { form: ['Select at least one member.'] } };
  }

  const unique = new Map<string, LinkSelection>();
  for (const s of selections) unique.set(s.memberId, s);
  const memberIds = [...unique.keys()];
  const validIds = memberIds.filter(isUuid);
  const known = new Set<string>();
  const archived = new Set<string>();
  const templateMembers = new Map<string, TemplateMember>();
  if (validIds.length > 0) {
    // FOR SHARE: archiving one of them meanwhile waits, so no archived member gets a new link.
    const rows = await tx.execute<{
      id: string;
      archived: boolean;
      name: string;
      instagram: string | null;
      tiktok: string | null;
    }>(sql`
        select id, archived_at is not null as archived, name, instagram, tiktok from ${members}
        where brand_id = ${brandId} and id = any(${sql.param(validIds)}::uuid[])
        for share`);
    for (const row of rows) {
      (row.archived ? archived : known).add(row.id);
      templateMembers.set(row.id, row);
    }
  }
  const unknownMembers = memberIds.filter((id) => !known.has(id) && !archived.has(id)).length;
  if (unknownMembers > 0) {
    (fieldErrors.form ??= []).push(
      `${unknownMembers} selected member${unknownMembers === 1 ? ' does' : 's do'} not exist in your brand. Reload the page and select again.`,
    );
  }
  if (archived.size > 0) {
    (fieldErrors.form ??= []).push(
      `${archived.size} selected member${archived.size === 1 ? ' is' : 's are'} archived and get${archived.size === 1 ? 's' : ''} no new links. Restore them first, or reload the page and select again.`,
    );
  }

  const rows: { memberId: string; payoutOptionId: string; deepLink: string | null }[] = [];
  for (const [memberId, s] of unique) {
    const payoutOptionId = s.payoutOptionId || defaultOption.id;
    if (!optionIds.has(payoutOptionId)) {
      fieldErrors[`payout.${memberId}`] = ['Choose one of this offer’s payout options.'];
    }
    let deepLink: string | null = null;
    if (s.deepLink?.trim()) {
      const checked = validateDeepLink(s.deepLink.trim(), offer.offerUrl, offer.additionalDomains);
      if (checked.ok) deepLink = checked.url;
      else fieldErrors[`deepLink.${memberId}`] = [checked.message];
    }
    rows.push({ memberId, payoutOptionId, deepLink });
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  // unnest() over one array per column: one statement with a handful of parameters per chunk,
  // however many rows (a VALUES list would need a parameter per cell).
  const createdIds: string[] = [];
  const newMembers = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = await insertWithFreshCodes(tx, (code) =>
      tx.execute<{ id: string; member_id: string }>(sql`
          insert into ${links} (brand_id, offer_id, member_id, payout_option_id, code)
          select ${brandId}::uuid, ${offerId}::uuid, t.member_id, t.payout_option_id, t.code
          from unnest(
            ${sql.param(chunk.map((r) => r.memberId))}::uuid[],
            ${sql.param(chunk.map((r) => r.payoutOptionId))}::uuid[],
            ${sql.param(chunk.map((_, index) => code(index)))}::text[]
          ) as t(member_id, payout_option_id, code)
          on conflict (offer_id, member_id) where deep_link is null do nothing
          returning id, member_id`),
    );
    for (const row of inserted) {
      createdIds.push(row.id);
      newMembers.add(row.member_id);
    }
  }

  // Deep links only for members added now: running the same request again adds nothing.
  const deepRows = rows.filter((row) => row.deepLink && newMembers.has(row.memberId));
  let deepLinks = 0;
  for (let i = 0; i < deepRows.length; i += INSERT_CHUNK) {
    const chunk = deepRows.slice(i, i + INSERT_CHUNK);
    const inserted = await insertWithFreshCodes(tx, (code) =>
      tx.execute<{ id: string }>(sql`
          insert into ${links} (brand_id, offer_id, member_id, payout_option_id, deep_link, code)
          select ${brandId}::uuid, ${offerId}::uuid, t.member_id, t.payout_option_id, t.deep_link,
            t.code
          from unnest(
            ${sql.param(chunk.map((r) => r.memberId))}::uuid[],
            ${sql.param(chunk.map((r) => r.payoutOptionId))}::uuid[],
            ${sql.param(chunk.map((r) => r.deepLink))}::text[],
            ${sql.param(chunk.map((_, index) => code(index)))}::text[]
          ) as t(member_id, payout_option_id, deep_link, code)
          returning id`),
    );
    deepLinks += inserted.length;
    createdIds.push(...inserted.map((row) => row.id));
  }

  await linksChanged(tx, createdIds);

  // Promo codes in the same transaction: a refused one (PromoCodeRefusal) undoes everything.
  const codeRequests = [...unique.values()]
    .filter((s) => s.code?.trim() || promo.fromTemplate)
    .map((s) => ({ memberId: s.memberId, code: s.code, fromTemplate: promo.fromTemplate }));
  let codes = 0;
  if (codeRequests.length > 0) {
    const assigned = await assignPromoCodes(tx, {
      brandId,
      offerId,
      userId: promo.userId ?? null,
      template: promo.template,
      requests: codeRequests,
      membersById: templateMembers,
    });
    codes = assigned.length;
  }
  const discount = promo.discount?.trim();
  const template = promo.fromTemplate ? promo.template?.trim() : undefined;
  if (discount || template) {
    await tx
      .update(offers)
      .set({
        ...(discount ? { promoDiscount: discount } : {}),
        ...(template ? { promoCodeTemplate: template } : {}),
      })
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
  }
  return {
    ok: true,
    created: newMembers.size,
    alreadyOnOffer: rows.length - newMembers.size,
    deepLinks,
    codes,
  };
}

/**
 * Runs an insert with fresh link codes inside a savepoint; a code collision (72 random bits: it
 * practically never happens) rolls back only the savepoint and the insert is retried with new codes.
 */
export async function insertWithFreshCodes<T>(
  tx: Tx,
  insert: (code: (index: number) => string) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const codes: string[] = [];
    const code = (index: number) => (codes[index] ??= generateLinkCode());
    try {
      return await (tx as Exclude<Tx, typeof db>).transaction(() => insert(code));
    } catch (error) {
      if (attempt < CODE_RETRIES && isCodeCollision(error)) continue;
      throw error;
    }
  }
}

function isCodeCollision(error: unknown): boolean {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const e = cause as { code?: string; constraint_name?: string };
  return e?.code === '23505' && e.constraint_name === 'links_code_key';
}
