import { formatMinor, formatPercent } from '../money/money';
import type {
  ConversionTypeValue,
  OfferStatusValue,
  PayoutTypeValue,
  TrackingMethodValue,
} from './options';
import { DEFAULT_CLICK_ID_PARAM } from './schemas';

export interface PayoutRowValues {
  id: string;
  title: string;
  type: PayoutTypeValue;
  value: string;
  isDefault: boolean;
  /** How many links use it: such an option cannot be removed. */
  links: number;
}

/** What the offer form starts with: a new offer's defaults or an existing offer's values. */
export interface OfferFormDefaults {
  name: string;
  description: string;
  picture: string;
  imageId: string | null;
  status: OfferStatusValue;
  offerUrl: string;
  conversionType: ConversionTypeValue;
  trackingMethod: TrackingMethodValue;
  currency: string;
  endsAtIso: string | null;
  attributionWindowDays: number;
  holdingPeriodDays: number;
  /** Empty: no renewals. */
  recurringMonths: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmContent: string;
  utmTerm: string;
  allowCreatorDeepLinks: boolean;
  additionalDomains: string[];
  clickIdParam: string;
  payouts: PayoutRowValues[];
}

export const NEW_OFFER_DEFAULTS: OfferFormDefaults = {
  name: '',
  description: '',
  picture: 'none',
  imageId: null,
  status: 'active',
  offerUrl: '',
  conversionType: 'sale',
  trackingMethod: 'js_postback',
  currency: 'USD',
  endsAtIso: null,
  attributionWindowDays: 30,
  holdingPeriodDays: 0,
  recurringMonths: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmContent: '',
  utmTerm: '',
  allowCreatorDeepLinks: false,
  additionalDomains: [],
  clickIdParam: DEFAULT_CLICK_ID_PARAM,
  payouts: [
    { id: '', title: 'Standard', type: 'cps_percent', value: '10', isDefault: true, links: 0 },
  ],
};

export function offerFormDefaults(offer: {
  name: string;
  description: string | null;
  imageId: string | null;
  icon: string | null;
  status: OfferStatusValue;
  offerUrl: string;
  conversionType: ConversionTypeValue;
  trackingMethod: TrackingMethodValue;
  currency: string;
  endsAt: Date | null;
  attributionWindowDays: number;
  holdingPeriodDays: number;
  recurringMonths?: number | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  allowCreatorDeepLinks: boolean;
  additionalDomains: string[];
  clickIdParam: string;
  payouts: {
    id: string;
    title: string;
    type: PayoutTypeValue;
    percent: string | null;
    amountMinor: number | null;
    isDefault: boolean;
    links: number;
  }[];
}): OfferFormDefaults {
  return {
    name: offer.name,
    description: offer.description ?? '',
    picture: offer.imageId ? 'image' : (offer.icon ?? 'none'),
    imageId: offer.imageId,
    status: offer.status,
    offerUrl: offer.offerUrl,
    conversionType: offer.conversionType,
    trackingMethod: offer.trackingMethod,
    currency: offer.currency,
    endsAtIso: offer.endsAt ? offer.endsAt.toISOString() : null,
    attributionWindowDays: offer.attributionWindowDays,
    holdingPeriodDays: offer.holdingPeriodDays,
    recurringMonths: offer.recurringMonths == null ? '' : String(offer.recurringMonths),
    utmSource: offer.utmSource ?? '',
    utmMedium: offer.utmMedium ?? '',
    utmCampaign: offer.utmCampaign ?? '',
    utmContent: offer.utmContent ?? '',
    utmTerm: offer.utmTerm ?? '',
    allowCreatorDeepLinks: offer.allowCreatorDeepLinks,
    additionalDomains: offer.additionalDomains,
    clickIdParam: offer.clickIdParam,
    payouts: offer.payouts.map((p) => ({
      id: p.id,
      title: p.title,
      type: p.type,
      value:
        p.type === 'cps_percent'
          ? formatPercent(p.percent ?? '')
          : formatMinor(p.amountMinor ?? 0, offer.currency),
      isDefault: p.isDefault,
      links: Number(p.links),
    })),
  };
}
