import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { clickStatsDaily, conversions, links, offers } from '../../db/schema';
import { isOfferExpired } from './offers.server';

export interface OfferSummary {
  id: string;
  name: string;
  status: 'active' | 'paused';
  conversionType: string;
  imageId: string | null;
  icon: string | null;
  endsAt: Date | null;
  expired: boolean;
  links: number;
  clicks: number;
  conversions: number;
}

/** The brand's offers with their link, click and conversion counts (clicks from the daily rollup). */
export async function listOfferSummaries(brandId: string): Promise<OfferSummary[]> {
  const linkCounts = db
    .select({ offerId: links.offerId, n: sql<number>`count(*)::int`.as('link_n') })
    .from(links)
    .where(eq(links.brandId, brandId))
    .groupBy(links.offerId)
    .as('lc');
  const clickCounts = db
    .select({
      offerId: clickStatsDaily.offerId,
      n: sql<number>`coalesce(sum(${clickStatsDaily.clicks}), 0)::bigint`.as('click_n'),
    })
    .from(clickStatsDaily)
    .where(eq(clickStatsDaily.brandId, brandId))
    .groupBy(clickStatsDaily.offerId)
    .as('cc');
  const conversionCounts = db
    .select({ offerId: conversions.offerId, n: sql<number>`count(*)::int`.as('conv_n') })
    .from(conversions)
    .where(and(eq(conversions.brandId, brandId), sql`${conversions.status} <> 'refused'`))
    .groupBy(conversions.offerId)
    .as('vc');
  const rows = await db
    .select({
      id: offers.id,
      name: offers.name,
      status: offers.status,
      conversionType: offers.conversionType,
      imageId: offers.imageId,
      icon: offers.icon,
      endsAt: offers.endsAt,
      expiredAt: offers.expiredAt,
      links: sql<number>`coalesce(${linkCounts.n}, 0)`,
      clicks: sql<number>`coalesce(${clickCounts.n}, 0)`,
      conversions: sql<number>`coalesce(${conversionCounts.n}, 0)`,
    })
    .from(offers)
    .leftJoin(linkCounts, eq(linkCounts.offerId, offers.id))
    .leftJoin(clickCounts, eq(clickCounts.offerId, offers.id))
    .leftJoin(conversionCounts, eq(conversionCounts.offerId, offers.id))
    .where(eq(offers.brandId, brandId))
    .orderBy(desc(offers.createdAt));
  return rows.map(({ expiredAt, ...row }) => ({
    ...row,
    links: Number(row.links),
    clicks: Number(row.clicks),
    conversions: Number(row.conversions),
    expired: isOfferExpired({ endsAt: row.endsAt, expiredAt }),
  }));
}
