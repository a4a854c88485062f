import { z } from 'zod';
import type { statements } from '../../../db/schema';
import { PAYMENT_METHOD_VALUES, STATEMENT_STATUS_VALUES } from '../../../db/schema/enum-values';
import { currency, id, nullableTimestamp, timestamp, toIso } from './common';
import { CONVERSION_STATUSES } from './conversion';

export const statementRepresentation = z
  .object({
    object: z.literal('statement'),
    id: id('statement'),
    member_id: z.string(),
    period_start: z.string().meta({ description: 'First day (YYYY-MM-DD).', format: 'date' }),
    period_end: z.string().meta({ description: 'Last day (YYYY-MM-DD).', format: 'date' }),
    currency,
    amount: z.number().int().meta({
      description: 'Sum of its lines, in minor units of `currency` (negative after clawbacks).',
    }),
    status: z.enum(STATEMENT_STATUS_VALUES).meta({
      description:
        '`open`: payable; `carried_forward`: below the minimum payout, rolls on; `paid`: never changes again.',
    }),
    paid_on: z.string().nullable().meta({ format: 'date' }),
    payment_method: z.enum(PAYMENT_METHOD_VALUES).nullable(),
    payment_reference: z.string().nullable(),
    paid_at: nullableTimestamp('When it was marked paid.'),
    payout_id: z.string().nullable(),
    created_at: timestamp('When the statement was made.'),
    updated_at: timestamp('When it last changed.'),
  })
  .meta({ id: 'Statement' });

export type StatementRepresentation = z.infer<typeof statementRepresentation>;

export function toStatementRepresentation(
  s: typeof statements.$inferSelect,
): StatementRepresentation {
  return {
    object: 'statement',
    id: s.id,
    member_id: s.memberId,
    period_start: s.periodStart,
    period_end: s.periodEnd,
    currency: s.currency,
    amount: s.amountMinor,
    status: s.status,
    paid_on: s.paidOn,
    payment_method: s.paymentMethod,
    payment_reference: s.paymentReference,
    paid_at: toIso(s.paidAt),
    payout_id: s.payoutId,
    created_at: toIso(s.createdAt),
    updated_at: toIso(s.updatedAt),
  };
}

/** A line of a statement: a conversion's commission, or an adjustment (a clawback). */
export const statementLineRepresentation = z
  .object({
    object: z.literal('statement_line'),
    kind: z.enum(['commission', 'adjustment']),
    id: z.string().meta({ description: 'The conversion’s id, or the adjustment’s id.' }),
    conversion_id: z.string().nullable(),
    offer_id: z.string().nullable(),
    order_id: z.string().nullable(),
    conversion_status: z.enum(CONVERSION_STATUSES).nullable(),
    amount: z.number().int().meta({ description: 'In minor units of `currency`.' }),
    currency,
    note: z.string().nullable(),
    created_at: timestamp('When the conversion or adjustment was made.'),
  })
  .meta({ id: 'StatementLine' });

export type StatementLineRepresentation = z.infer<typeof statementLineRepresentation>;

export const statementWithLinesRepresentation = statementRepresentation
  .extend({ lines: z.array(statementLineRepresentation) })
  .meta({ id: 'StatementWithLines' });
