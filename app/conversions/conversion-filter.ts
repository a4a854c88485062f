import { z } from 'zod';
import { LINE_STATUS_LABELS, REJECT_REASONS } from '../payouts/schemas';

export const CONVERSION_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'reversed',
  'refused',
] as const;
export const CONVERSION_SOURCES = [
  'postback',
  'tune',
  'member_postback',
  'js',
  'pixel',
  'manual',
  'code',
  'shopify',
  'woocommerce',
  'stripe',
] as const;

export const STATUS_LABELS: Record<(typeof CONVERSION_STATUSES)[number], string> =
  LINE_STATUS_LABELS;
export const SOURCE_LABELS: Record<(typeof CONVERSION_SOURCES)[number], string> = {
  postback: 'Server postback',
  tune: 'TUNE postback',
  member_postback: 'Member postback',
  js: 'JavaScript snippet',
  pixel: 'Pixel',
  manual: 'Manual',
  code: 'Promo code',
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  stripe: 'Stripe',
};

const empty = (v: unknown) => (v === '' || v === null ? undefined : v);
const uuid = z.preprocess(empty, z.uuid({ error: 'Choose one from the list.' }).optional());
const day = z.preprocess(
  empty,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Enter a real date.')
    .optional(),
);

/**
 * The conversions list's filter, from the query string (shared by the list, its bulk actions and
 * the CSV export). Dates are whole UTC days, both ends included.
 */
export const conversionFilterSchema = z.object({
  status: z.preprocess(empty, z.enum(CONVERSION_STATUSES).optional()),
  rejectReason: z.preprocess(empty, z.enum(REJECT_REASONS).optional()),
  offerId: uuid,
  memberId: uuid,
  source: z.preprocess(empty, z.enum(CONVERSION_SOURCES).optional()),
  from: day,
  to: day,
  orderId: z.preprocess(empty, z.string().trim().max(200).optional()),
});
export type ConversionFilter = z.output<typeof conversionFilterSchema>;
export const FILTER_KEYS = Object.keys(conversionFilterSchema.shape) as (keyof ConversionFilter)[];

/** The filter of a URL's query string; unknown or malformed values are dropped (never an error page). */
export function filterFromSearch(search: URLSearchParams): ConversionFilter {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const one = conversionFilterSchema.shape[key].safeParse(search.get(key) ?? undefined);
    if (one.success && one.data !== undefined) out[key] = one.data;
  }
  return out as ConversionFilter;
}

export function filterToSearch(filter: ConversionFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}
