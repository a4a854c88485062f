import { and, desc, eq, isNull, sql } from 'drizzle-orm';
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
  archivedAt: Date | null;
  links: number;
  clicks: number;
  conversions: number;
}

/**
 * The brand's offers with their link, click and conversion counts (figures from app/reporting/);
 * archived offers only with `archived: true` (the offers list's "Show archived").
 */
export async function listOfferSummaries(
  brandId: string,
  options: { archived?: boolean } = {},
): Promise<OfferSummary[]> {
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
      archivedAt: offers.archivedAt,
      links: sql<number>`coalesce(${linkCounts.n}, 0)`,
    })
    .from(offers)
    .leftJoin(linkCounts, eq(linkCounts.offerId, offers.id))
    .where(
      options.archived
        ? eq(offers.brandId, brandId)
        : and(eq(offers.brandId, brandId), isNull(offers.archivedAt)),
    )
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
