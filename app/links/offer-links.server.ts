import { and, asc, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, members, payoutOptions } from '../../db/schema';
import { validateDeepLink } from './destination';
import { archivedMemberMessage, archivedOfferMessage } from './archived-refusals';
import { findOfferForLinks, insertWithFreshCodes, linksCreated } from './generate-links.server';
import { trackingUrl } from './link-code.server';
import { isUuid } from '../ids';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';
import { containsPattern } from '../members/search.server';
import { getLinkFigures } from '../reporting/figures.server';

export const LINKS_PAGE_SIZE = 100;

export interface OfferLinkRow {
  id: string;
  url: string;
  memberId: string;
  memberName: string;
  memberEmail: string;
  payoutOption: string;
  deepLink: string | null;
  clicks: number;
  conversions: number;
  earningsMinor: number;
  lastEmailedAt: Date | null;
}

/**
 * One page of an offer's links with their figures (all time, from `app/reporting/`): clicks,
 * conversions that count and their commission (pending, approved and paid).
 */
export async function listOfferLinks(
  brandId: string,
  offerId: string,
  options: { page?: number; q?: string | null } = {},
): Promise<{ rows: OfferLinkRow[]; total: number; page: number; pageCount: number }> {
  const conditions = [eq(links.brandId, brandId), eq(links.offerId, offerId)];
  const q = options.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(
      or(ilike(members.name, pattern), ilike(members.email, pattern), ilike(links.code, pattern))!,
    );
  }
  const where = and(...conditions);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(links)
    .innerJoin(members, eq(members.id, links.memberId))
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / LINKS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const rows = await db
    .select({
      id: links.id,
      code: links.code,
      memberId: members.id,
      memberName: members.name,
      memberEmail: members.email,
      payoutOption: payoutOptions.title,
      deepLink: links.deepLink,
      lastEmailedAt: links.lastEmailedAt,
    })
    .from(links)
    .innerJoin(members, eq(members.id, links.memberId))
    .innerJoin(payoutOptions, eq(payoutOptions.id, links.payoutOptionId))
    .where(where)
    .orderBy(
      asc(sql`lower(${members.name})`),
      asc(members.id),
      sql`${links.deepLink} nulls first`,
      asc(links.createdAt),
    )
    .limit(LINKS_PAGE_SIZE)
    .offset((page - 1) * LINKS_PAGE_SIZE);
  const figures = await getLinkFigures(
    brandId,
    rows.map((r) => r.id),
  );
  return {
    total,
    page,
    pageCount,
    rows: rows.map(({ code, ...row }) => {
      const f = figures.get(row.id);
      return {
        ...row,
        url: trackingUrl(code),
        clicks: f?.clicks ?? 0,
        conversions: f?.conversions ?? 0,
        // An offer has one currency: its links' commission is in it.
        earningsMinor: Object.values(f?.commission ?? {}).reduce((a, b) => a + b, 0),
      };
    }),
  };
}

/**
 * Members who have a main link on the offer and are not archived: who a brand can add a deep
 * link for.
 */
export async function listOfferMembers(brandId: string, offerId: string) {
  return db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(links)
    .innerJoin(members, eq(members.id, links.memberId))
    .where(
      and(
        eq(links.brandId, brandId),
        eq(links.offerId, offerId),
        isNull(links.deepLink),
        isNull(members.archivedAt),
      ),
    )
    .orderBy(asc(sql`lower(${members.name})`));
}

/** One of the brand's links on one of its offers (for QR codes), or null. */
export async function findOfferLink(brandId: string, offerId: string, linkId: string) {
  if (!isUuid(offerId) || !isUuid(linkId)) return null;
  const [link] = await db
    .select({ id: links.id, code: links.code, memberName: members.name })
    .from(links)
    .innerJoin(members, eq(members.id, links.memberId))
    .where(and(eq(links.id, linkId), eq(links.offerId, offerId), eq(links.brandId, brandId)));
  return link ? { ...link, url: trackingUrl(link.code) } : null;
}

export type CreateDeepLinkResult =
  | { ok: true; linkId: string; created: boolean }
  | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * A further link for a member that opens a given page of the brand's site, made by the brand on
 * the member's behalf. The page must pass the offer's deep-link rules. The same page twice for the
 * same member returns the existing link instead of a duplicate.
 */
export async function createDeepLink(
  brandId: string,
  offerId: string,
  input: { memberId: string; deepLink: string; payoutOptionId: string },
): Promise<CreateDeepLinkResult | null> {
  return db.transaction(async (tx) => {
    const offer = await findOfferForLinks(brandId, offerId, tx, { lock: true });
    if (!offer) return null;
    if (offer.archived) return { ok: false, fieldErrors: { form: [archivedOfferMessage] } };
    const fieldErrors: Record<string, string[]> = {};
    const [member] = await tx
      .select({ id: members.id, archivedAt: members.archivedAt })
      .from(members)
      .where(and(eq(members.id, input.memberId), eq(members.brandId, brandId)))
      .for('share');
    if (!member) fieldErrors.memberId = ['Choose one of your members.'];
    else if (member.archivedAt) fieldErrors.memberId = [archivedMemberMessage];
    if (!offer.payoutOptions.some((o) => o.id === input.payoutOptionId)) {
      fieldErrors.payoutOptionId = ['Choose one of this offer’s payout options.'];
    }
    const checked = validateDeepLink(input.deepLink, offer.offerUrl, offer.additionalDomains);
    if (!checked.ok) fieldErrors.deepLink = [checked.message];
    if (!checked.ok || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

    const [existing] = await tx
      .select({ id: links.id })
      .from(links)
      .where(
        and(
          eq(links.offerId, offerId),
          eq(links.memberId, input.memberId),
          eq(links.deepLink, checked.url),
        ),
      );
    if (existing) return { ok: true, linkId: existing.id, created: false };
    const [link] = await insertWithFreshCodes(tx, (code) =>
      tx
        .insert(links)
        .values({
          brandId,
          offerId,
          memberId: input.memberId,
          payoutOptionId: input.payoutOptionId,
          deepLink: checked.url,
          code: code(0),
        })
        .returning({ id: links.id }),
    );
    await linksCreated(tx, [link.id]);
    return { ok: true, linkId: link.id, created: true };
  });
}

/** The brand's link, or null. */
export async function findLink(brandId: string, linkId: string) {
  if (!isUuid(linkId)) return null;
  const [link] = await db
    .select()
    .from(links)
    .where(and(eq(links.id, linkId), eq(links.brandId, brandId)));
  return link ?? null;
}

/** A member's main link (no deep link) on an offer of the brand, or null. */
export async function findMainLink(brandId: string, offerId: string, memberId: string) {
  if (!isUuid(offerId) || !isUuid(memberId)) return null;
  const [link] = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.brandId, brandId),
        eq(links.offerId, offerId),
        eq(links.memberId, memberId),
        isNull(links.deepLink),
      ),
    );
  return link ?? null;
}

/**
 * A page of the brand's links, newest first, after `position` (the API's cursor), optionally of
 * one offer or one member, with their all-time figures (app/reporting).
 */
export async function listLinksPage(
  brandId: string,
  options: {
    after: KeysetPosition | null;
    limit: number;
    offerId?: string;
    memberId?: string;
  },
) {
  const rows = await db
    .select({ link: links, at: exactTimeSql(links.createdAt) })
    .from(links)
    .where(
      and(
        eq(links.brandId, brandId),
        options.offerId ? eq(links.offerId, options.offerId) : undefined,
        options.memberId ? eq(links.memberId, options.memberId) : undefined,
        ...(options.after ? olderThanSql(links.createdAt, links.id, options.after) : []),
      ),
    )
    .orderBy(desc(links.createdAt), desc(links.id))
    .limit(options.limit + 1);
  const figures = await getLinkFigures(
    brandId,
    rows.map((r) => r.link.id),
  );
  return rows.map((r) => ({
    link: r.link,
    figures: figures.get(r.link.id) ?? null,
    position: { at: r.at, id: r.link.id },
  }));
}
