/**
 * Money as exact strings and integers: amounts are written in major units ("49.99") and stored
 * in integer minor units (4999); percentages are exact decimal strings. Nothing here goes through
 * a float. Plain TypeScript, shared by the server (postbacks, commissions) and the pages (forms,
 * tables).
 */

/** The currencies offered in the offer form (any ISO 4217 code is understood elsewhere). */
export const CURRENCIES = [
  { code: 'USD', name: 'US dollar' },
  { code: 'EUR', name: 'Euro' },
  { code: 'GBP', name: 'British pound' },
  { code: 'CAD', name: 'Canadian dollar' },
  { code: 'AUD', name: 'Australian dollar' },
  { code: 'NZD', name: 'New Zealand dollar' },
  { code: 'CHF', name: 'Swiss franc' },
  { code: 'SEK', name: 'Swedish krona' },
  { code: 'NOK', name: 'Norwegian krone' },
  { code: 'DKK', name: 'Danish krone' },
  { code: 'PLN', name: 'Polish złoty' },
  { code: 'CZK', name: 'Czech koruna' },
  { code: 'JPY', name: 'Japanese yen' },
  { code: 'KRW', name: 'South Korean won' },
  { code: 'CNY', name: 'Chinese yuan' },
  { code: 'HKD', name: 'Hong Kong dollar' },
  { code: 'SGD', name: 'Singapore dollar' },
  { code: 'INR', name: 'Indian rupee' },
  { code: 'AED', name: 'UAE dirham' },
  { code: 'BRL', name: 'Brazilian real' },
  { code: 'MXN', name: 'Mexican peso' },
  { code: 'ZAR', name: 'South African rand' },
] as const;

export type CurrencyCode = (typeof CURRENCIES)[number]['code'];
export const CURRENCY_CODES = CURRENCIES.map((c) => c.code) as [CurrencyCode, ...CurrencyCode[]];

/**
 * The brand's default currency: the one a new offer starts in. Brands have no setting of their
 * own for it; the minimum payout is always offered in it (docs/decisions/036).
 */
export const DEFAULT_CURRENCY: CurrencyCode = 'USD';

/** Whether `code` is an ISO 4217 currency code the runtime knows ("USD", "JPY"; not "XYZ"). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  if ((CURRENCY_CODES as readonly string[]).includes(code)) return true;
  return Intl.supportedValuesOf('currency').includes(code);
}

/** "US dollar" for USD (the offer form's names), else the runtime's English name. */
export function currencyName(code: string): string {
  const listed = CURRENCIES.find((c) => c.code === code);
  if (listed) return listed.name;
  try {
    return new Intl.DisplayNames('en', { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * ISO 4217 minor-unit exponents that differ from 2. Written out rather than read from
 * `Intl.NumberFormat(…).resolvedOptions().maximumFractionDigits`: for every currency an offer can
 * use (CURRENCIES) the two agree (money.test.ts checks it), but the runtime's digits are CLDR's
 * display digits, which differ from ISO 4217 for some codes (IQD 0 instead of 3, HUF and IDR 0
 * instead of 2), and amounts are stored in ISO minor units.
 */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** How many decimals the currency's minor unit has: 2 for most, 0 for JPY, 3 for KWD… */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Larger sale amounts than this (in major units) are refused as absurd. */
export const MAX_AMOUNT_MAJOR = 10_000_000n;
/** The largest CPA payout accepted in the offer form, in major units. */
export const MAX_CPA_MAJOR = 1_000_000n;

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; message: string };

/**
 * What an amount field takes (decision 038): 0 or more (`positive`: more than 0), at most
 * `maxMajor` in major units. Its messages and the form's input attributes both come from it.
 */
export interface AmountRange {
  positive: boolean;
  maxMajor: bigint;
}

/** A sale amount (postbacks, Add conversion): from 0 to 10,000,000. */
export const SALE_AMOUNT_RANGE: AmountRange = { positive: false, maxMajor: MAX_AMOUNT_MAJOR };
/** A CPA payout: more than 0, at most 1,000,000. */
export const CPA_AMOUNT_RANGE: AmountRange = { positive: true, maxMajor: MAX_CPA_MAJOR };

/** "more than 0 and at most 1,000,000 USD", "from 0 to 10,000,000 JPY". */
export function amountRangeText(range: AmountRange, currency: string): string {
  const max = `${range.maxMajor.toLocaleString('en-US')} ${currency.toUpperCase()}`;
  return range.positive ? `more than 0 and at most ${max}` : `from 0 to ${max}`;
}

/** The smallest step of the currency, as an input's `step`: "0.01", "1" (JPY), "0.001" (KWD). */
function minorStep(currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? '1' : `0.${'0'.repeat(exponent - 1)}1`;
}

/** The input attributes that say an amount field's range to the browser. */
export function amountInputProps(range: AmountRange, currency: string) {
  const step = minorStep(currency);
  return {
    type: 'number',
    inputMode: 'decimal',
    min: range.positive ? step : '0',
    max: range.maxMajor.toString(),
    step,
  } as const;
}

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * "49.99" in USD → 4999n, by string arithmetic. Refuses what is not a number, more decimals than
 * the currency has (trailing zeros are fine: "10.500" USD is 1050) and amounts out of the range
 * (by default a sale's: 0 to 10,000,000), each message stating the range. `allowGrouping`
 * accepts thousands separators ("1,250.00"), for amounts people type.
 */
export function parseAmount(
  text: string,
  currency: string,
  options: { maxMajor?: bigint; positive?: boolean; allowGrouping?: boolean } = {},
): ParsedAmount {
  const range: AmountRange = {
    positive: options.positive ?? false,
    maxMajor: options.maxMajor ?? MAX_AMOUNT_MAJOR,
  };
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  const rangeText = amountRangeText(range, code);
  const example = exponent === 0 ? '1500' : `49.${'9'.repeat(exponent)}`;
  let trimmed = text.trim().replace(/^\u2212/, '-'); // a typographic minus is a minus
  if (trimmed === '') {
    return { ok: false, message: `Enter an amount ${rangeText}, like ${example}.` };
  }
  if (options.allowGrouping) trimmed = trimmed.replace(/,(?=\d{3}(\D|$))/g, '');
  const negative = trimmed.startsWith('-');
  const match = DECIMAL.exec(/^[+-]/.test(trimmed) ? trimmed.slice(1) : trimmed);
  if (!match) {
    return {
      ok: false,
      message: `The amount "${trimmed}" is not a number like ${example} (use a dot for decimals, no currency sign); enter an amount ${rangeText}.`,
    };
  }
  const whole = BigInt(match[1]);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const zero = whole === 0n && fraction.replace(/0/g, '') === '';
  if ((negative && !zero) || (range.positive && zero)) {
    return { ok: false, message: `The amount must be ${rangeText}; ${trimmed} is too low.` };
  }
  if (whole > range.maxMajor || (whole === range.maxMajor && fraction !== '')) {
    return { ok: false, message: `The amount must be ${rangeText}; ${trimmed} is too high.` };
  }
  if (fraction.length > exponent) {
    return {
      ok: false,
      message:
        exponent === 0
          ? `${code} amounts have no decimals.`
          : `${code} amounts have at most ${exponent} decimals.`,
    };
  }
  const scale = 10n ** BigInt(exponent);
  return { ok: true, minor: whole * scale + BigInt(fraction.padEnd(exponent, '0') || '0') };
}

/** 4999 USD → "49.99"; 500 JPY → "500" (no sign, no grouping): form values and postback echoes. */
export function formatMinor(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(exponent);
  const fraction = exponent ? `.${(abs % scale).toString().padStart(exponent, '0')}` : '';
  return `${negative ? '-' : ''}${(abs / scale).toString()}${fraction}`;
}

/** 4999 USD → "$49.99", 150000 JPY → "¥150,000": for people. Exact (Intl formats decimal strings). */
export function formatMoney(minor: number | bigint, currency: string): string {
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: currencyExponent(currency),
    maximumFractionDigits: currencyExponent(currency),
  });
  return format.format(formatMinor(minor, currency) as unknown as number);
}

export type ParsedPercent = { ok: true; percent: string } | { ok: false; message: string };

/**
 * A CPS payout's percentage of the sale (SPEC §3, decision 038): at least 0.01 and at most 100,
 * with up to 4 decimals (the column is numeric(7,4)). Its messages and the form's input
 * attributes both come from here.
 */
export const PERCENT_RANGE = { min: '0.01', max: '100', decimals: 4 } as const;

/** "between 0.01 and 100 %". */
export function percentRangeText(): string {
  return `between ${PERCENT_RANGE.min} and ${PERCENT_RANGE.max} %`;
}

/** The input attributes that say the percentage's range to the browser. */
export function percentInputProps() {
  return {
    type: 'number',
    inputMode: 'decimal',
    min: PERCENT_RANGE.min,
    max: PERCENT_RANGE.max,
    step: `0.${'0'.repeat(PERCENT_RANGE.decimals - 1)}1`,
  } as const;
}

/** Exact: is the decimal `whole.fraction` (no sign) below / above a bound like "0.01"? */
function compareDecimal(whole: string, fraction: string, bound: string): number {
  const [bWhole, bFraction = ''] = bound.split('.');
  const digits = Math.max(fraction.length, bFraction.length);
  const a = BigInt(whole + fraction.padEnd(digits, '0'));
  const b = BigInt(bWhole + bFraction.padEnd(digits, '0'));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "12.5" or "12.5%" → the canonical exact decimal "12.5": from 0.01 to 100, up to 4 decimals. */
export function parsePercent(input: string): ParsedPercent {
  const value = input
    .trim()
    .replace(/\s*%$/, '')
    .replace(/^\u2212/, '-'); // a typographic minus is a minus
  const range = percentRangeText();
  if (!value) return { ok: false, message: `Enter a percentage ${range}, like 10 or 12.5.` };
  const match = /^([+-]?)(\d{1,30})(?:\.(\d{0,30}))?$/.exec(value);
  if (!match) {
    return {
      ok: false,
      message: `Enter the percentage as a number ${range}, like 10 or 12.5.`,
    };
  }
  const [, sign, wholeRaw, fractionRaw = ''] = match;
  const whole = wholeRaw.replace(/^0+(?=\d)/, '');
  const fraction = fractionRaw.replace(/0+$/, '');
  if (sign === '-' || compareDecimal(whole, fraction, PERCENT_RANGE.min) < 0) {
    return { ok: false, message: `A percentage must be ${range}; ${value} is too low.` };
  }
  if (compareDecimal(whole, fraction, PERCENT_RANGE.max) > 0) {
    return { ok: false, message: `A percentage must be ${range}; ${value} is too high.` };
  }
  if (fraction.length > PERCENT_RANGE.decimals) {
    return {
      ok: false,
      message: `A percentage has at most ${PERCENT_RANGE.decimals} decimals (${range}).`,
    };
  }
  return { ok: true, percent: fraction ? `${whole}.${fraction}` : whole };
}

/** A stored numeric ("12.5000") → its short form ("12.5"). */
export function formatPercent(stored: string): string {
  return stored.includes('.') ? stored.replace(/0+$/, '').replace(/\.$/, '') : stored;
}
