/**
 * What the brand's Payouts pages show: amounts due per member and currency, statements by period
 * and status, one statement with its lines (commissions and adjustments). Read-only and scoped to
 * the brand: another brand's statement id reads as missing. Status changes go through the
 * lifecycle module (lifecycle.server.ts, payments.server.ts), never through here.
 */
import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '../../db/client';
import { statements } from '../../db/schema';
import { invariantResponse } from '../http.server';
import { isUuid } from '../ids';
import {
  PAYOUTS_PAGE_SIZE,
  STATEMENT_LINES_PAGE_SIZE,
  statementFilterSchema,
  type StatementFilter,
} from './payouts-page-schemas';
import type { StatementStatus } from './schemas';

const pageOf = (requested: number, total: number, size: number) => {
  const pageCount = Math.max(1, Math.ceil(total / size));
  return { page: Math.min(Math.max(1, requested), pageCount), pageCount };
};

export interface CurrencyTotals {
  currency: string;
  /** Payable now: the balances (net of all unpaid statements) of members whose balance is due. */
  payableMinor: number;
  /** Positive balances below the minimum payout (statements `carried_forward`). */
  carriedMinor: number;
  /**
   * Negative balances (clawbacks larger than what was earned since): carried forward, taken from
   * the members' next payouts (a negative number, or 0).
   */
  toRecoverMinor: number;
  members: number;
}

/**
 * Each member's balance per currency: the net of all their unpaid statements (decision 036), and
 * whether it is payable (its statements are `open`; they share one status).
 */
const balancesSql = (brandId: string) => sql`
  select s.member_id, s.currency, sum(s.amount_minor) as balance,
         bool_and(s.status = 'open') as payable
    from statements s
   where s.brand_id = ${brandId} and s.status <> 'paid'
   group by s.member_id, s.currency`;

/** Per currency: what is payable now, carried forward and to recover, over all members. */
export async function dueTotals(brandId: string): Promise<CurrencyTotals[]> {
  const rows = await db.execute<{
    currency: string;
    payable: string | null;
    carried: string | null;
    recover: string | null;
    members: number;
  }>(sql`
    select currency,
           (sum(balance) filter (where payable))::text as payable,
           (sum(balance) filter (where not payable and balance > 0))::text as carried,
           (sum(balance) filter (where balance < 0))::text as recover,
           count(*)::int as members
      from (${balancesSql(brandId)}) b
     group by currency order by currency`);
  return rows.map((r) => ({
    currency: r.currency,
    payableMinor: Number(r.payable ?? 0),
    carriedMinor: Number(r.carried ?? 0),
    toRecoverMinor: Number(r.recover ?? 0),
    members: r.members,
  }));
}

/** An unpaid statement of a balance, as a Mark paid form shows it (and sends it back). */
export interface BalanceStatement {
  id: string;
  periodStart: string;
  amountMinor: number;
}

export interface MemberDue {
  memberId: string;
  name: string;
  email: string;
  hasPayoutEmail: boolean;
  notifyPaid: boolean;
  currency: string;
  /** The balance when it is payable (statements `open`), else 0. */
  payableMinor: number;
  /** The balance when it is not payable (carried forward; negative = to recover), else 0. */
  carriedMinor: number;
  /** The brand's minimum payout in this currency (0 = none). */
  minimumMinor: number;
  /** The unpaid statements the balance is the net of, oldest first. */
  statements: BalanceStatement[];
}

/** What is due now and what is carried forward, of the unpaid statements `s` grouped. */
const dueSums = sql`
  (sum(s.amount_minor) filter (where s.status = 'open'))::text as payable,
  (sum(s.amount_minor) filter (where s.status = 'carried_forward'))::text as carried,
  coalesce(min(mp.minimum_minor), 0)::text as minimum`;

/** The brand's minimum payout in the currency of the statements `s` (joined to each row). */
const minimumJoin = (brandId: string) => sql`
  left join minimum_payouts mp on mp.brand_id = ${brandId} and mp.currency = s.currency`;

/**
 * Amount due of one member, per currency: the same sums as the brand's "Amount due by member"
 * (their balance, the net of all unpaid statements: `open` = due now, `carried_forward` = below
 * the minimum payout or not positive), and the brand's minimum payout in that currency, for the
 * creator's own dashboard (app/creators/earnings.server.ts).
 */
export async function memberAmountsDue(
  brandId: string,
  memberId: string,
): Promise<
  { currency: string; payableMinor: number; carriedMinor: number; minimumMinor: number }[]
> {
  if (!isUuid(memberId)) return [];
  const rows = await db.execute<{
    currency: string;
    payable: string | null;
    carried: string | null;
    minimum: string;
  }>(
    sql`
    select s.currency, ${dueSums}
      from statements s
      ${minimumJoin(brandId)}
     where s.brand_id = ${brandId} and s.member_id = ${memberId} and s.status <> 'paid'
     group by s.currency
     order by s.currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    payableMinor: Number(r.payable ?? 0),
    carriedMinor: Number(r.carried ?? 0),
    minimumMinor: Number(r.minimum),
  }));
}

/**
 * Amount due per member and currency (their balance: the net of their unpaid statements, which
 * are listed), one page, by member name.
 */
export async function amountsDue(brandId: string, requestedPage = 1) {
  const [{ total }] = await db.execute<{ total: number }>(sql`
    select count(*)::int as total from (
      select 1 from statements where brand_id = ${brandId} and status <> 'paid'
       group by member_id, currency) t`);
  const { page, pageCount } = pageOf(requestedPage, total, PAYOUTS_PAGE_SIZE);
  const rows = await db.execute<{
    member_id: string;
    name: string;
    email: string;
    has_payout_email: boolean;
    notify_paid: boolean;
    currency: string;
    payable: string | null;
    carried: string | null;
    minimum: string;
    statement_ids: string[];
    periods: string[];
    amounts: string[];
  }>(sql`
    select m.id as member_id, m.name, m.email, m.payout_email is not null as has_payout_email,
           m.notify_paid, s.currency, ${dueSums},
           array_agg(s.id::text order by s.period_start, s.id) as statement_ids,
           array_agg(s.period_start::text order by s.period_start, s.id) as periods,
           array_agg(s.amount_minor::text order by s.period_start, s.id) as amounts
      from statements s
      join members m on m.id = s.member_id
      ${minimumJoin(brandId)}
     where s.brand_id = ${brandId} and s.status <> 'paid'
     group by m.id, s.currency
     order by m.name, m.id, s.currency
     limit ${PAYOUTS_PAGE_SIZE} offset ${(page - 1) * PAYOUTS_PAGE_SIZE}`);
  const members: MemberDue[] = rows.map((r) => ({
    memberId: r.member_id,
    name: r.name,
    email: r.email,
    hasPayoutEmail: r.has_payout_email,
    notifyPaid: r.notify_paid,
    currency: r.currency,
    payableMinor: Number(r.payable ?? 0),
    carriedMinor: Number(r.carried ?? 0),
    minimumMinor: Number(r.minimum),
    statements: r.statement_ids.map((id, i) => ({
      id,
      periodStart: r.periods[i],
      amountMinor: Number(r.amounts[i]),
    })),
  }));
  return { members, total, page, pageCount };
}

/** The WHERE clause of a statements filter (shared by the list and the CSV exports). */
export function statementFilterSql(brandId: string, filter: Partial<StatementFilter>): SQL {
  const parts: SQL[] = [sql`s.brand_id = ${brandId}`];
  if (filter.period) parts.push(sql`s.period_start = ${`${filter.period}-01`}::date`);
  if (filter.status) parts.push(sql`s.status = ${filter.status}::statement_status`);
  if (filter.member) parts.push(sql`s.member_id = ${filter.member}::uuid`);
  return sql.join(parts, sql` and `);
}

export interface StatementRow {
  id: string;
  memberId: string;
  memberName: string;
  hasPayoutEmail: boolean;
  periodStart: string;
  currency: string;
  amountMinor: number;
  status: StatementStatus;
  lines: number;
  paidOn: string | null;
}

/** Statements by period (newest first) and member, filtered, one page. */
export async function listStatements(brandId: string, filter: StatementFilter) {
  const where = statementFilterSql(brandId, filter);
  const [{ total }] = await db.execute<{ total: number }>(
    sql`select count(*)::int as total from statements s where ${where}`,
  );
  const { page, pageCount } = pageOf(filter.page, total, PAYOUTS_PAGE_SIZE);
  const rows = await db.execute<{
    id: string;
    member_id: string;
    member_name: string;
    has_payout_email: boolean;
    period_start: string;
    currency: string;
    amount_minor: string;
    status: StatementStatus;
    lines: number;
    paid_on: string | null;
  }>(sql`
    select s.id, s.member_id, m.name as member_name, m.payout_email is not null as has_payout_email,
           s.period_start::text as period_start, s.currency, s.amount_minor::text as amount_minor,
           s.status, s.paid_on::text as paid_on,
           ((select count(*) from conversions c
                where c.member_id = s.member_id and c.statement_id = s.id)
             + (select count(*) from statement_adjustments a where a.statement_id = s.id))::int
             as lines
      from statements s
      join members m on m.id = s.member_id
     where ${where}
     order by s.period_start desc, m.name, s.currency, s.id
     limit ${PAYOUTS_PAGE_SIZE} offset ${(page - 1) * PAYOUTS_PAGE_SIZE}`);
  const statements: StatementRow[] = rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    hasPayoutEmail: r.has_payout_email,
    periodStart: r.period_start,
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    status: r.status,
    lines: r.lines,
    paidOn: r.paid_on,
  }));
  return { statements, total, page, pageCount };
}

/** The months the brand has statements for, newest first (for the period filter). */
export async function statementPeriods(brandId: string): Promise<string[]> {
  const rows = await db.execute<{ period: string }>(sql`
    select distinct to_char(period_start, 'YYYY-MM') as period
      from statements where brand_id = ${brandId} order by period desc limit 120`);
  return rows.map((r) => r.period);
}

export interface StatementLine {
  kind: 'commission' | 'adjustment';
  /** The conversion (for a commission) or the adjustment's id. */
  id: string;
  conversionId: string;
  at: string;
  offerName: string | null;
  orderId: string | null;
  saleMinor: number | null;
  amountMinor: number;
  /** The conversion's status now (a paid commission reversed later shows `reversed`). */
  status: string;
  note: string | null;
}

/**
 * One of the brand's statements with its member, payment and a page of its lines (commissions
 * and adjustments together, by date); null for a missing id or another brand's.
 */
export async function getStatement(brandId: string, statementId: string, requestedPage = 1) {
  if (!isUuid(statementId)) return null;
  const [s] = await db.execute<{
    id: string;
    member_id: string;
    member_name: string;
    member_email: string;
    payout_email: string | null;
    notify_paid: boolean;
    period_start: string;
    period_end: string;
    currency: string;
    amount_minor: string;
    status: StatementStatus;
    paid_on: string | null;
    payment_method: 'paypal' | 'bank_transfer' | 'other' | null;
    payment_reference: string | null;
    paid_at: string | null;
    paid_by: string | null;
    commissions: string;
    adjustments: string;
    commission_lines: number;
    adjustment_lines: number;
    payout_minor: string | null;
    payout_statements: number | null;
    minimum: string;
  }>(sql`
    select s.id, s.member_id, m.name as member_name, m.email as member_email, m.payout_email,
           p.amount_minor::text as payout_minor, p.statement_count as payout_statements,
           coalesce(mp.minimum_minor, 0)::text as minimum,
           m.notify_paid, s.period_start::text as period_start, s.period_end::text as period_end,
           s.currency, s.amount_minor::text as amount_minor, s.status, s.paid_on::text as paid_on,
           s.payment_method, s.payment_reference, s.paid_at::text as paid_at,
           coalesce(u.name, (select 'API key “' || k.name || '”' from api_keys k
                              where k.id = s.paid_by_api_key_id and k.brand_id = s.brand_id))
             as paid_by,
           coalesce((select sum(c.commission_minor) from conversions c
                      where c.member_id = s.member_id and c.statement_id = s.id), 0)::text
             as commissions,
           coalesce((select sum(a.amount_minor) from statement_adjustments a
                      where a.statement_id = s.id), 0)::text as adjustments,
           (select count(*) from conversions c
             where c.member_id = s.member_id and c.statement_id = s.id)::int as commission_lines,
           (select count(*) from statement_adjustments a where a.statement_id = s.id)::int
             as adjustment_lines
      from statements s
      join members m on m.id = s.member_id
      left join users u on u.id = s.paid_by_user_id
      left join payouts p on p.id = s.payout_id
      ${minimumJoin(brandId)}
     where s.brand_id = ${brandId} and s.id = ${statementId}`);
  if (!s) return null;
  // An unpaid statement is paid with the member's whole balance in its currency (decision 036).
  const balance =
    s.status === 'paid'
      ? []
      : (
          await db.execute<{ id: string; period_start: string; amount_minor: string }>(sql`
            select id, period_start::text as period_start, amount_minor::text as amount_minor
              from statements
             where brand_id = ${brandId} and member_id = ${s.member_id}
               and currency = ${s.currency} and status <> 'paid'
             order by period_start, id`)
        ).map((r): BalanceStatement => ({
          id: r.id,
          periodStart: r.period_start,
          amountMinor: Number(r.amount_minor),
        }));
  const total = s.commission_lines + s.adjustment_lines;
  const { page, pageCount } = pageOf(requestedPage, total, STATEMENT_LINES_PAGE_SIZE);
  const rows = await db.execute<{
    kind: 'commission' | 'adjustment';
    id: string;
    conversion_id: string;
    at: string;
    offer_name: string | null;
    order_id: string | null;
    sale_minor: string | null;
    amount_minor: string;
    status: string;
    note: string | null;
  }>(sql`
    ${statementLinesSql(sql`= ${statementId}`, brandId)}
    order by at, id
    limit ${STATEMENT_LINES_PAGE_SIZE} offset ${(page - 1) * STATEMENT_LINES_PAGE_SIZE}`);
  const lines: StatementLine[] = rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    conversionId: r.conversion_id,
    at: new Date(r.at).toISOString(),
    offerName: r.offer_name,
    orderId: r.order_id,
    saleMinor: r.sale_minor == null ? null : Number(r.sale_minor),
    amountMinor: Number(r.amount_minor),
    status: r.status,
    note: r.note,
  }));
  return {
    statement: {
      id: s.id,
      memberId: s.member_id,
      memberName: s.member_name,
      memberEmail: s.member_email,
      hasPayoutEmail: s.payout_email != null,
      notifyPaid: s.notify_paid,
      periodStart: s.period_start,
      periodEnd: s.period_end,
      currency: s.currency,
      amountMinor: Number(s.amount_minor),
      commissionsMinor: Number(s.commissions),
      adjustmentsMinor: Number(s.adjustments),
      status: s.status,
      paidOn: s.paid_on,
      paymentMethod: s.payment_method,
      paymentReference: s.payment_reference,
      paidBy: s.paid_by,
      /** The brand's minimum payout in this currency (0 = none). */
      minimumMinor: Number(s.minimum),
      /** Paid: the payment that settled it (with the member's other statements then unpaid). */
      payout:
        s.payout_minor == null
          ? null
          : { amountMinor: Number(s.payout_minor), statements: s.payout_statements ?? 1 },
    },
    /**
     * Unpaid: the member's unpaid statements in this currency (this one among them), whose net
     * is what they are owed and what Mark paid pays; empty when paid.
     */
    balance,
    lines,
    totalLines: total,
    page,
    pageCount,
  };
}

/**
 * A statement's lines as one relation (commissions, then clawbacks and other adjustments), for
 * the statement page and the lines CSV: `statementMatch` is the condition on `statement_id`
 * (`= $id`, or `in (select …)`). Commissions are found among the statement's member's
 * conversions (conversions_member_idx; statement_id is not indexed, decision 034).
 */
export function statementLinesSql(statementMatch: SQL, brandId: string): SQL {
  return sql`
    select 'commission' as kind, c.id, c.id as conversion_id, c.statement_id,
           c.created_at as at, o.name as offer_name, c.order_id,
           c.amount_minor::text as sale_minor, c.commission_minor::text as amount_minor,
           c.status::text as status, c.reject_reason::text as reject_reason, c.status_note as note,
           c.offer_id
      from statements ls
      join conversions c on c.member_id = ls.member_id and c.statement_id = ls.id
      left join offers o on o.id = c.offer_id
     where ls.brand_id = ${brandId} and ls.id ${statementMatch} and c.brand_id = ${brandId}
    union all
    select 'adjustment', a.id, a.conversion_id, a.statement_id, a.created_at, o.name,
           c.order_id, null, a.amount_minor::text, 'adjustment', null, a.note, c.offer_id
      from statement_adjustments a
      join conversions c on c.id = a.conversion_id
      left join offers o on o.id = c.offer_id
     where a.brand_id = ${brandId} and a.statement_id ${statementMatch}`;
}

/** Whether a conversion is a commission line of the brand's statement (for actions on the page). */
export async function isStatementCommission(
  brandId: string,
  statementId: string,
  conversionId: string,
): Promise<boolean> {
  if (!isUuid(statementId) || !isUuid(conversionId)) return false;
  const [row] = await db.execute<{ ok: number }>(sql`
    select 1 as ok from conversions
     where brand_id = ${brandId} and id = ${conversionId} and statement_id = ${statementId}`);
  return Boolean(row);
}

/** The brand's member (for a filter), or null for an unknown id or another brand's. */
export async function findPayoutMember(brandId: string, memberId: string) {
  if (!isUuid(memberId)) return null;
  const [row] = await db.execute<{ id: string; name: string }>(sql`
    select id, name from members where brand_id = ${brandId} and id = ${memberId}`);
  return row ?? null;
}

/**
 * The Statements tab's filter from a request's query (the page and its two CSV downloads): 400 for
 * an unknown period or status, 404 for a member that is not the brand's.
 */
export async function statementFilterFrom(request: Request, brandId: string) {
  const filter = statementFilterSchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  invariantResponse(filter.success, 'Unknown period, status or member', 400);
  const member = filter.data.member ? await findPayoutMember(brandId, filter.data.member) : null;
  invariantResponse(!filter.data.member || member, 'Member not found');
  return { filter: filter.data, member };
}

/** A position in the statements list (`statementsAfter`). */
export const DAY_POSITION = /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/i;

/**
 * A page of the brand's statements for the API: newest month first (then by id), after a
 * position (`<period start>_<id>` of the previous page's last row; keyset on the brand and
 * period index, never an offset). `next` is the following page's position, null on the last.
 * The filter is the Statements tab's (period, status, member).
 */
export async function statementsAfter(
  brandId: string,
  filter: Partial<StatementFilter>,
  after: string | null | undefined,
  limit: number,
) {
  const s = alias(statements, 's');
  const where = [statementFilterSql(brandId, filter)];
  const position = after ? DAY_POSITION.exec(after) : null;
  if (position && isUuid(position[2])) {
    where.push(sql`s.period_start <= ${position[1]}::date`);
    where.push(
      sql`(s.period_start < ${position[1]}::date or s.id < ${position[2].toLowerCase()}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(s)
    .where(sql.join(where, sql` and `))
    .orderBy(desc(s.periodStart), desc(s.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit ? `${last.periodStart}_${last.id}` : null };
}

/** One of the brand's statements, the whole row; null for a missing id or another brand's. */
export async function statementRow(brandId: string, statementId: string) {
  if (!isUuid(statementId)) return null;
  const [row] = await db
    .select()
    .from(statements)
    .where(and(eq(statements.brandId, brandId), eq(statements.id, statementId)));
  return row ?? null;
}

/**
 * What paying a statement settles (decision 036): the member's unpaid statements in its currency,
 * each with its total now, which a caller sends back as what it saw (decision 037). Empty for a
 * paid statement.
 */
export async function statementBalance(brandId: string, statementId: string) {
  const row = await statementRow(brandId, statementId);
  if (!row || row.status === 'paid') return [];
  return db
    .select({
      id: statements.id,
      periodStart: statements.periodStart,
      amountMinor: statements.amountMinor,
    })
    .from(statements)
    .where(
      and(
        eq(statements.brandId, brandId),
        eq(statements.memberId, row.memberId),
        eq(statements.currency, row.currency),
        ne(statements.status, 'paid'),
      ),
    )
    .orderBy(statements.periodStart, statements.id);
}

/** A position in a statement's lines (`statementLinesAfter`). */
export const TIME_POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f-]{36})$/i;

/**
 * A page of one statement's lines (commissions and adjustments, oldest first as the statement
 * page shows them) after a position (`<time to the microsecond>_<id>`); null for a statement
 * that is not the brand's.
 */
export async function statementLinesAfter(
  brandId: string,
  statementId: string,
  after: string | null | undefined,
  limit: number,
) {
  if (!isUuid(statementId)) return null;
  const [found] = await db.execute<{ id: string }>(
    sql`select id from statements where brand_id = ${brandId} and id = ${statementId}`,
  );
  if (!found) return null;
  const position = after ? TIME_POSITION.exec(after) : null;
  const rows = await db.execute<{
    kind: 'commission' | 'adjustment';
    id: string;
    conversion_id: string;
    at: string;
    exact_at: string;
    offer_name: string | null;
    order_id: string | null;
    sale_minor: string | null;
    amount_minor: string;
    status: string;
    note: string | null;
    offer_id: string | null;
  }>(sql`
    select l.*, to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as exact_at
      from (${statementLinesSql(sql`= ${statementId}`, brandId)}) l
     ${
       position && isUuid(position[2])
         ? sql`where (l.at, l.id) > (${position[1]}::timestamptz, ${position[2].toLowerCase()}::uuid)`
         : sql``
     }
     order by l.at, l.id
     limit ${limit + 1}`);
  const lines: (StatementLine & { offerId: string | null })[] = rows.slice(0, limit).map((r) => ({
    kind: r.kind,
    id: r.id,
    conversionId: r.conversion_id,
    at: new Date(r.at).toISOString(),
    offerName: r.offer_name,
    orderId: r.order_id,
    saleMinor: r.sale_minor == null ? null : Number(r.sale_minor),
    amountMinor: Number(r.amount_minor),
    status: r.status,
    note: r.note,
    offerId: r.offer_id,
  }));
  const last = rows[limit - 1];
  return { lines, next: rows.length > limit ? `${last.exact_at}_${last.id}` : null };
}
