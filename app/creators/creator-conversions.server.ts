/**
 * A creator's conversions in one brand (the Conversions page): newest first, keyset paging, a
 * status and offer filter. Scoped by the brand and the creator's member id there; shows no
 * shopper data and never a full order id (masked in SQL, so it never leaves the database).
 */
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { CREATOR_CONVERSION_STATUSES, type CreatorConversionStatus } from './creator-money';
import { clearingDay } from './earnings.server';
import {
  decodePosition,
  encodePosition,
  exactTimeSql,
  olderThanSql,
} from '../paging/keyset.server';

export const CREATOR_CONVERSIONS_PAGE_SIZE = 25;

/**
 * An order id masked to at most its last 4 characters, and never more than half of it
 * ("ORD-20261201-1234" → "••••1234", "AB12" → "••••12"), as SQL over `column`.
 */
export function maskedOrderRefSql(column: SQL): SQL {
  return sql`case when ${column} is null then null
    else '••••' || right(${column}, least(4, char_length(${column}) / 2)) end`;
}

/** The same rule in TypeScript (tests and anything not read from the database). */
export function maskOrderRef(orderId: string | null): string | null {
  if (orderId == null) return null;
  const keep = Math.min(4, Math.floor([...orderId].length / 2));
  return `••••${keep ? [...orderId].slice(-keep).join('') : ''}`;
}

/**
 * The creator's status of a conversion row `c` with its statement `s`: approved commissions in a
 * paid statement are paid.
 */
export const creatorStatusSql = sql`case when c.status = 'approved' and s.status = 'paid'
  then 'paid' else c.status::text end`;

export interface CreatorConversionFilter {
  status?: CreatorConversionStatus;
  offerId?: string;
}

/** The filter of the page's query string; a status that is not one of the five is ignored. */
export function creatorConversionFilter(search: URLSearchParams): CreatorConversionFilter {
  const status = search.get('status') ?? '';
  const offerId = search.get('offer') ?? '';
  return {
    status: (CREATOR_CONVERSION_STATUSES as readonly string[]).includes(status)
      ? (status as CreatorConversionStatus)
      : undefined,
    offerId: offerId || undefined,
  };
}

export interface CreatorConversion {
  id: string;
  createdAt: string;
  offerName: string | null;
  orderRef: string | null;
  saleMinor: number | null;
  commissionMinor: number;
  currency: string;
  status: CreatorConversionStatus;
  /** Rejected: the reason from the brand's fixed list. */
  rejectReason: string | null;
  /** Rejected or reversed: the brand's note, as written. */
  note: string | null;
  /**
   * Pending: the day (YYYY-MM-DD, the brand's time zone) it clears the holding period, as the
   * dashboard says it (clearingDay in earnings.server.ts).
   */
  clearsOn: string | null;
  /** Approved or paid: its statement (month and id). */
  statementId: string | null;
  statementPeriod: string | null;
}

/**
 * One page of the creator's conversions in the brand, newest first, after a position (`after`,
 * from the previous page's `next`): the index on member and time goes straight to it, however
 * deep. `next` is null on the last page.
 */
export async function listCreatorConversions(
  brandId: string,
  memberId: string,
  filter: CreatorConversionFilter,
  after?: string | null,
  pageSize = CREATOR_CONVERSIONS_PAGE_SIZE,
  now = new Date(),
) {
  const where: SQL[] = [
    sql`c.brand_id = ${brandId}`,
    sql`c.member_id = ${memberId}`,
    sql`c.status <> 'refused'`,
  ];
  if (filter.offerId) where.push(sql`c.offer_id = ${filter.offerId}::uuid`);
  if (filter.status === 'paid') where.push(sql`c.status = 'approved' and s.status = 'paid'`);
  else if (filter.status === 'approved') {
    where.push(sql`c.status = 'approved' and s.status is distinct from 'paid'`);
  } else if (filter.status) where.push(sql`c.status = ${filter.status}::conversion_status`);
  const position = decodePosition(after);
  if (position) where.push(...olderThanSql(sql`c.created_at`, sql`c.id`, position));
  const rows = await db.execute<{
    id: string;
    created_at: string;
    offer_name: string | null;
    order_ref: string | null;
    sale_minor: string | null;
    commission_minor: string;
    currency: string;
    status: CreatorConversionStatus;
    reject_reason: string | null;
    note: string | null;
    holding_period_days: number | null;
    time_zone: string;
    statement_id: string | null;
    period_start: string | null;
  }>(sql`
    select c.id, ${exactTimeSql(sql`c.created_at`)} as created_at, o.name as offer_name,
           ${maskedOrderRefSql(sql`c.order_id`)} as order_ref,
           c.amount_minor::text as sale_minor, c.commission_minor::text as commission_minor,
           c.currency, ${creatorStatusSql} as status, c.reject_reason::text as reject_reason,
           case when c.status in ('rejected', 'reversed') then c.status_note end as note,
           o.holding_period_days, b.time_zone,
           s.id as statement_id, s.period_start::text as period_start
      from conversions c
      join brands b on b.id = c.brand_id
      left join offers o on o.id = c.offer_id
      left join statements s on s.id = c.statement_id and s.member_id = c.member_id
     where ${sql.join(where, sql` and `)}
     order by c.created_at desc, c.id desc
     limit ${pageSize + 1}`);
  const page = rows.slice(0, pageSize).map((r): CreatorConversion => ({
    id: r.id,
    createdAt: r.created_at,
    offerName: r.offer_name,
    orderRef: r.order_ref,
    saleMinor: r.sale_minor == null ? null : Number(r.sale_minor),
    commissionMinor: Number(r.commission_minor),
    currency: r.currency,
    status: r.status,
    rejectReason: r.reject_reason,
    note: r.note,
    clearsOn:
      r.status === 'pending' && r.holding_period_days != null
        ? clearingDay(new Date(r.created_at), r.holding_period_days, r.time_zone, now)
        : null,
    statementId: r.statement_id,
    statementPeriod: r.period_start,
  }));
  const last = page[page.length - 1];
  return {
    rows: page,
    next:
      rows.length > pageSize && last ? encodePosition({ at: last.createdAt, id: last.id }) : null,
  };
}
