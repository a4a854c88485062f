import { z } from 'zod';
import type { offers } from '../../../db/schema';
import {
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYOUT_TYPE_VALUES,
  TRACKING_METHOD_VALUES,
} from '../../../db/schema/enum-values';
import { currency, id, nullableTimestamp, timestamp, toIso } from './common';

export const payoutOptionRepresentation = z
  .object({
    id: id('payout option'),
    title: z.string(),
    type: z.enum(PAYOUT_TYPE_VALUES).meta({
      description: '`cps_percent`: a percentage of the sale amount; `cpa_flat`: a fixed amount.',
    }),
    percent: z.string().nullable().meta({
      description: 'For `cps_percent`: the percentage as an exact decimal string ("12.5").',
      example: '12.5',
    }),
    amount: z.number().int().nullable().meta({
      description: 'For `cpa_flat`: the amount in minor units of the offer’s currency.',
    }),
    is_default: z.boolean(),
  })
  .meta({ id: 'PayoutOption' });

export const offerRepresentation = z
  .object({
    object: z.literal('offer'),
    id: id('offer'),
    number: z.number().int().meta({
      description: 'The offer’s short number in the brand (TUNE’s integer `offer_id`).',
    }),
    name: z.string(),
    description: z.string().nullable().meta({ description: 'Internal: never shown to members.' }),
    status: z.enum(OFFER_STATUS_VALUES),
    expired: z.boolean().meta({ description: 'Its end date has passed: tracking has stopped.' }),
    archived: z.boolean(),
    offer_url: z.string(),
    conversion_type: z.enum(CONVERSION_TYPE_VALUES),
    tracking_method: z.enum(TRACKING_METHOD_VALUES),
    currency,
    ends_at: nullableTimestamp('When tracking stops; null for never.'),
    attribution_window_days: z.number().int(),
    holding_period_days: z.number().int(),
    utm: z.object({
      utm_source: z.string().nullable(),
      utm_medium: z.string().nullable(),
      utm_campaign: z.string().nullable(),
      utm_content: z.string().nullable(),
      utm_term: z.string().nullable(),
    }),
    allow_creator_deep_links: z.boolean(),
    additional_domains: z.array(z.string()),
    click_id_param: z.string(),
    previous_tune_offer_id: z.number().int().nullable(),
    payout_options: z.array(payoutOptionRepresentation),
    created_at: timestamp('When the offer was created.'),
    updated_at: timestamp('When the offer was last changed.'),
  })
  .meta({ id: 'Offer' });

export type OfferRepresentation = z.infer<typeof offerRepresentation>;

type OfferRow = typeof offers.$inferSelect;
interface PayoutOptionRow {
  id: string;
  title: string;
  type: (typeof PAYOUT_TYPE_VALUES)[number];
  percent: string | null;
  amountMinor: number | null;
  isDefault: boolean;
}

/** Trailing zeros off an exact decimal: '12.5000' → '12.5'. */
function trimDecimal(value: string | null): string | null {
  if (value === null) return null;
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export function toOfferRepresentation(
  offer: OfferRow,
  payoutOptions: readonly PayoutOptionRow[],
): OfferRepresentation {
  return {
    object: 'offer',
    id: offer.id,
    number: offer.offerNumber,
    name: offer.name,
    description: offer.description,
    status: offer.status,
    expired:
      offer.expiredAt !== null || (offer.endsAt !== null && offer.endsAt.getTime() <= Date.now()),
    archived: offer.archivedAt !== null,
    offer_url: offer.offerUrl,
    conversion_type: offer.conversionType,
    tracking_method: offer.trackingMethod,
    currency: offer.currency,
    ends_at: toIso(offer.endsAt),
    attribution_window_days: offer.attributionWindowDays,
    holding_period_days: offer.holdingPeriodDays,
    utm: {
      utm_source: offer.utmSource,
      utm_medium: offer.utmMedium,
      utm_campaign: offer.utmCampaign,
      utm_content: offer.utmContent,
      utm_term: offer.utmTerm,
    },
    allow_creator_deep_links: offer.allowCreatorDeepLinks,
    additional_domains: offer.additionalDomains,
    click_id_param: offer.clickIdParam,
    previous_tune_offer_id: offer.previousTuneOfferId,
    payout_options: payoutOptions.map((p) => ({
      id: p.id,
      title: p.title,
      type: p.type,
      percent: trimDecimal(p.percent),
      amount: p.amountMinor,
      is_default: p.isDefault,
    })),
    created_at: toIso(offer.createdAt),
    updated_at: toIso(offer.updatedAt),
  };
}
