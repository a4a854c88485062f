import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, offers } from '../../db/schema';
import { trackingUrl } from '../links/link-code.server';

/** A creator's own links, with each link's clicks; never another member's, never a description. */
export async function listCreatorLinks(memberId: string) {
  const rows = await db
    .select({
      id: links.id,
      code: links.code,
      deepLink: links.deepLink,
      offerName: offers.name,
      clicks: sql<string>`coalesce((select sum(s.clicks) from click_stats_daily s
        where s.link_id = "links"."id"), 0)`,
    })
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .where(eq(links.memberId, memberId))
    .orderBy(asc(sql`lower(${offers.name})`), sql`${links.deepLink} nulls first`);
  return rows.map(({ code, ...row }) => ({
    ...row,
    url: trackingUrl(code),
    clicks: Number(row.clicks),
  }));
}
