import { desc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { links, offers } from '../../db/schema';
import { getOfferFigures } from '../reporting/figures.server';
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

/** The brand's offers with their link, click and conversion counts (figures from app/reporting/). */
export async function listOfferSummaries(brandId: string): Promise<OfferSummary[]> {
  const linkCounts = db
    .select({ offerId: links.offerId, n: sql<number>`count(*)::int`.as('link_n') })
    .from(links)
    .where(eq(links.brandId, brandId))
    .groupBy(links.offerId)
    .as('lc');
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
    })
    .from(offers)
    .leftJoin(linkCounts, eq(linkCounts.offerId, offers.id))
    .where(eq(offers.brandId, brandId))
    .orderBy(desc(offers.createdAt));
  const figures = await getOfferFigures(brandId);
  return rows.map(({ expiredAt, ...row }) => ({
    ...row,
    links: Number(row.links),
    clicks: figures.get(row.id)?.clicks ?? 0,
    conversions: figures.get(row.id)?.conversions ?? 0,
    expired: isOfferExpired({ endsAt: row.endsAt, expiredAt }),
  }));
}
