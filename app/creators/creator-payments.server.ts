/**
 * A creator's payment history in one brand: their statements (one per month and currency, built
 * by the payout rollup in app/payouts/), what is due against the brand's minimum payout, one
 * statement's lines, and the CSV downloads. Read-only; every query is scoped by the brand and
 * the creator's member id there, so another creator's or another brand's statement reads as
 * missing. Order ids are masked in SQL (maskedOrderRefSql), as on the Conversions page.
 */
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { cursor } from '../../db/cursor';
import { csvStream, spreadsheetText } from '../csv/csv-stream.server';
import { isUuid } from '../ids';
import { formatMinor } from '../money/money';
import { statementLinesSql } from '../payouts/payouts-overview.server';
import {
  PAYMENT_METHOD_LABELS,
  STATEMENT_STATUS_LABELS,
  lineStatusLabel,
  lineStatusOf,
  type StatementStatus,
} from '../payouts/schemas';
import { maskedOrderRefSql } from './creator-conversions.server';
import { rejectReasonLabel } from './creator-money';
import { decodePosition, encodePosition, exactTimeSql } from '../paging/keyset.server';

export const CREATOR_STATEMENTS_PAGE_SIZE = 24;
export const CREATOR_STATEMENT_LINES_PAGE_SIZE = 100;
const CURSOR_BATCH = 1000;

type PaymentMethod = keyof typeof PAYMENT_METHOD_LABELS;

export interface CreatorStatement {
  id: string;
  periodStart: string;
  currency: string;
  amountMinor: number;
  status: StatementStatus;
  paidOn: string | null;
  paymentMethod: PaymentMethod | null;
  paymentReference: string | null;
  lines: number;
}

/**
 * The creator's statements in the brand with their line counts and sums, as a relation. The
 * lines are counted in one grouped pass over the member's conversions (conversions_member_idx):
 * `statement_id` has no index (the rollup's updates stay HOT), so a count per statement would
 * read the member's conversions once per statement.
 */
function creatorStatementsSql(brandId: string, memberId: string): SQL {
  return sql`(
    select s.id, s.period_start::text as period_start, s.period_end::text as period_end,
           s.currency, s.amount_minor::text as amount_minor, s.status, s.paid_on::text as paid_on,
           s.payment_method::text as payment_method, s.payment_reference,
           (coalesce(c.n, 0) + coalesce(a.n, 0))::int as lines,
           coalesce(c.total, 0)::text as commissions, coalesce(a.total, 0)::text as adjustments
      from statements s
      left join (select statement_id, count(*) as n, sum(commission_minor) as total
                   from conversions
                  where brand_id = ${brandId} and member_id = ${memberId}
                    and statement_id is not null
                  group by statement_id) c on c.statement_id = s.id
      left join (select statement_id, count(*) as n, sum(amount_minor) as total
                   from statement_adjustments
                  where brand_id = ${brandId} and member_id = ${memberId}
                    and statement_id is not null
                  group by statement_id) a on a.statement_id = s.id
     where s.brand_id = ${brandId} and s.member_id = ${memberId})`;
}

type StatementRow = {
  id: string;
  period_start: string;
  period_end: string;
  commissions: string;
  adjustments: string;
  currency: string;
  amount_minor: string;
  status: StatementStatus;
  paid_on: string | null;
  payment_method: PaymentMethod | null;
  payment_reference: string | null;
  lines: number;
};

const toStatement = (r: StatementRow): CreatorStatement => ({
  id: r.id,
  periodStart: r.period_start,
  currency: r.currency,
  amountMinor: Number(r.amount_minor),
  status: r.status,
  paidOn: r.paid_on,
  paymentMethod: r.payment_method,
  paymentReference: r.payment_reference,
  lines: r.lines,
});

/**
 * One page of the creator's statements in the brand, newest month first, after a position
 * (`after` = the previous page's `next`: a month and a statement id).
 */
export async function listCreatorStatements(
  brandId: string,
  memberId: string,
  after?: string | null,
  pageSize = CREATOR_STATEMENTS_PAGE_SIZE,
) {
  const [period, id] = (after ?? '').split('_');
  const position =
    /^\d{4}-\d{2}-\d{2}$/.test(period ?? '') && isUuid(id)
      ? sql`where (st.period_start::date, st.id) < (${period}::date, ${id}::uuid)`
      : sql``;
  const rows = await db.execute<StatementRow>(sql`
    select * from ${creatorStatementsSql(brandId, memberId)} st
     ${position}
     order by st.period_start desc, st.id desc
     limit ${pageSize + 1}`);
  const statements = rows.slice(0, pageSize).map(toStatement);
  const last = statements[statements.length - 1];
  return {
    statements,
    next: rows.length > pageSize && last ? `${last.periodStart}_${last.id}` : null,
  };
}

export interface CreatorStatementLine {
  kind: 'commission' | 'adjustment';
  id: string;
  at: string;
  offerName: string | null;
  orderRef: string | null;
  saleMinor: number | null;
  amountMinor: number;
  /** The conversion's status now (`adjustment` for a clawback or other correction). */
  status: string;
  rejectReason: string | null;
  note: string | null;
}

/**
 * The creator's statement lines, masked, as one relation (`match`: the statement_id condition).
 * An adjustment's own note names the full order id (it is written for the brand), so a creator
 * reads instead when the reversed commission was paid and the brand's note on the reversal.
 */
function creatorLinesSql(brandId: string, match: SQL): SQL {
  return sql`
    select l.kind, l.id, l.statement_id, l.at, ${exactTimeSql(sql`l.at`)} as at_exact,
           l.offer_name, ${maskedOrderRefSql(sql`l.order_id`)} as order_ref, l.sale_minor,
           l.amount_minor, l.status, l.reject_reason,
           case when l.kind = 'adjustment'
                then concat_ws(': ', 'Reversal of a commission paid on ' || ps.paid_on::text,
                               rc.status_note)
                else l.note end as note
      from (${statementLinesSql(match, brandId)}) l
      left join conversions rc on l.kind = 'adjustment' and rc.id = l.conversion_id
      left join statements ps on ps.id = rc.statement_id`;
}

type LineRow = {
  kind: 'commission' | 'adjustment';
  id: string;
  statement_id: string;
  at_exact: string;
  offer_name: string | null;
  order_ref: string | null;
  sale_minor: string | null;
  amount_minor: string;
  status: string;
  reject_reason: string | null;
  note: string | null;
};

/**
 * One of the creator's statements in the brand with a page of its lines (commissions and
 * adjustments by date; keyset `after` = the previous page's `next`); null for an unknown id,
 * another creator's, or another brand's.
 */
export async function getCreatorStatement(
  brandId: string,
  memberId: string,
  statementId: string,
  after?: string | null,
) {
  if (!isUuid(statementId)) return null;
  const [row] = await db.execute<StatementRow>(sql`
    select * from ${creatorStatementsSql(brandId, memberId)} st where st.id = ${statementId}`);
  if (!row) return null;
  const position = decodePosition(after);
  const rows = await db.execute<LineRow>(sql`
    select * from (${creatorLinesSql(brandId, sql`= ${statementId}`)}) x
     ${
       position
         ? sql`where x.at > ${position.at}::timestamptz
                  or (x.at = ${position.at}::timestamptz and x.id > ${position.id}::uuid)`
         : sql``
     }
     order by x.at, x.id
     limit ${CREATOR_STATEMENT_LINES_PAGE_SIZE + 1}`);
  const lines = rows.slice(0, CREATOR_STATEMENT_LINES_PAGE_SIZE).map((r): CreatorStatementLine => ({
    kind: r.kind,
    id: r.id,
    at: r.at_exact,
    offerName: r.offer_name,
    orderRef: r.order_ref,
    saleMinor: r.sale_minor == null ? null : Number(r.sale_minor),
    amountMinor: Number(r.amount_minor),
    status: r.status,
    rejectReason: r.reject_reason,
    note: r.note,
  }));
  const last = lines[lines.length - 1];
  return {
    statement: {
      ...toStatement(row),
      commissionsMinor: Number(row.commissions),
      adjustmentsMinor: Number(row.adjustments),
    },
    lines,
    next:
      rows.length > CREATOR_STATEMENT_LINES_PAGE_SIZE && last
        ? encodePosition({ at: last.at, id: last.id })
        : null,
  };
}

/** Whether the statement is one of the creator's in the brand (false for anyone else's id). */
export async function isCreatorStatement(brandId: string, memberId: string, statementId: string) {
  if (!isUuid(statementId)) return false;
  const [row] = await db.execute<{ ok: number }>(sql`
    select 1 as ok from statements
     where brand_id = ${brandId} and member_id = ${memberId} and id = ${statementId}`);
  return Boolean(row);
}

export const CREATOR_STATEMENTS_CSV_HEADER = [
  'Statement ID',
  'Period',
  'Period start',
  'Period end',
  'Currency',
  'Commissions',
  'Adjustments',
  'Total',
  'Status',
  'Paid on',
  'Payment method',
  'Payment reference',
  'Lines',
] as const;

/** The creator's statements in the brand as CSV (streamed from a cursor), newest month first. */
export function creatorStatementsCsv(brandId: string, memberId: string) {
  const rows = cursor<StatementRow>(
    sql`
      select * from ${creatorStatementsSql(brandId, memberId)} st
       order by st.period_start desc, st.currency, st.id`,
    CURSOR_BATCH,
  );
  return csvStream(CREATOR_STATEMENTS_CSV_HEADER, rows, (r) => [
    r.id,
    r.period_start.slice(0, 7),
    r.period_start,
    r.period_end,
    r.currency,
    formatMinor(BigInt(r.commissions), r.currency),
    formatMinor(BigInt(r.adjustments), r.currency),
    formatMinor(BigInt(r.amount_minor), r.currency),
    STATEMENT_STATUS_LABELS[r.status],
    r.paid_on,
    r.payment_method ? PAYMENT_METHOD_LABELS[r.payment_method] : null,
    spreadsheetText(r.payment_reference),
    r.lines,
  ]);
}

export const CREATOR_LINES_CSV_HEADER = [
  'Statement ID',
  'Period',
  'Currency',
  'Line',
  'Date (UTC)',
  'Offer',
  'Order reference',
  'Sale amount',
  'Commission',
  'Status',
  'Reject reason',
  'Note',
] as const;

/**
 * Every line of the creator's statements in the brand (or of one of them, already checked to be
 * theirs), statement by statement in the order of creatorStatementsCsv, lines by date.
 */
export function creatorStatementLinesCsv(brandId: string, memberId: string, statementId?: string) {
  type Row = LineRow & { period_start: string; currency: string; statement_status: string };
  const match = statementId
    ? sql`= ${statementId}::uuid`
    : sql`in (select id from statements where brand_id = ${brandId} and member_id = ${memberId})`;
  const rows = cursor<Row>(
    sql`
      select l.*, s.period_start::text as period_start, s.currency,
             s.status::text as statement_status
        from (${creatorLinesSql(brandId, match)}) l
        join statements s on s.id = l.statement_id
       where s.brand_id = ${brandId} and s.member_id = ${memberId}
       order by s.period_start desc, s.currency, s.id, l.at, l.id`,
    CURSOR_BATCH,
  );
  return csvStream(CREATOR_LINES_CSV_HEADER, rows, (r) => [
    r.statement_id,
    r.period_start.slice(0, 7),
    r.currency,
    r.kind === 'commission' ? 'Commission' : 'Adjustment',
    r.at_exact.replace(/\.(\d{3})\d{3}Z$/, '.$1Z'),
    spreadsheetText(r.offer_name),
    r.order_ref,
    r.sale_minor == null ? null : formatMinor(BigInt(r.sale_minor), r.currency),
    formatMinor(BigInt(r.amount_minor), r.currency),
    // One status word per line, as on the statement page and the conversions list: an approved
    // commission of a paid statement is "Paid".
    lineStatusLabel(lineStatusOf(r.status, r.statement_status)),
    rejectReasonLabel(r.reject_reason),
    spreadsheetText(r.note),
  ]);
}
