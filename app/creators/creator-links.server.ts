import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, offers } from '../../db/schema';
import { trackingUrl } from '../links/link-code.server';
import { getLinkFigures } from '../reporting/figures.server';

/** A creator's own links, with each link's clicks; never another member's, never a description. */
export async function listCreatorLinks(memberId: string) {
  const rows = await db
    .select({
      id: links.id,
      brandId: links.brandId,
      code: links.code,
      deepLink: links.deepLink,
      offerName: offers.name,
    })
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .where(eq(links.memberId, memberId))
    .orderBy(asc(sql`lower(${offers.name})`), sql`${links.deepLink} nulls first`);
  if (!rows.length) return [];
  // A member belongs to one brand: its links are all that brand's.
  const figures = await getLinkFigures(
    rows[0].brandId,
    rows.map((r) => r.id),
  );
  return rows.map(({ code, brandId: _brandId, ...row }) => ({
    ...row,
    url: trackingUrl(code),
    clicks: figures.get(row.id)?.clicks ?? 0,
  }));
}
