import {
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYOUT_TYPE_VALUES,
  TRACKING_METHOD_VALUES,
} from '../../db/schema/enum-values';

/**
 * The offer form's option lists: the database's enum values (db/schema/enum-values.ts) with the
 * labels and hints people read. A label is required for every value (the Record types say so), so
 * a value added to an enum cannot be forgotten here, and no value is written twice.
 */

export type OfferStatusValue = (typeof OFFER_STATUS_VALUES)[number];
export type ConversionTypeValue = (typeof CONVERSION_TYPE_VALUES)[number];
export type TrackingMethodValue = (typeof TRACKING_METHOD_VALUES)[number];
export type PayoutTypeValue = (typeof PAYOUT_TYPE_VALUES)[number];

interface Described {
  label: string;
  hint: string;
}

function withLabels<V extends string, L extends object>(
  values: readonly V[],
  labels: Record<V, L>,
): ReadonlyArray<{ value: V } & L> {
  return values.map((value) => ({ value, ...labels[value] }));
}

export const OFFER_STATUS_OPTIONS = withLabels<OfferStatusValue, Described>(OFFER_STATUS_VALUES, {
  active: { label: 'Active', hint: 'Tracking conversions.' },
  paused: { label: 'Paused', hint: 'Links still redirect, but conversions are rejected.' },
});

export const CONVERSION_TYPES = withLabels<ConversionTypeValue, Described>(CONVERSION_TYPE_VALUES, {
  sale: { label: 'Sale', hint: 'A purchase with an order amount.' },
  lead: { label: 'Lead', hint: 'A sign-up or enquiry form.' },
  email_submit: { label: 'Email submit', hint: 'A newsletter or waitlist email.' },
  download: { label: 'Download', hint: 'An app install or file download.' },
});

export const TRACKING_METHODS = withLabels<TrackingMethodValue, Described>(TRACKING_METHOD_VALUES, {
  js_postback: {
    label: 'JavaScript postback',
    hint: 'Add our script to your site; it reports conversions from the thank-you page. If unsure, choose JavaScript postback.',
  },
  server_postback: {
    label: 'Server postback (by click id)',
    hint: 'Your server stores the click id from the landing URL and calls our postback URL when an order completes.',
  },
  server_postback_member: {
    label: 'Server postback (by member)',
    hint: 'For subscriptions and renewals: your server reports conversions by member id, without a click.',
  },
  pixel: {
    label: 'Pixel',
    hint: 'An image tag on the thank-you page; works where you cannot run scripts.',
  },
});

export const PAYOUT_TYPES = withLabels<PayoutTypeValue, { label: string }>(PAYOUT_TYPE_VALUES, {
  cps_percent: { label: 'Commission per sale (%)' },
  cpa_flat: { label: 'Cost per conversion (fixed amount)' },
});
