import { z } from 'zod';
import type { promoCodes } from '../../../db/schema';
import { id, nullableTimestamp, timestamp, toIso } from './common';
import { conversionRepresentation, type ConversionRepresentation } from './conversion';

export const PROMO_CODE_STATUSES = ['active', 'deactivated'] as const;

export const promoCodeRepresentation = z
  .object({
    object: z.literal('promo_code'),
    id: id('promo code'),
    code: z.string().meta({
      description: 'Upper-cased; unique among the brand’s active codes, whatever the case.',
      example: 'MAYA15',
    }),
    member_id: z.string(),
    offer_id: z.string(),
    discount: z.string().nullable().meta({
      description:
        'The discount the offer’s codes stand for, as shown to the creator (“15 % off”).',
    }),
    status: z.enum(PROMO_CODE_STATUSES).meta({
      description:
        'A deactivated code keeps its history; its text can then be given to another member.',
    }),
    created_at: timestamp('When the code was given.'),
    deactivated_at: nullableTimestamp('When it was deactivated.'),
  })
  .meta({ id: 'PromoCode' });

export type PromoCodeRepresentation = z.infer<typeof promoCodeRepresentation>;

export function toPromoCodeRepresentation(
  code: Pick<
    typeof promoCodes.$inferSelect,
    'id' | 'code' | 'memberId' | 'offerId' | 'createdAt' | 'deactivatedAt'
  >,
  discount: string | null,
): PromoCodeRepresentation {
  return {
    object: 'promo_code',
    id: code.id,
    code: code.code,
    member_id: code.memberId,
    offer_id: code.offerId,
    discount,
    status: code.deactivatedAt === null ? 'active' : 'deactivated',
    created_at: toIso(code.createdAt),
    deactivated_at: toIso(code.deactivatedAt),
  };
}

/** A store refund that changed a conversion (the `conversion.refunded` webhook event's `refund`). */
export const conversionRefundRepresentation = z
  .object({
    ref: z.string().meta({ description: 'The store’s refund id (once per refund).' }),
    amount: z.number().int().meta({
      description: 'The part of the sale this refund took back, in minor units of `currency`.',
    }),
    full: z.boolean().meta({
      description: 'The whole sale is now refunded: the conversion was reversed.',
    }),
    commission_before: z.number().int().nullable().meta({
      description: 'The member’s commission on this sale before the refund (minor units).',
    }),
    commission_after: z.number().int().nullable().meta({
      description: 'After the refund (minor units); 0 after a full refund.',
    }),
    refunded_at: timestamp('When the refund was applied.'),
  })
  .meta({ id: 'ConversionRefund' });

export const refundedConversionRepresentation = conversionRepresentation
  .extend({ refund: conversionRefundRepresentation })
  .meta({ id: 'RefundedConversion' });

export type RefundedConversionRepresentation = z.infer<typeof refundedConversionRepresentation>;

export function toRefundedConversionRepresentation(
  conversion: ConversionRepresentation,
  refund: {
    ref: string;
    saleMinor: number;
    full: boolean;
    commissionBeforeMinor: number | null;
    commissionAfterMinor: number | null;
    createdAt: Date;
  },
): RefundedConversionRepresentation {
  return {
    ...conversion,
    refund: {
      ref: refund.ref,
      amount: refund.saleMinor,
      full: refund.full,
      commission_before: refund.commissionBeforeMinor,
      commission_after: refund.commissionAfterMinor,
      refunded_at: toIso(refund.createdAt),
    },
  };
}
