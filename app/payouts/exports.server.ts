/**
 * The Payouts exports: statements and their lines as CSV (streamed from a cursor, so 100,000
 * lines are never in memory; docs/decisions/016), and the PayPal Payouts mass-payout files
 * (paypal-payouts-file.server.ts). Scoped to the brand; read-only.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { cursor } from '../../db/cursor';
import { csvStream, spreadsheetText } from '../csv/csv-stream.server';
import { isUuid } from '../ids';
import { formatMinor } from '../money/money';
import { periodLabel, type StatementFilter } from './payouts-page-schemas';
import { statementFilterSql, statementLinesSql } from './payouts-overview.server';
import {
  PAYPAL_MAX_ROWS_PER_FILE,
  paypalCustomerId,
  paypalFileCsv,
  paypalFileName,
  planPaypalFiles,
  type PaypalPayee,
} from './paypal-payouts-file.server';
import {
  PAYMENT_METHOD_LABELS,
  REJECT_REASON_LABELS,
  STATEMENT_STATUS_LABELS,
  lineStatusLabel,
} from './schemas';

const CURSOR_BATCH = 1000;

const statusLabel = (status: string) =>
  STATEMENT_STATUS_LABELS[status as keyof typeof STATEMENT_STATUS_LABELS] ?? status;

export const STATEMENTS_CSV_HEADER = [
  'Statement ID',
  'Member',
  'Member email',
  'Payout email',
  'PayPal customer ID',
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

/** One row per statement matching the filter, by period (newest first) and member. */
export function statementsCsv(brandId: string, filter: Partial<StatementFilter>) {
  type Row = {
    id: string;
    member_id: string;
    member_name: string;
    member_email: string;
    payout_email: string | null;
    period_start: string;
    period_end: string;
    currency: string;
    commissions: string;
    adjustments: string;
    amount_minor: string;
    status: string;
    paid_on: string | null;
    payment_method: keyof typeof PAYMENT_METHOD_LABELS | null;
    payment_reference: string | null;
    lines: string;
  };
  const rows = cursor<Row>(
    sql`
      select s.id, s.member_id, m.name as member_name, m.email as member_email, m.payout_email,
             s.period_start::text as period_start, s.period_end::text as period_end, s.currency,
             coalesce(c.total, 0)::text as commissions, coalesce(a.total, 0)::text as adjustments,
             s.amount_minor::text as amount_minor, s.status::text as status,
             s.paid_on::text as paid_on, s.payment_method::text as payment_method,
             s.payment_reference,
             (coalesce(c.n, 0) + coalesce(a.n, 0))::text as lines
        from statements s
        join members m on m.id = s.member_id
        left join lateral (select sum(commission_minor) as total, count(*) as n
                             from conversions
                            where member_id = s.member_id and statement_id = s.id) c on true
        left join lateral (select sum(amount_minor) as total, count(*) as n
                             from statement_adjustments where statement_id = s.id) a on true
       where ${statementFilterSql(brandId, filter)}
       order by s.period_start desc, m.name, s.currency, s.id`,
    CURSOR_BATCH,
  );
  return csvStream(STATEMENTS_CSV_HEADER, rows, (r) => [
    r.id,
    spreadsheetText(r.member_name),
    spreadsheetText(r.member_email),
    spreadsheetText(r.payout_email),
    paypalCustomerId(r.member_id),
    r.period_start.slice(0, 7),
    r.period_start,
    r.period_end,
    r.currency,
    formatMinor(BigInt(r.commissions), r.currency),
    formatMinor(BigInt(r.adjustments), r.currency),
    formatMinor(BigInt(r.amount_minor), r.currency),
    statusLabel(r.status),
    r.paid_on,
    r.payment_method ? PAYMENT_METHOD_LABELS[r.payment_method] : null,
    spreadsheetText(r.payment_reference),
    r.lines,
  ]);
}

export const LINES_CSV_HEADER = [
  'Statement ID',
  'Member',
  'Member email',
  'Period',
  'Currency',
  'Line',
  'Date (UTC)',
  'Offer',
  'Order ID',
  'Sale amount',
  'Commission',
  'Status',
  'Reject reason',
  'Note',
  'Conversion ID',
] as const;

/**
 * Every line (commission or adjustment) of the statements matching the filter, statement by
 * statement in the order of statementsCsv, lines by date.
 */
export function statementLinesCsv(brandId: string, filter: Partial<StatementFilter>) {
  type Row = {
    statement_id: string;
    member_name: string;
    member_email: string;
    period_start: string;
    currency: string;
    kind: 'commission' | 'adjustment';
    at: Date | string;
    offer_name: string | null;
    order_id: string | null;
    sale_minor: string | null;
    amount_minor: string;
    status: string;
    reject_reason: keyof typeof REJECT_REASON_LABELS | null;
    note: string | null;
    conversion_id: string;
  };
  const rows = cursor<Row>(
    sql`
      select l.statement_id, m.name as member_name, m.email as member_email,
             s.period_start::text as period_start, s.currency, l.kind, l.at, l.offer_name,
             l.order_id, l.sale_minor, l.amount_minor, l.status, l.reject_reason, l.note,
             l.conversion_id
        from (${statementLinesSql(
          sql`in (select s.id from statements s where ${statementFilterSql(brandId, filter)})`,
          brandId,
        )}) l
        join statements s on s.id = l.statement_id
        join members m on m.id = s.member_id
       order by s.period_start desc, m.name, s.currency, s.id, l.at, l.id`,
    CURSOR_BATCH,
  );
  return csvStream(LINES_CSV_HEADER, rows, (r) => [
    r.statement_id,
    spreadsheetText(r.member_name),
    spreadsheetText(r.member_email),
    r.period_start.slice(0, 7),
    r.currency,
    r.kind === 'commission' ? 'Commission' : 'Adjustment',
    new Date(r.at).toISOString(),
    spreadsheetText(r.offer_name),
    spreadsheetText(r.order_id),
    r.sale_minor == null ? null : formatMinor(BigInt(r.sale_minor), r.currency),
    formatMinor(BigInt(r.amount_minor), r.currency),
    lineStatusLabel(r.status),
    r.reject_reason ? REJECT_REASON_LABELS[r.reject_reason] : null,
    spreadsheetText(r.note),
    r.conversion_id,
  ]);
}

/**
 * Who the brand can pay now, per member and currency: their balance, the net of all their unpaid
 * statements (negative ones included) when it is due — exactly what Mark paid pays and settles,
 * so paying the file and marking those members paid agree to the cent (decision 036) — by member
 * id. `after` starts after a member id (the files' keyset: a later part never repeats a payee of
 * an earlier one, even when statements were paid in between).
 */
export async function paypalPayees(
  brandId: string,
  options: { currency?: string; after?: string; limit?: number } = {},
): Promise<(PaypalPayee & { statementIds: string[] })[]> {
  const rows = await db.execute<{
    member_id: string;
    name: string;
    payout_email: string | null;
    currency: string;
    amount: string;
    periods: string[];
    statement_ids: string[];
  }>(sql`
    select m.id as member_id, m.name, m.payout_email, s.currency,
           sum(s.amount_minor)::text as amount,
           array_agg(s.period_start::text order by s.period_start) as periods,
           array_agg(s.id order by s.period_start) as statement_ids
      from statements s
      join members m on m.id = s.member_id
     where s.brand_id = ${brandId} and s.status = 'open'
       ${options.currency ? sql`and s.currency = ${options.currency}` : sql``}
       ${options.after ? sql`and m.id > ${options.after}::uuid` : sql``}
     group by m.id, s.currency
     order by s.currency, m.id
     ${options.limit ? sql`limit ${options.limit}` : sql``}`);
  return rows.map((r) => ({
    memberId: r.member_id,
    memberName: r.name,
    payoutEmail: r.payout_email,
    currency: r.currency,
    amountMinor: BigInt(r.amount),
    periods: r.periods.map(periodLabel),
    statementIds: r.statement_ids,
  }));
}

/**
 * What a PayPal file pays, as one short string: its payees and amounts. The files page gives it
 * to each download link, and the download refuses a file whose payouts changed since (decision
 * 037).
 */
export function paypalFileDigest(payees: readonly PaypalPayee[]): string {
  const hash = createHash('sha256');
  for (const p of payees) hash.update(`${p.memberId}:${p.currency}:${p.amountMinor}\n`);
  return hash.digest('base64url').slice(0, 22);
}

/**
 * The brand's PayPal files (each with the member id its part starts after, and the digest of what
 * it pays for the download to check) and who is left out.
 */
export async function paypalExportPlan(brandId: string) {
  const payees = await paypalPayees(brandId);
  const plan = planPaypalFiles(payees);
  const files = plan.files.map((file, i) => {
    const previous = plan.files[i - 1];
    return {
      currency: file.currency,
      part: file.part,
      parts: file.parts,
      payees: file.payees.length,
      totalMinor: Number(file.totalMinor),
      digest: paypalFileDigest(file.payees),
      after:
        previous && previous.currency === file.currency
          ? previous.payees[previous.payees.length - 1].memberId
          : '',
    };
  });
  return {
    files,
    needsPayoutDetails: plan.needsPayoutDetails.map((p) => ({
      memberId: p.memberId,
      name: p.memberName,
      currency: p.currency,
      amountMinor: Number(p.amountMinor),
    })),
  };
}

/**
 * One PayPal file: the first 5,000 payees with a payout email in `currency` after member
 * `after`. Null for an `after` that is not an id.
 */
export async function paypalFilePayees(brandId: string, currency: string, after: string) {
  if (after && !isUuid(after)) return null;
  const payees: PaypalPayee[] = [];
  let cursorId = after;
  // Payees without a payout email are not in the file: keep reading past them.
  for (;;) {
    const batch = await paypalPayees(brandId, {
      currency,
      after: cursorId || undefined,
      limit: PAYPAL_MAX_ROWS_PER_FILE,
    });
    for (const p of batch) {
      if (p.payoutEmail && payees.length < PAYPAL_MAX_ROWS_PER_FILE) payees.push(p);
    }
    if (batch.length < PAYPAL_MAX_ROWS_PER_FILE || payees.length >= PAYPAL_MAX_ROWS_PER_FILE) {
      return payees;
    }
    cursorId = batch[batch.length - 1].memberId;
  }
}

export type PaypalFileDownload =
  | { kind: 'file'; filename: string; body: string }
  /** What the file pays changed since the page listed it: nothing is downloaded. */
  | { kind: 'changed'; currency: string; part: number; wasMinor: number | null; nowMinor: number };

/**
 * The download of one PayPal file (route `payouts.paypal.$currency`), checked against what the
 * files page showed: `total` (minor units) and `digest` (paypalFileDigest). A file whose payees or
 * amounts changed since — a reversal, a rollup, a payment — is not downloaded (`changed`, with
 * the total shown and the total now): the brand would upload a file that pays other amounts than
 * the page said, and mark paid what it did not send (decision 037). Null for a currency the
 * brand has nothing to pay in (and a total shown of nothing), a bad `after` or part.
 */
export async function paypalFileDownload(
  brand: { id: string; name: string },
  currency: string,
  options: { after: string; part: string; parts: string; total: string; digest: string },
): Promise<PaypalFileDownload | null> {
  const count = /^[1-9]\d{0,3}$/;
  if (!/^[A-Z]{3}$/.test(currency) || !count.test(options.part) || !count.test(options.parts)) {
    return null;
  }
  const part = Number(options.part);
  const parts = Number(options.parts);
  if (part > parts) return null;
  const payees = await paypalFilePayees(brand.id, currency, options.after);
  if (!payees) return null;
  const wasMinor = /^\d{1,15}$/.test(options.total) ? Number(options.total) : null;
  const nowMinor = Number(payees.reduce((sum, p) => sum + p.amountMinor, 0n));
  if (payees.length === 0 && wasMinor === null) return null;
  if (payees.length === 0 || wasMinor !== nowMinor || options.digest !== paypalFileDigest(payees)) {
    return { kind: 'changed', currency, part, wasMinor, nowMinor };
  }
  const file = { currency, part, parts, payees, totalMinor: BigInt(nowMinor) };
  const day = new Date().toISOString().slice(0, 10);
  return {
    kind: 'file',
    filename: paypalFileName(file, day),
    body: paypalFileCsv(file, brand.name),
  };
}
