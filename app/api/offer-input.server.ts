/**
 * The API's offer writes, translated onto the offer form's schema and `saveOffer`
 * (app/offers/): the API's JSON becomes the values the portal's form posts, so every rule (name,
 * URL, payout ranges, end date, domains, UTM templates) is checked by the same code, and the
 * form's field names come back as the API's (`payouts.0.value` → `payout_options.0.amount`).
 */
import { z } from 'zod';
import {
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYOUT_TYPE_VALUES,
  TRACKING_METHOD_VALUES,
} from '../../db/schema/enum-values';
import { formatMinor } from '../money/money';
import { getOffer, saveOffer, type OfferWithPayouts } from '../offers/offers.server';
import { offerFormSchema } from '../offers/schemas';
import { invalid, notFound, type FieldProblem } from './problem.server';

const payoutOptionInput = z.object({
  id: z.string().optional().meta({ description: 'An existing option’s id, to keep it.' }),
  title: z.string(),
  type: z.enum(PAYOUT_TYPE_VALUES),
  percent: z
    .union([z.string(), z.number()])
    .optional()
    .meta({ description: 'For `cps_percent`: 0 < percent ≤ 100, up to 4 decimals.' }),
  amount: z
    .number()
    .int()
    .optional()
    .meta({ description: 'For `cpa_flat`: minor units of the offer’s currency, > 0.' }),
  is_default: z.boolean().optional().meta({ description: 'Exactly one option is the default.' }),
});

const utmInput = z.object({
  utm_source: z.string().nullable().optional(),
  utm_medium: z.string().nullable().optional(),
  utm_campaign: z.string().nullable().optional(),
  utm_content: z.string().nullable().optional(),
  utm_term: z.string().nullable().optional(),
});

const offerFields = {
  name: z.string().meta({ description: '1–120 characters, unique in the brand.' }),
  description: z.string().nullable().optional(),
  status: z.enum(OFFER_STATUS_VALUES).optional(),
  offer_url: z.string().meta({ description: 'Absolute http(s) URL: the default destination.' }),
  conversion_type: z.enum(CONVERSION_TYPE_VALUES).optional(),
  tracking_method: z.enum(TRACKING_METHOD_VALUES).optional(),
  currency: z.string().optional().meta({ description: 'ISO 4217; USD by default.' }),
  ends_at: z.string().nullable().optional().meta({
    description: 'ISO 8601 date-time when tracking stops (to the minute); null for never.',
    format: 'date-time',
  }),
  attribution_window_days: z.number().int().optional(),
  holding_period_days: z.number().int().optional(),
  utm: utmInput.optional(),
  allow_creator_deep_links: z.boolean().optional(),
  additional_domains: z.array(z.string()).optional(),
  click_id_param: z.string().optional(),
  payout_options: z.array(payoutOptionInput),
};

export const offerCreateBody = z.object(offerFields).meta({ id: 'OfferCreate' });
export const offerUpdateBody = z
  .object({
    ...offerFields,
    name: offerFields.name.optional(),
    offer_url: offerFields.offer_url.optional(),
    payout_options: offerFields.payout_options.optional().meta({
      description:
        'The whole list (options left out are removed, unless links use them); omitted: unchanged.',
    }),
  })
  .meta({ id: 'OfferUpdate' });

type OfferBody = z.output<typeof offerUpdateBody>;

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
const UTM_FORM: Record<(typeof UTM_KEYS)[number], string> = {
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
  utm_content: 'utmContent',
  utm_term: 'utmTerm',
};

/** An instant as the form's end-date field in UTC ("2026-12-31T23:59"), or '' for none. */
function endsAtValue(value: string | null | undefined, fallback: Date | null): string | null {
  if (value === undefined) return fallback ? fallback.toISOString().slice(0, 16) : '';
  if (value === null || value.trim() === '') return '';
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed.getTime())) return null;
  return parsed.toISOString().slice(0, 16);
}

/** The API's body (over the current offer for an update) as the offer form's values. */
function formValues(body: OfferBody, current: OfferWithPayouts | null) {
  const currency = body.currency ?? current?.currency ?? 'USD';
  const payouts =
    body.payout_options ??
    current?.payouts.map((p) => ({
      id: p.id,
      title: p.title,
      type: p.type,
      percent: p.percent ?? undefined,
      amount: p.amountMinor ?? undefined,
      is_default: p.isDefault,
    })) ??
    [];
  const endsAt = endsAtValue(body.ends_at, current?.endsAt ?? null);
  const utm = Object.fromEntries(
    UTM_KEYS.map((key) => [
      UTM_FORM[key],
      (body.utm && key in body.utm ? body.utm[key] : current?.[UTM_FORM[key] as 'utmSource']) ?? '',
    ]),
  );
  const picture = current?.imageId ? 'image' : (current?.icon ?? 'none');
  return {
    endsAtProblem: endsAt === null,
    values: {
      name: body.name ?? current?.name,
      description:
        body.description === undefined ? (current?.description ?? '') : (body.description ?? ''),
      picture,
      status: body.status ?? current?.status ?? 'active',
      offerUrl: body.offer_url ?? current?.offerUrl,
      conversionType: body.conversion_type ?? current?.conversionType ?? 'sale',
      trackingMethod: body.tracking_method ?? current?.trackingMethod ?? 'js_postback',
      currency,
      endsAt: endsAt ?? '',
      tzOffset: '0',
      attributionWindowDays: String(
        body.attribution_window_days ?? current?.attributionWindowDays ?? '',
      ),
      holdingPeriodDays: String(body.holding_period_days ?? current?.holdingPeriodDays ?? ''),
      ...utm,
      allowCreatorDeepLinks:
        body.allow_creator_deep_links ?? current?.allowCreatorDeepLinks ?? false,
      additionalDomains: body.additional_domains ?? current?.additionalDomains ?? [],
      clickIdParam: body.click_id_param ?? current?.clickIdParam ?? '',
      payouts: payouts.map((p) => ({
        id: p.id ?? '',
        title: p.title,
        type: p.type,
        value:
          p.type === 'cps_percent'
            ? p.percent === undefined
              ? ''
              : String(p.percent)
            : p.amount === undefined
              ? ''
              : formatMinor(p.amount, currency),
      })),
      defaultPayout: String(
        payouts.length === 1 && payouts[0].is_default === undefined
          ? 0
          : payouts.findIndex((p) => p.is_default),
      ),
    },
    payoutTypes: payouts.map((p) => p.type),
  };
}

/** A form field's name as the API's field. */
function apiField(path: string, payoutTypes: string[]): string {
  const payout = /^payouts\.(\d+)\.(\w+)$/.exec(path);
  if (payout) {
    const field =
      payout[2] === 'value'
        ? payoutTypes[Number(payout[1])] === 'cpa_flat'
          ? 'amount'
          : 'percent'
        : payout[2];
    return `payout_options.${payout[1]}.${field}`;
  }
  if (path === 'payouts' || path === 'defaultPayout') return 'payout_options';
  const utm = Object.entries(UTM_FORM).find(([, form]) => form === path);
  if (utm) return `utm.${utm[0]}`;
  if (path === 'picture' || path === 'image') return 'icon';
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Creates (offerId null) or updates one of the brand's offers from the API's body, by the offer
 * form's schema and `saveOffer`. Throws a 400 problem naming each field, or 404.
 */
export async function saveOfferFromApi(brandId: string, offerId: string | null, body: OfferBody) {
  const current = offerId ? await getOffer(brandId, offerId) : null;
  if (offerId && !current) throw notFound('offer');
  const { values, payoutTypes, endsAtProblem } = formValues(body, current);
  const errors: FieldProblem[] = [];
  if (endsAtProblem) {
    errors.push({
      field: 'ends_at',
      message: 'Give an ISO 8601 date-time, like 2026-12-31T23:59:00Z.',
    });
  }
  const parsed = offerFormSchema({ currentEndsAt: current?.endsAt ?? null }).safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({
        field: apiField(issue.path.map(String).join('.'), payoutTypes),
        message: issue.message,
      });
    }
  }
  if (errors.length || !parsed.success) throw invalid(errors);
  const saved = await saveOffer(brandId, offerId, parsed.data, null);
  if (!saved) throw notFound('offer');
  if (!saved.ok) {
    throw invalid(
      Object.entries(saved.fieldErrors).flatMap(([field, messages]) =>
        (messages ?? []).map((message) => ({ field: apiField(field, payoutTypes), message })),
      ),
    );
  }
  const offer = await getOffer(brandId, saved.offerId);
  if (!offer) throw notFound('offer');
  return offer;
}
