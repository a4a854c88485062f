/**
 * Statements over the API (app/payouts): the list, one with its lines and the balance a payment
 * settles, and Mark paid with the totals the caller saw (decisions 036, 037). Shared by the
 * statements route files.
 */
import { z } from 'zod';
import { markPaidAndNotify } from '../payouts/mark-paid.server';
import {
  TIME_POSITION,
  statementBalance,
  statementLinesAfter,
  statementRow,
} from '../payouts/payouts-overview.server';
import { PAYMENT_METHODS } from '../payouts/schemas';
import { decodeOpaque, encodeOpaque } from './opaque-cursor.server';
import { API_PAGE_MAX } from './paging.server';
import { withPayoutProblems } from './payout-problem.server';
import { invalid, notFound } from './problem.server';
import {
  CONVERSION_STATUSES,
  statementLineRepresentation,
  statementRepresentation,
  toStatementRepresentation,
  type StatementLineRepresentation,
} from './representations';

export const statementParams = z.object({ statementId: z.uuid() });

const shownStatement = z
  .object({
    statement_id: z.uuid('A statement id.'),
    amount: z.number().int('Minor units: a whole number.').meta({
      description: 'The statement’s total as you read it, in minor units.',
    }),
  })
  .meta({ id: 'ShownStatement' });

export const balanceRepresentation = z.array(shownStatement).meta({
  id: 'StatementBalance',
  description:
    'The member’s unpaid statements in this currency with their totals now: a payment settles all of them (their net). Send them back as `balance` to mark paid. Empty when paid.',
});

export const statementDetailRepresentation = statementRepresentation
  .extend({
    balance: balanceRepresentation,
    lines: z.array(statementLineRepresentation).meta({
      description: `The first ${API_PAGE_MAX} lines, oldest first; the rest from /statements/{statementId}/lines.`,
    }),
    lines_has_more: z.boolean(),
    lines_next_starting_after: z.string().nullable(),
  })
  .meta({ id: 'StatementDetail' });

export const markPaidBody = z
  .object({
    balance: z
      .array(shownStatement)
      .min(1, 'The statements you were shown, with their totals.')
      .max(5000),
    paid_on: z.string().meta({ description: 'The day you paid (YYYY-MM-DD).', format: 'date' }),
    payment_method: z.enum(PAYMENT_METHODS),
    payment_reference: z.string().max(200).optional(),
  })
  .meta({ id: 'StatementMarkPaid' });

const LINE_STATUSES = new Set<string>(CONVERSION_STATUSES);

function toLine(
  l: NonNullable<Awaited<ReturnType<typeof statementLinesAfter>>>['lines'][number],
  currency: string,
): StatementLineRepresentation {
  return {
    object: 'statement_line',
    kind: l.kind,
    id: l.id,
    conversion_id: l.conversionId,
    offer_id: l.offerId,
    order_id: l.orderId,
    conversion_status: LINE_STATUSES.has(l.status)
      ? (l.status as StatementLineRepresentation['conversion_status'])
      : null,
    amount: l.amountMinor,
    currency,
    note: l.note,
    created_at: l.at,
  };
}

/** A page of a statement's lines (oldest first), or a 404 problem. */
export async function statementLinesPage(
  brandId: string,
  statementId: string,
  startingAfter: string | undefined,
  limit: number,
) {
  const row = await statementRow(brandId, statementId);
  if (!row) throw notFound('statement');
  const page = await statementLinesAfter(
    brandId,
    statementId,
    decodeOpaque(startingAfter, TIME_POSITION),
    limit,
  );
  if (!page) throw notFound('statement');
  return {
    object: 'list' as const,
    data: page.lines.map((l) => toLine(l, row.currency)),
    has_more: page.next !== null,
    next_starting_after: encodeOpaque(page.next),
  };
}

/** One statement with its balance and first page of lines, or a 404 problem. */
export async function statementDetail(brandId: string, statementId: string) {
  const row = await statementRow(brandId, statementId);
  if (!row) throw notFound('statement');
  const [balance, lines] = await Promise.all([
    statementBalance(brandId, statementId),
    statementLinesPage(brandId, statementId, undefined, API_PAGE_MAX),
  ]);
  return {
    ...toStatementRepresentation(row),
    balance: balance.map((b) => ({ statement_id: b.id, amount: b.amountMinor })),
    lines: lines.data,
    lines_has_more: lines.has_more,
    lines_next_starting_after: lines.next_starting_after,
  };
}

/**
 * Marks the statement's balance paid as the API key, with what the caller saw: `balance` must
 * be the member's unpaid statements in its currency with their totals now (the module refuses a
 * changed total with a 409, nothing paid). The statement itself must be among them.
 */
export async function markStatementPaid(
  caller: { brandId: string; apiKeyId: string },
  statementId: string,
  body: z.output<typeof markPaidBody>,
) {
  if (!body.balance.some((s) => s.statement_id.toLowerCase() === statementId.toLowerCase())) {
    throw invalid([
      { field: 'balance', message: 'Include this statement, with the total you were shown.' },
    ]);
  }
  const result = await withPayoutProblems(
    () =>
      markPaidAndNotify(
        caller.brandId,
        { kind: 'api_key', apiKeyId: caller.apiKeyId },
        body.balance.map((s) => ({ id: s.statement_id, amountMinor: s.amount })),
        { paidOn: body.paid_on, method: body.payment_method, reference: body.payment_reference },
      ),
    { paidOn: 'paid_on', method: 'payment_method', reference: 'payment_reference' },
  );
  void result;
  return statementDetail(caller.brandId, statementId);
}
