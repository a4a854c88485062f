import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { cursor } from '../../db/cursor';
import {
  clicks,
  conversions,
  conversionStatusHistory,
  links,
  members,
  offers,
  promoCodes,
  users,
} from '../../db/schema';
import { csvStream, spreadsheetText } from '../csv/csv-stream.server';
import { isUuid } from '../ids';
import { formatMinor } from '../money/money';
import type { ConversionFilter } from './conversion-filter';
import {
  decodePosition,
  encodePosition,
  exactTimeSql,
  olderThanSql,
  type KeysetPosition,
} from '../paging/keyset.server';

export const CONVERSIONS_PAGE_SIZE = 50;

/** The SQL conditions of a filter, always within the brand. */
export function conversionFilterSql(brandId: string, filter: ConversionFilter): SQL {
  const where: SQL[] = [eq(conversions.brandId, brandId)];
  if (filter.status) where.push(eq(conversions.status, filter.status));
  if (filter.rejectReason) where.push(eq(conversions.rejectReason, filter.rejectReason));
  if (filter.offerId) where.push(eq(conversions.offerId, filter.offerId));
  if (filter.memberId) where.push(eq(conversions.memberId, filter.memberId));
  if (filter.source) where.push(eq(conversions.source, filter.source));
  if (filter.from)
    where.push(sql`${conversions.createdAt} >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to) {
    where.push(sql`${conversions.createdAt} < (${filter.to}::date + 1)::timestamptz`);
  }
  if (filter.orderId) where.push(eq(conversions.orderId, filter.orderId));
  return and(...where)!;
}

/**
 * One page of the brand's conversions, newest first, after a position (keyset: the index on
 * brand and time takes it straight to the page, however deep). `next` is the position of the
 * following page, null on the last one.
 */
export async function listConversions(
  brandId: string,
  filter: ConversionFilter,
  after?: string | null,
  pageSize = CONVERSIONS_PAGE_SIZE,
) {
  const position = decodePosition(after);
  const where = [conversionFilterSql(brandId, filter)];
  if (position) where.push(...olderThanSql(conversions.createdAt, conversions.id, position));
  const rows = await db
    .select({
      id: conversions.id,
      createdAt: conversions.createdAt,
      orderId: conversions.orderId,
      status: conversions.status,
      reason: conversions.reason,
      rejectReason: conversions.rejectReason,
      source: conversions.source,
      amountMinor: conversions.amountMinor,
      commissionMinor: conversions.commissionMinor,
      currency: conversions.currency,
      offerName: offers.name,
      memberName: members.name,
      exactTime: exactTimeSql(conversions.createdAt),
    })
    .from(conversions)
    .leftJoin(offers, eq(offers.id, conversions.offerId))
    .leftJoin(members, eq(members.id, conversions.memberId))
    .where(and(...where))
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize).map(({ exactTime: _, ...row }) => row);
  return {
    rows: page,
    next:
      rows.length > pageSize
        ? encodePosition({ at: rows[pageSize - 1].exactTime, id: rows[pageSize - 1].id })
        : null,
  };
}

/**
 * The whole rows of a page of the brand's conversions, newest first, after a keyset position
 * (the REST API's list; the same filter and index as `listConversions`): `limit + 1` rows, each
 * with its position, so the caller knows whether there is a next page.
 */
export async function conversionRowsAfter(
  brandId: string,
  filter: ConversionFilter,
  position: KeysetPosition | null,
  limit: number,
) {
  const where = [conversionFilterSql(brandId, filter)];
  if (position) where.push(...olderThanSql(conversions.createdAt, conversions.id, position));
  const rows = await db
    .select({ conversion: conversions, at: exactTimeSql(conversions.createdAt) })
    .from(conversions)
    .where(and(...where))
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.conversion, position: { at: r.at, id: r.conversion.id } }));
}

/** One of the brand's conversions, the whole row; null for another brand's id. */
export async function conversionRow(brandId: string, conversionId: string) {
  if (!isUuid(conversionId)) return null;
  const [row] = await db
    .select()
    .from(conversions)
    .where(and(eq(conversions.id, conversionId), eq(conversions.brandId, brandId)));
  return row ?? null;
}

/** The ids of every conversion matching the filter, up to `limit` (bulk actions). */
export async function conversionIdsMatching(
  brandId: string,
  filter: ConversionFilter,
  limit: number,
) {
  const rows = await db
    .select({ id: conversions.id })
    .from(conversions)
    .where(conversionFilterSql(brandId, filter))
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** One of the brand's conversions with its click and status history; null for another brand's id. */
export async function getConversion(brandId: string, conversionId: string) {
  if (!isUuid(conversionId)) return null;
  const [row] = await db
    .select({
      conversion: conversions,
      offerName: offers.name,
      memberName: members.name,
      linkCode: links.code,
      promoCode: promoCodes.code,
    })
    .from(conversions)
    .leftJoin(promoCodes, eq(promoCodes.id, conversions.promoCodeId))
    .leftJoin(offers, eq(offers.id, conversions.offerId))
    .leftJoin(members, eq(members.id, conversions.memberId))
    .leftJoin(links, eq(links.id, conversions.linkId))
    .where(and(eq(conversions.id, conversionId), eq(conversions.brandId, brandId)));
  if (!row) return null;
  const c = row.conversion;
  const [click] = c.clickId
    ? await db
        .select({
          createdAt: clicks.createdAt,
          device: clicks.device,
          country: clicks.country,
          referrer: clicks.referrer,
          userAgent: clicks.userAgent,
          isUnique: clicks.isUnique,
          sub1: clicks.sub1,
          sub2: clicks.sub2,
          sub3: clicks.sub3,
          sub4: clicks.sub4,
          sub5: clicks.sub5,
          memberName: sql<
            string | null
          >`(select m.name from ${members} m where m.id = ${clicks.memberId})`,
        })
        .from(clicks)
        .where(and(eq(clicks.id, c.clickId), eq(clicks.brandId, brandId)))
        .limit(1)
    : [];
  const history = await statusHistory(brandId, { conversionId });
  return {
    id: c.id,
    createdAt: c.createdAt,
    orderId: c.orderId,
    event: c.event,
    status: c.status,
    reason: c.reason,
    rejectReason: c.rejectReason,
    statusNote: c.statusNote,
    source: c.source,
    amountMinor: c.amountMinor,
    commissionMinor: c.commissionMinor,
    currency: c.currency,
    clickRef: c.clickRef,
    couponRef: c.couponRef,
    promoCode: row.promoCode,
    /** Set when the click and the code named different members (decision 052). */
    conflictRule: c.conflictRule,
    offerId: c.offerId,
    offerName: row.offerName,
    memberId: c.memberId,
    memberName: row.memberName,
    linkCode: row.linkCode,
    click: click ?? null,
    history: history.rows,
  };
}

/**
 * The brand's audit log of conversion status changes, newest first (keyset by the history's
 * id), optionally for one conversion. A batch event (the payout rollup's automatic approvals,
 * decision 034) is one row with `batchSize` conversions and no conversion id in the brand's log;
 * in one conversion's history it is that conversion's line like any other.
 */
export async function statusHistory(
  brandId: string,
  options: { conversionId?: string; before?: number | null; limit?: number } = {},
) {
  const limit = options.limit ?? 100;
  const where = [eq(conversionStatusHistory.brandId, brandId)];
  if (options.conversionId) {
    where.push(
      or(
        eq(conversionStatusHistory.conversionId, options.conversionId),
        eq(
          conversionStatusHistory.id,
          sql`(select approval_event_id from conversions
                where id = ${options.conversionId} and brand_id = ${brandId})`,
        ),
      )!,
    );
  }
  if (options.before) where.push(lt(conversionStatusHistory.id, options.before));
  const rows = await db
    .select({
      id: conversionStatusHistory.id,
      at: conversionStatusHistory.at,
      conversionId: options.conversionId
        ? sql<string>`${options.conversionId}::uuid`
        : conversionStatusHistory.conversionId,
      batchSize: options.conversionId ? sql<null>`null` : conversionStatusHistory.batchSize,
      orderId: conversions.orderId,
      fromStatus: conversionStatusHistory.fromStatus,
      toStatus: conversionStatusHistory.toStatus,
      reason: conversionStatusHistory.reason,
      note: conversionStatusHistory.note,
      actorKind: conversionStatusHistory.actorKind,
      actorName: users.name,
      actorEmail: users.email,
      actorUserId: conversionStatusHistory.actorUserId,
      actorApiKeyId: conversionStatusHistory.actorApiKeyId,
      /** The API key's name when a key made the change (a revoked key keeps its name). */
      apiKeyName: sql<
        string | null
      >`(select k.name from api_keys k where k.id = ${conversionStatusHistory.actorApiKeyId} and k.brand_id = ${brandId})`,
    })
    .from(conversionStatusHistory)
    .leftJoin(
      conversions,
      options.conversionId
        ? and(eq(conversions.id, options.conversionId), eq(conversions.brandId, brandId))
        : eq(conversions.id, conversionStatusHistory.conversionId),
    )
    .leftJoin(users, eq(users.id, conversionStatusHistory.actorUserId))
    .where(and(...where))
    .orderBy(desc(conversionStatusHistory.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, before: rows.length > limit ? page[page.length - 1].id : null };
}

export const CONVERSIONS_CSV_HEADER = [
  'conversion_id',
  'created_at',
  'offer',
  'member',
  'order_id',
  'event',
  'source',
  'status',
  'reject_reason',
  'refusal_reason',
  'amount',
  'commission',
  'currency',
  'click_id',
] as const;

type CsvRow = {
  id: string;
  created_at: Date | string;
  offer: string | null;
  member: string | null;
  order_id: string | null;
  event: string | null;
  source: string;
  status: string;
  reject_reason: string | null;
  reason: string | null;
  amount_minor: string | null;
  commission_minor: string;
  currency: string;
  click_id: string | null;
};

/**
 * The brand's conversions matching a filter as a CSV stream read through a cursor (never all in
 * memory): ISO times in UTC, money in major units beside its currency.
 */
export function conversionsCsv(brandId: string, filter: ConversionFilter) {
  // Unaliased tables: the filter's conditions name them ("conversions"."brand_id").
  const rows = cursor<CsvRow>(sql`
    select conversions.id, conversions.created_at, offers.name as offer, members.name as member,
           conversions.order_id, conversions.event, conversions.source, conversions.status,
           conversions.reject_reason, conversions.reason, conversions.amount_minor,
           conversions.commission_minor, conversions.currency, conversions.click_id
      from ${conversions}
      left join ${offers} on offers.id = conversions.offer_id
      left join ${members} on members.id = conversions.member_id
     where ${conversionFilterSql(brandId, filter)}
     order by conversions.created_at desc, conversions.id desc`);
  return csvStream(CONVERSIONS_CSV_HEADER, rows, (r) => [
    r.id,
    new Date(r.created_at).toISOString(),
    spreadsheetText(r.offer),
    spreadsheetText(r.member),
    spreadsheetText(r.order_id),
    spreadsheetText(r.event),
    r.source,
    r.status,
    r.reject_reason ?? '',
    r.reason ?? '',
    r.amount_minor == null ? '' : formatMinor(BigInt(r.amount_minor), r.currency),
    formatMinor(BigInt(r.commission_minor), r.currency),
    r.currency,
    r.click_id ?? '',
  ]);
}
