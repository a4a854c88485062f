import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, members, offers } from '../../db/schema';
import { isUuid } from '../ids';
import { validateDeepLink } from '../links/destination';
import { insertWithFreshCodes, linksCreated } from '../links/generate-links.server';
import { trackingUrl } from '../links/link-code.server';
import { emptyFigures, type Figures } from '../reporting/figures';
import { getLinkFigures } from '../reporting/figures.server';
import type { Period } from '../reporting/period';
import { creatorLinkSchema, MAX_CREATOR_LINKS_PER_OFFER } from './schemas';

/**
 * What a creator may see of an offer: its public name, where it sends shoppers, its deep-link
 * rules and money settings. Never the internal description.
 */
const creatorOfferColumns = {
  id: offers.id,
  name: offers.name,
  status: offers.status,
  offerUrl: offers.offerUrl,
  currency: offers.currency,
  endsAt: offers.endsAt,
  imageId: offers.imageId,
  icon: offers.icon,
  holdingPeriodDays: offers.holdingPeriodDays,
  allowCreatorDeepLinks: offers.allowCreatorDeepLinks,
  additionalDomains: offers.additionalDomains,
  archivedAt: offers.archivedAt,
};

export type CreatorOffer = Awaited<ReturnType<typeof listCreatorOffers>>[number];

/** The brand's offers the member has a link on, by name. */
export async function listCreatorOffers(brandId: string, memberId: string) {
  return db
    .selectDistinct(creatorOfferColumns)
    .from(offers)
    .innerJoin(links, eq(links.offerId, offers.id))
    .where(and(eq(offers.brandId, brandId), eq(links.memberId, memberId)))
    .orderBy(asc(offers.name), asc(offers.id));
}

/** One offer the member has a link on, or null (another brand's or another member's offer). */
export async function findCreatorOffer(brandId: string, memberId: string, offerId: string) {
  if (!isUuid(offerId)) return null;
  const [offer] = await db
    .select({
      ...creatorOfferColumns,
      // An archived member, like an archived offer, keeps their links but builds no new ones.
      memberArchived: sql<boolean>`exists (select 1 from ${members} where ${members.id} = ${memberId}
        and ${members.archivedAt} is not null)`,
    })
    .from(offers)
    .where(
      and(
        eq(offers.id, offerId),
        eq(offers.brandId, brandId),
        sql`exists (select 1 from ${links} where ${links.offerId} = ${offers.id}
          and ${links.memberId} = ${memberId})`,
      ),
    );
  return offer ?? null;
}

export interface CreatorLink {
  id: string;
  offerId: string;
  offerName: string;
  offerCurrency: string;
  code: string;
  url: string;
  label: string | null;
  deepLink: string | null;
  createdByCreator: boolean;
  createdAt: Date;
  /** The link's own figures (app/reporting), for the period asked for or all time. */
  figures: Figures;
}

/**
 * The member's own links in one brand (optionally one offer), each with its figures: main link
 * first, then the newest.
 */
export async function listCreatorLinks(
  brandId: string,
  memberId: string,
  options: { offerId?: string; period?: Period | null } = {},
): Promise<CreatorLink[]> {
  const conditions = [eq(links.brandId, brandId), eq(links.memberId, memberId)];
  if (options.offerId) conditions.push(eq(links.offerId, options.offerId));
  const rows = await db
    .select({
      id: links.id,
      offerId: links.offerId,
      offerName: offers.name,
      offerCurrency: offers.currency,
      code: links.code,
      label: links.label,
      deepLink: links.deepLink,
      createdByCreator: links.createdByCreator,
      createdAt: links.createdAt,
    })
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .where(and(...conditions))
    .orderBy(
      asc(offers.name),
      sql`(${links.deepLink} is null) desc`,
      sql`${links.createdAt} desc`,
      asc(links.id),
    );
  const figures = await getLinkFigures(
    brandId,
    rows.map((r) => r.id),
    options.period ?? null,
  );
  return rows.map((row) => ({
    ...row,
    url: trackingUrl(row.code),
    figures: figures.get(row.id) ?? emptyFigures(),
  }));
}

/** One of the member's links (for its QR code and label), or null. */
export async function findCreatorLink(brandId: string, memberId: string, linkId: string) {
  if (!isUuid(linkId)) return null;
  const [link] = await db
    .select({ id: links.id, code: links.code, label: links.label, offerId: links.offerId })
    .from(links)
    .where(and(eq(links.id, linkId), eq(links.brandId, brandId), eq(links.memberId, memberId)));
  return link ? { ...link, url: trackingUrl(link.code) } : null;
}

export type CreatorLinkResult =
  | { ok: true; linkId: string; created: boolean }
  | { ok: false; status: 400 | 403 | 404; fieldErrors: Record<string, string[]> };

/**
 * The deep-link builder: a new tracking link of the member's own for a page of the offer's site,
 * with their label. Refused (nothing written) when the offer does not allow creator deep links,
 * the page is not on the offer's domains (SPEC §3, `validateDeepLink`), the label is missing, or
 * the member already has the most links allowed on the offer. The member's main link row is
 * locked first, so two requests at once cannot pass the cap together. The same page with the same
 * label again returns the existing link (a double submit makes one link).
 */
export async function createCreatorDeepLink(
  brandId: string,
  memberId: string,
  offerId: string,
  input: { url: unknown; label: unknown },
): Promise<CreatorLinkResult> {
  const notFound = { ok: false as const, status: 404 as const, fieldErrors: {} };
  if (!isUuid(offerId)) return notFound;
  return db.transaction(async (tx) => {
    const [main] = await tx
      .select({
        id: links.id,
        payoutOptionId: links.payoutOptionId,
        allow: offers.allowCreatorDeepLinks,
        offerUrl: offers.offerUrl,
        additionalDomains: offers.additionalDomains,
      })
      .from(links)
      .innerJoin(offers, eq(offers.id, links.offerId))
      .where(
        and(
          eq(links.offerId, offerId),
          eq(links.brandId, brandId),
          eq(links.memberId, memberId),
          isNull(links.deepLink),
        ),
      )
      .for('update', { of: links });
    if (!main) return notFound;
    // FOR SHARE: archiving the offer or the member meanwhile waits for this link, or it is refused.
    const [state] = await tx.execute<{ offer_archived: boolean; member_archived: boolean }>(sql`
      select o.archived_at is not null as offer_archived, m.archived_at is not null as member_archived
      from ${offers} o cross join ${members} m
      where o.id = ${offerId} and m.id = ${memberId}
      for share`);
    if (state?.offer_archived || state?.member_archived) {
      return {
        ok: false,
        status: 403,
        fieldErrors: {
          form: [
            state.offer_archived
              ? 'The brand has archived this offer: your links keep working, but no new links can be made for it.'
              : 'The brand has archived your membership: your links keep working, but no new links can be made.',
          ],
        },
      };
    }
    if (!main.allow) {
      return {
        ok: false,
        status: 403,
        fieldErrors: { form: ['This offer does not let creators build their own deep links.'] },
      };
    }
    const parsed = creatorLinkSchema.safeParse(input);
    const fieldErrors: Record<string, string[]> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        (fieldErrors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
      }
    }
    const checked = validateDeepLink(
      typeof input.url === 'string' ? input.url : '',
      main.offerUrl,
      main.additionalDomains,
    );
    if (!checked.ok && !fieldErrors.url) fieldErrors.url = [checked.message];
    if (!parsed.success || !checked.ok) return { ok: false, status: 400, fieldErrors };
    const { label } = parsed.data;

    const [existing] = await tx
      .select({ id: links.id })
      .from(links)
      .where(
        and(
          eq(links.offerId, offerId),
          eq(links.memberId, memberId),
          eq(links.deepLink, checked.url),
          eq(links.label, label),
        ),
      );
    if (existing) return { ok: true, linkId: existing.id, created: false };
    const [{ total }] = await tx
      .select({ total: count() })
      .from(links)
      .where(and(eq(links.offerId, offerId), eq(links.memberId, memberId)));
    if (total >= MAX_CREATOR_LINKS_PER_OFFER) {
      return {
        ok: false,
        status: 400,
        fieldErrors: {
          form: [
            `You already have ${MAX_CREATOR_LINKS_PER_OFFER} links for this offer, the most allowed. Reuse one of them: you can rename its label.`,
          ],
        },
      };
    }
    const [link] = await insertWithFreshCodes(tx, (code) =>
      tx
        .insert(links)
        .values({
          brandId,
          offerId,
          memberId,
          payoutOptionId: main.payoutOptionId,
          deepLink: checked.url,
          label,
          createdByCreator: true,
          code: code(0),
        })
        .returning({ id: links.id }),
    );
    await linksCreated(tx, [link.id]);
    return { ok: true, linkId: link.id, created: true };
  });
}

/** Renames one of the member's links; 404 for anyone else's link, 400 for a bad label. */
export async function renameCreatorLink(
  brandId: string,
  memberId: string,
  linkId: string,
  input: { label: unknown },
): Promise<CreatorLinkResult> {
  if (!isUuid(linkId)) return { ok: false, status: 404, fieldErrors: {} };
  const parsed = creatorLinkSchema.pick({ label: true }).safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      fieldErrors: { label: parsed.error.issues.map((issue) => issue.message) },
    };
  }
  const [row] = await db
    .update(links)
    .set({ label: parsed.data.label })
    .where(and(eq(links.id, linkId), eq(links.brandId, brandId), eq(links.memberId, memberId)))
    .returning({ id: links.id });
  if (!row) return { ok: false, status: 404, fieldErrors: {} };
  return { ok: true, linkId: row.id, created: false };
}
