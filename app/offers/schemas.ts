import { z } from 'zod';
import { normalizeDomain, utmTemplateError, UTM_PARAMS } from '../links/destination';
import { CPA_AMOUNT_RANGE, CURRENCY_CODES, parseAmount, parsePercent } from '../money/money';
import { parseWholeNumber, type WholeNumberRange } from '../forms/number-range';
import {
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYOUT_TYPE_VALUES,
  TRACKING_METHOD_VALUES,
} from '../../db/schema/enum-values';
import { endDateIssue, resolveEndDate } from './end-date';
import { OFFER_ICON_NAMES } from './offer-icon';
import { HOLDING_PERIOD_DAYS, HOLDING_PERIOD_PRESETS } from '../payouts/schemas';

/** CPA values are typed by people: thousands separators allowed; more than 0, at most 1,000,000. */
const TYPED_AMOUNT = { allowGrouping: true, ...CPA_AMOUNT_RANGE };

/** Days a click can earn a conversion (the offer form's field and its action's check). */
export const ATTRIBUTION_WINDOW_DAYS: WholeNumberRange = { min: 1, max: 365, unit: 'days' };
export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
/** Recurring commissions (decision 057): renewals earn for 1 to 120 months; empty = none. */
export const RECURRING_MONTHS: WholeNumberRange = { min: 1, max: 120, unit: 'months' };

/** An offer's previous TUNE offer id (decision 027): TUNE's ids are positive integers. */
export const TUNE_OFFER_ID: WholeNumberRange = { min: 1, max: 999_999_999 };

/** The Tracking setup tab's form: the previous TUNE offer id, or empty for none. */
export const previousTuneOfferIdSchema = z.object({
  previousTuneOfferId: z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === '') return null;
      const parsed = parseWholeNumber(value, TUNE_OFFER_ID, 'the offer’s id in TUNE');
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: `${parsed.message} Or leave it empty.` });
      return z.NEVER;
    }),
});

/** Limits shared by the offer form (client constraints) and its action. */
export const OFFER_NAME_MAX = 120;
export const OFFER_DESCRIPTION_MAX = 2000;
export const OFFER_URL_MAX = 2000;
export const PAYOUT_TITLE_MAX = 80;
export const MAX_PAYOUT_OPTIONS = 20;
export const MAX_ADDITIONAL_DOMAINS = 20;
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_CLICK_ID_PARAM = 'transaction_id';

export type UtmField = keyof typeof UTM_PARAMS;
export const UTM_FIELDS = Object.keys(UTM_PARAMS) as UtmField[];

/**
 * The offer form as posted: flat names (`payouts.0.title`, repeated `additionalDomains`, a
 * checkbox) → the nested shape the schema checks.
 */
export function offerFormValues(form: Record<string, unknown>): Record<string, unknown> {
  const payouts: Record<string, unknown>[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const row = /^payouts\.(\d{1,2})\.(id|title|type|value)$/.exec(key);
    if (row) {
      const index = Number(row[1]);
      (payouts[index] ??= {})[row[2]] = Array.isArray(value) ? value[0] : value;
    } else {
      rest[key] = value;
    }
  }
  // The holding period's select: a preset number of days, or "custom" for the number input
  // (which is also what arrives alone from older forms and API-like posts).
  const preset = rest.holdingPeriodPreset;
  delete rest.holdingPeriodPreset;
  if (preset === 'custom' && String(rest.holdingPeriodDays ?? '').trim() === '') {
    rest.holdingPeriodDays = 'none'; // "Custom…" needs its number: refused below, with why
  } else if (typeof preset === 'string' && preset !== 'custom') {
    rest.holdingPeriodDays = (HOLDING_PERIOD_PRESETS as readonly number[]).includes(Number(preset))
      ? preset
      : `preset ${preset}`; // not a preset: refused below with the holding period's message
  }
  const domains = rest.additionalDomains;
  const domainList = (
    Array.isArray(domains) ? domains : domains === undefined ? [] : [domains]
  ).map((d) => (typeof d === 'string' ? d : ''));
  return {
    ...rest,
    payouts: payouts.filter(Boolean),
    additionalDomains: domainList,
    allowCreatorDeepLinks:
      rest.allowCreatorDeepLinks === 'on' || rest.allowCreatorDeepLinks === 'true',
  };
}

const text = (message: string) => z.string({ error: message });

const offerUrl = text('Enter the offer URL.')
  .trim()
  .min(1, 'Enter the offer URL, like https://shop.example.com/product.')
  .max(OFFER_URL_MAX, `A URL is at most ${OFFER_URL_MAX.toLocaleString('en-US')} characters.`)
  .superRefine((value, ctx) => {
    const problem = offerUrlError(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why an offer URL is refused, or null: it must be an absolute http(s) address with a host. */
export function offerUrlError(value: string): string | null {
  if (/\s/.test(value)) return 'A URL cannot contain spaces.';
  if (!/^https?:\/\//i.test(value)) {
    return 'Enter a full address starting with https:// (or http://).';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'That is not a valid web address.';
  }
  if (!url.hostname || !url.hostname.includes('.')) {
    if (url.hostname !== 'localhost')
      return 'Enter a full address with a domain, like shop.example.com.';
  }
  return null;
}

/** A whole number of days within its range; empty means the default. */
function dayCount(noun: string, range: WholeNumberRange, fallback: number) {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((raw, ctx) => {
      const value = raw === undefined ? '' : String(raw).trim();
      if (value === '') return fallback;
      const parsed = parseWholeNumber(value, range, noun);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    });
}

const utmValue = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const value = (raw ?? '').trim();
    if (!value) return null;
    const problem = utmTemplateError(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return value;
  });

const payoutRow = z.object({
  id: z
    .string()
    .optional()
    .transform((id) => (id && id.trim() ? id.trim() : null))
    .pipe(z.uuid('Unknown payout option.').nullable()),
  title: text('Give the payout option a title.')
    .trim()
    .min(1, 'Give the payout option a title, like “Standard”.')
    .max(PAYOUT_TITLE_MAX, `A title is at most ${PAYOUT_TITLE_MAX} characters.`),
  type: z.enum(PAYOUT_TYPE_VALUES, { error: 'Choose percentage or fixed amount.' }),
  value: z.string().optional().default(''),
});

export interface OfferSchemaContext {
  /** The offer's current end date when editing: keeping a past end date is allowed. */
  currentEndsAt?: Date | null;
  now?: Date;
}

/** The whole offer form, client and server. Build it per request: the end-date rule needs "now". */
export function offerFormSchema(context: OfferSchemaContext = {}) {
  const now = context.now ?? new Date();
  return (
    z
      .object({
        name: text('Enter a name for the offer.')
          .trim()
          .min(1, 'Enter a name for the offer.')
          .max(OFFER_NAME_MAX, `A name is at most ${OFFER_NAME_MAX} characters.`),
        description: z
          .string()
          .optional()
          .transform((d) => (d ?? '').trim() || null)
          .pipe(
            z
              .string()
              .max(
                OFFER_DESCRIPTION_MAX,
                `The description is at most ${OFFER_DESCRIPTION_MAX} characters.`,
              )
              .nullable(),
          ),
        picture: z
          .enum(['none', 'image', 'upload', ...OFFER_ICON_NAMES], { error: 'Choose a picture.' })
          .optional()
          .default('none'),
        status: z
          .enum(OFFER_STATUS_VALUES, { error: 'Choose active or paused.' })
          .default('active'),
        offerUrl,
        conversionType: z
          .enum(CONVERSION_TYPE_VALUES, { error: 'Choose a conversion type.' })
          .default('sale'),
        trackingMethod: z
          .enum(TRACKING_METHOD_VALUES, { error: 'Choose a tracking method.' })
          .default('js_postback'),
        currency: z
          .enum(CURRENCY_CODES, { error: 'Choose a currency from the list.' })
          .default('USD'),
        endsAt: z.string().optional().default(''),
        tzOffset: z.string().optional().default('0'),
        attributionWindowDays: dayCount(
          'the attribution window',
          ATTRIBUTION_WINDOW_DAYS,
          DEFAULT_ATTRIBUTION_WINDOW_DAYS,
        ),
        holdingPeriodDays: dayCount('the holding period', HOLDING_PERIOD_DAYS, 0),
        recurringMonths: z
          .union([z.string(), z.number()])
          .optional()
          .transform((raw, ctx) => {
            const value = raw === undefined ? '' : String(raw).trim();
            if (value === '') return null;
            const parsed = parseWholeNumber(value, RECURRING_MONTHS, 'the renewal months');
            if (!parsed.ok) {
              ctx.addIssue({ code: 'custom', message: parsed.message });
              return z.NEVER;
            }
            return parsed.value;
          }),
        utmSource: utmValue,
        utmMedium: utmValue,
        utmCampaign: utmValue,
        utmContent: utmValue,
        utmTerm: utmValue,
        allowCreatorDeepLinks: z.boolean().default(false),
        additionalDomains: z
          .array(z.string())
          .max(MAX_ADDITIONAL_DOMAINS, `At most ${MAX_ADDITIONAL_DOMAINS} additional domains.`)
          .default([]),
        clickIdParam: z
          .string()
          .optional()
          .transform((p) => (p ?? '').trim() || DEFAULT_CLICK_ID_PARAM)
          .pipe(
            z
              .string()
              .regex(
                /^[A-Za-z0-9_.-]{1,64}$/,
                'Use up to 64 letters, digits, underscores, dots or hyphens.',
              ),
          ),
        payouts: z
          .array(payoutRow)
          .min(1, 'Add at least one payout option.')
          .max(MAX_PAYOUT_OPTIONS, `At most ${MAX_PAYOUT_OPTIONS} payout options.`),
        defaultPayout: z.string().optional().default(''),
      })
      // Cross-field rules run even when other fields failed, so every problem shows at once.
      .superRefine(
        (input, ctx) => {
          for (const { path, message } of crossFieldIssues(
            input as unknown as RawOffer,
            context,
            now,
          )) {
            ctx.addIssue({ code: 'custom', path, message });
          }
        },
        { when: () => true },
      )
      .transform((input) => {
        const endsAt = resolveEndDate(input.endsAt, input.tzOffset, context.currentEndsAt);
        const domains: string[] = [];
        for (const raw of input.additionalDomains) {
          const domain = raw.trim() ? normalizeDomain(raw) : null;
          if (domain && !domains.includes(domain)) domains.push(domain);
        }
        const defaultIndex = Number(input.defaultPayout);
        const payouts = input.payouts.map((row, index) => {
          const base = {
            id: row.id,
            title: row.title,
            type: row.type,
            isDefault: index === defaultIndex,
          };
          if (row.type === 'cps_percent') {
            const parsed = parsePercent(row.value);
            return { ...base, percent: parsed.ok ? parsed.percent : '0', amountMinor: null };
          }
          const parsed = parseAmount(row.value, input.currency, TYPED_AMOUNT);
          return { ...base, percent: null, amountMinor: parsed.ok ? Number(parsed.minor) : 0 };
        });
        return {
          name: input.name,
          description: input.description,
          picture: input.picture,
          status: input.status,
          offerUrl: input.offerUrl,
          conversionType: input.conversionType,
          trackingMethod: input.trackingMethod,
          currency: input.currency,
          endsAt,
          attributionWindowDays: input.attributionWindowDays,
          holdingPeriodDays: input.holdingPeriodDays,
          recurringMonths: input.recurringMonths,
          utmSource: input.utmSource,
          utmMedium: input.utmMedium,
          utmCampaign: input.utmCampaign,
          utmContent: input.utmContent,
          utmTerm: input.utmTerm,
          allowCreatorDeepLinks: input.allowCreatorDeepLinks,
          additionalDomains: domains,
          clickIdParam: input.clickIdParam,
          payouts,
        };
      })
  );
}

/** The form's values as they may be when some fields failed: read defensively. */
interface RawOffer {
  currency?: unknown;
  endsAt?: unknown;
  tzOffset?: unknown;
  additionalDomains?: unknown;
  defaultPayout?: unknown;
  payouts?: unknown;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function crossFieldIssues(
  input: RawOffer,
  context: OfferSchemaContext,
  now: Date,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path, message });

  const endsAtProblem = endDateIssue(
    str(input.endsAt),
    str(input.tzOffset) || '0',
    context.currentEndsAt,
    now,
  );
  if (endsAtProblem) issue(['endsAt'], endsAtProblem);

  const domains = Array.isArray(input.additionalDomains) ? input.additionalDomains : [];
  domains.forEach((raw, index) => {
    const value = str(raw);
    if (!value.trim()) return; // an empty row added and left blank
    if (!normalizeDomain(value)) {
      issue(
        ['additionalDomains', index],
        `“${value.trim()}” is not a domain name, like shop.example.com.`,
      );
    }
  });

  const payouts = Array.isArray(input.payouts) ? (input.payouts as Record<string, unknown>[]) : [];
  const defaultPayout = str(input.defaultPayout);
  const defaultIndex = /^\d+$/.test(defaultPayout) ? Number(defaultPayout) : -1;
  if (payouts.length > 0 && (defaultIndex < 0 || defaultIndex >= payouts.length)) {
    issue(['payouts'], 'Choose exactly one payout option as the default.');
  }
  const currency = (CURRENCY_CODES as readonly string[]).includes(str(input.currency))
    ? str(input.currency)
    : 'USD';
  const seenIds = new Set<string>();
  payouts.forEach((row, index) => {
    const id = str(row?.id);
    if (id) {
      if (seenIds.has(id)) issue(['payouts', index, 'id'], 'This payout option appears twice.');
      seenIds.add(id);
    }
    const value = str(row?.value);
    if (row?.type === 'cps_percent') {
      const parsed = parsePercent(value);
      if (!parsed.ok) issue(['payouts', index, 'value'], parsed.message);
    } else if (row?.type === 'cpa_flat') {
      const parsed = parseAmount(value, currency, TYPED_AMOUNT);
      if (!parsed.ok) issue(['payouts', index, 'value'], parsed.message);
    }
  });
  return issues;
}

export type OfferInput = z.output<ReturnType<typeof offerFormSchema>>;
export type PayoutOptionInput = OfferInput['payouts'][number];
