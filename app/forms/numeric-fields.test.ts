/**
 * Every numeric field of every form (decision 038): a value that is not a number, one below the
 * range and one above it each get a message that states the allowed range, "not a number" told
 * apart from "too low" / "too high"; and the input's own min/max (what the browser is told) are
 * accepted by the server, because both come from the same range.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MANUAL_SALE_AMOUNT, parseSaleAmount } from '../conversions/manual-conversion';
import {
  amountInputProps,
  amountRangeText,
  CPA_AMOUNT_RANGE,
  percentInputProps,
  percentRangeText,
} from '../money/money';
import {
  ATTRIBUTION_WINDOW_DAYS,
  offerFormSchema,
  offerFormValues,
  previousTuneOfferIdSchema,
  TUNE_OFFER_ID,
} from '../offers/schemas';
import { HOLDING_PERIOD_DAYS } from '../payouts/schemas';
import { wholeNumberInputProps, wholeNumberRangeText } from './number-range';
import { parseWithSchema } from './parse-form';

const NOW = new Date('2026-06-01T12:00:00Z');

/** The offer form's message for one field, with everything else valid. */
function offerMessage(fields: Record<string, string>, key: string): string | null {
  const parsed = parseWithSchema(
    offerFormSchema({ now: NOW }),
    offerFormValues({
      name: 'Summer',
      offerUrl: 'https://shop.example.com',
      currency: 'USD',
      'payouts.0.title': 'Standard',
      'payouts.0.type': 'cps_percent',
      'payouts.0.value': '10',
      defaultPayout: '0',
      ...fields,
    }),
  );
  if (parsed.ok) return null;
  return parsed.fieldErrors[key]?.join(' ') ?? null;
}

interface NumericField {
  field: string;
  range: string;
  /** The server's message for a typed value, or null when accepted. */
  message: (value: string) => string | null;
  input: { min: number | string; max: number | string };
  notANumber: string;
  belowMin: string;
  aboveMax: string;
}

const FIELDS: NumericField[] = [
  {
    field: 'Offer › payout option › Percent of sale',
    range: percentRangeText(),
    message: (value) =>
      offerMessage(
        { 'payouts.0.type': 'cps_percent', 'payouts.0.value': value },
        'payouts.0.value',
      ),
    input: percentInputProps(),
    notANumber: 'ten percent',
    belowMin: '-5',
    aboveMax: '1000',
  },
  ...(['USD', 'JPY'] as const).map((currency) => ({
    field: `Offer › payout option › Amount (${currency})`,
    range: amountRangeText(CPA_AMOUNT_RANGE, currency),
    message: (value: string) =>
      offerMessage(
        { currency, 'payouts.0.type': 'cpa_flat', 'payouts.0.value': value },
        'payouts.0.value',
      ),
    input: amountInputProps(CPA_AMOUNT_RANGE, currency),
    notANumber: '$15',
    belowMin: '0',
    aboveMax: '1000001',
  })),
  {
    field: 'Offer › Attribution window (days)',
    range: wholeNumberRangeText(ATTRIBUTION_WINDOW_DAYS),
    message: (value) => offerMessage({ attributionWindowDays: value }, 'attributionWindowDays'),
    input: wholeNumberInputProps(ATTRIBUTION_WINDOW_DAYS),
    notANumber: 'a month',
    belowMin: '0',
    aboveMax: '366',
  },
  {
    field: 'Offer › Holding period (days), custom',
    range: wholeNumberRangeText(HOLDING_PERIOD_DAYS),
    message: (value) =>
      offerMessage(
        { holdingPeriodPreset: 'custom', holdingPeriodDays: value },
        'holdingPeriodDays',
      ),
    input: wholeNumberInputProps(HOLDING_PERIOD_DAYS),
    notANumber: '2.5',
    belowMin: '-1',
    aboveMax: '400',
  },
  {
    field: 'Offer › Tracking setup › Previous TUNE offer id',
    range: wholeNumberRangeText(TUNE_OFFER_ID),
    message: (value) => {
      const parsed = parseWithSchema(previousTuneOfferIdSchema, { previousTuneOfferId: value });
      return parsed.ok ? null : (parsed.fieldErrors.previousTuneOfferId?.join(' ') ?? null);
    },
    input: wholeNumberInputProps(TUNE_OFFER_ID),
    notANumber: 'tune-12',
    belowMin: '0',
    aboveMax: '1000000000',
  },
  ...(['USD', 'JPY'] as const).map((currency) => ({
    field: `Add conversion › Sale amount (${currency})`,
    range: amountRangeText(MANUAL_SALE_AMOUNT, currency),
    message: (value: string) => {
      const parsed = parseSaleAmount(value, currency);
      return parsed.ok ? null : parsed.message;
    },
    input: amountInputProps(MANUAL_SALE_AMOUNT, currency),
    notANumber: 'fifty',
    belowMin: '-1',
    aboveMax: '10000001',
  })),
];

describe.each(FIELDS)('$field', (f) => {
  test(`each refusal states the range (“${f.range}”)`, () => {
    const notANumber = f.message(f.notANumber);
    const below = f.message(f.belowMin);
    const above = f.message(f.aboveMax);
    for (const message of [notANumber, below, above]) expect(message).toContain(f.range);
    // "Not a number" is told apart from "out of range", and which end was crossed.
    expect(notANumber).not.toMatch(/too (low|high)/);
    expect(below).toMatch(new RegExp(`${escape(f.belowMin)} is too low`));
    expect(above).toMatch(new RegExp(`${escape(f.aboveMax)} is too high`));
  });

  test('the browser’s min and max are what the server accepts', () => {
    expect(f.message(String(f.input.min))).toBeNull();
    expect(f.message(String(f.input.max))).toBeNull();
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every numeric input of the portals takes its attributes from a range (the props helpers
 * above), so a new one cannot be written with limits of its own. The Settings page's minimum
 * payout is being redone per currency elsewhere (issue 19, item 4) and is left out here.
 */
test('no form writes its own numeric input attributes', () => {
  const root = path.resolve(__dirname, '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (full.endsWith('.tsx') && !full.endsWith('.test.tsx')) files.push(full);
    }
  };
  walk(root);
  const literal = /type="number"|inputMode="(numeric|decimal)"/;
  // A one-time code (two-factor) is a string of digits, not a number with a range.
  const oneTimeCode = /inputMode="numeric"\s+autoComplete="one-time-code"/g;
  const offenders = files
    .filter((file) => !file.endsWith(path.join('routes', 'brand+', 'settings.tsx')))
    .filter((file) => literal.test(readFileSync(file, 'utf8').replace(oneTimeCode, '')))
    .map((file) => path.relative(root, file));
  expect(offenders).toEqual([]);
  expect(files.length).toBeGreaterThan(50);
});
