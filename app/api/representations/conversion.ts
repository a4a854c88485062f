import { z } from 'zod';
import type { conversions } from '../../../db/schema';
import { REJECT_REASON_VALUES } from '../../../db/schema/enum-values';
import { conversionSource, refusalReason } from '../../../db/schema/enums';
import { currency, id, nullableTimestamp, timestamp, toIso } from './common';

export const CONVERSION_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'reversed',
  'refused',
] as const;
export const REFUSAL_REASONS = refusalReason.enumValues;
export const CONVERSION_SOURCES = conversionSource.enumValues;

export const conversionRepresentation = z
  .object({
    object: z.literal('conversion'),
    id: id('conversion'),
    offer_id: z.string().nullable(),
    member_id: z.string().nullable(),
    link_id: z.string().nullable(),
    payout_option_id: z.string().nullable(),
    click_id: z.string().nullable().meta({ description: 'The click it was attributed to.' }),
    status: z.enum(CONVERSION_STATUSES).meta({
      description: '`refused` conversions were never accepted (see `refusal_reason`).',
    }),
    refusal_reason: z.enum(REFUSAL_REASONS).nullable(),
    reject_reason: z.enum(REJECT_REASON_VALUES).nullable(),
    status_note: z.string().nullable(),
    source: z.enum(CONVERSION_SOURCES),
    event: z.string().nullable(),
    order_id: z.string().nullable(),
    amount: z.number().int().nullable().meta({
      description: 'The sale amount in minor units of `currency`, when reported.',
    }),
    commission: z.number().int().meta({ description: 'In minor units of `currency`.' }),
    currency,
    goal_id: z.string().nullable(),
    adv_sub: z.string().nullable(),
    adv_sub2: z.string().nullable(),
    adv_sub3: z.string().nullable(),
    adv_sub4: z.string().nullable(),
    adv_sub5: z.string().nullable(),
    statement_id: z.string().nullable(),
    created_at: timestamp('When the conversion was reported.'),
    approved_at: nullableTimestamp('When it was approved.'),
    rejected_at: nullableTimestamp('When it was rejected.'),
    reversed_at: nullableTimestamp('When it was reversed.'),
  })
  .meta({ id: 'Conversion' });

export type ConversionRepresentation = z.infer<typeof conversionRepresentation>;

export function toConversionRepresentation(
  c: typeof conversions.$inferSelect,
): ConversionRepresentation {
  return {
    object: 'conversion',
    id: c.id,
    offer_id: c.offerId,
    member_id: c.memberId,
    link_id: c.linkId,
    payout_option_id: c.payoutOptionId,
    click_id: c.clickId,
    status: c.status,
    refusal_reason: c.reason,
    reject_reason: c.rejectReason,
    status_note: c.statusNote,
    source: c.source,
    event: c.event,
    order_id: c.orderId,
    amount: c.amountMinor,
    commission: c.commissionMinor,
    currency: c.currency,
    goal_id: c.goalId,
    adv_sub: c.advSub,
    adv_sub2: c.advSub2,
    adv_sub3: c.advSub3,
    adv_sub4: c.advSub4,
    adv_sub5: c.advSub5,
    statement_id: c.statementId,
    created_at: toIso(c.createdAt),
    approved_at: toIso(c.approvedAt),
    rejected_at: toIso(c.rejectedAt),
    reversed_at: toIso(c.reversedAt),
  };
}

/** One status change in a conversion's history (who, when, from, to, why). */
export const conversionHistoryEntryRepresentation = z
  .object({
    from: z.enum(CONVERSION_STATUSES).nullable().meta({ description: 'Null for creation.' }),
    to: z.enum(CONVERSION_STATUSES),
    reason: z.enum(REJECT_REASON_VALUES).nullable(),
    note: z.string().nullable(),
    actor: z
      .object({
        kind: z.enum(['user', 'api_key', 'system', 'postback']),
        id: z.string().nullable().meta({ description: 'The user’s or API key’s id.' }),
        name: z.string().nullable().meta({ description: 'The user’s or API key’s name.' }),
      })
      .meta({ id: 'Actor', description: 'Who acted: a person, an API key, or Offerlink itself.' }),
    at: timestamp('When it changed.'),
  })
  .meta({ id: 'ConversionHistoryEntry' });

export type ConversionHistoryEntryRepresentation = z.infer<
  typeof conversionHistoryEntryRepresentation
>;
