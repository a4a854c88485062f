import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, members, offers, payoutOptions } from '../../db/schema';
import { firstForeignId, type OwnedKind } from '../brands/owned-rows.server';
import { isUuid } from '../ids';

export interface Choice {
  id: string;
  name: string;
}

/**
 * The brand's offers and members by name, for the conversions pages' dropdowns (filters and the
 * manual conversion form). Archived offers and members are listed too, after the active ones and
 * marked "(archived)": their conversions stay and can be filtered.
 */
export async function offerAndMemberChoices(brandId: string) {
  const [offerRows, memberRows] = await Promise.all([
    db
      .select({ id: offers.id, name: offers.name, archivedAt: offers.archivedAt })
      .from(offers)
      .where(eq(offers.brandId, brandId))
      .orderBy(
        asc(sql`${offers.archivedAt} is not null`),
        asc(sql`lower(${offers.name})`),
        asc(offers.id),
      ),
    db
      .select({
        id: members.id,
        name: members.name,
        email: members.email,
        archivedAt: members.archivedAt,
      })
      .from(members)
      .where(eq(members.brandId, brandId))
      .orderBy(
        asc(sql`${members.archivedAt} is not null`),
        asc(sql`lower(${members.name})`),
        asc(members.id),
      ),
  ]);
  return {
    offers: offerRows.map((o) => ({
      id: o.id,
      name: `${o.name}${o.archivedAt ? ' (archived)' : ''}`,
    })) as Choice[],
    members: memberRows.map((m) => ({
      id: m.id,
      name: `${m.name} (${m.email})${m.archivedAt ? ' (archived)' : ''}`,
    })) as Choice[],
  };
}

/** A member of the brand by id; null for another brand's id or a malformed one. */
export async function brandMember(brandId: string, memberId: string | null | undefined) {
  if (!isUuid(memberId)) return null;
  const [row] = await db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)));
  return row ?? null;
}

/** One member's links (main and deep links) with their offer, for the manual conversion form. */
export async function memberLinkChoices(brandId: string, memberId: string) {
  const rows = await db
    .select({
      id: links.id,
      code: links.code,
      deepLink: links.deepLink,
      label: links.label,
      offerName: offers.name,
      currency: offers.currency,
      payoutTitle: payoutOptions.title,
    })
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .innerJoin(payoutOptions, eq(payoutOptions.id, links.payoutOptionId))
    .where(and(eq(links.brandId, brandId), eq(links.memberId, memberId)))
    .orderBy(asc(sql`lower(${offers.name})`), sql`${links.deepLink} is not null`, asc(links.id));
  return rows.map((l) => ({
    id: l.id,
    currency: l.currency,
    name: `${l.offerName} — ${l.deepLink ? `deep link${l.label ? ` “${l.label}”` : ''}` : 'main link'} (${l.payoutTitle}, ${l.code})`,
  }));
}

/**
 * Whether the filter's offer and member (when given) are the brand's: another brand's id is a 404
 * for the list, its bulk actions and its CSV export, as on the reports page.
 */
export async function filterBelongsToBrand(
  brandId: string,
  filter: { offerId?: string; memberId?: string },
): Promise<boolean> {
  const named: { name: string; kind: OwnedKind; id: string }[] = [];
  if (filter.offerId !== undefined)
    named.push({ name: 'offer', kind: 'offer', id: filter.offerId });
  if (filter.memberId !== undefined) {
    named.push({ name: 'member', kind: 'member', id: filter.memberId });
  }
  return (await firstForeignId(brandId, named)) === null;
}
