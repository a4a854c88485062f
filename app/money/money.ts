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

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * "49.99" in USD → 4999n, by string arithmetic. Refuses signs, exponents, more decimals than the
 * currency has (trailing zeros are fine: "10.500" USD is 1050) and amounts over `maxMajor`.
 * `allowGrouping` accepts thousands separators ("1,250.00"), for amounts people type.
 */
export function parseAmount(
  text: string,
  currency: string,
  options: { maxMajor?: bigint; allowGrouping?: boolean } = {},
): ParsedAmount {
  const maxMajor = options.maxMajor ?? MAX_AMOUNT_MAJOR;
  const code = currency.toUpperCase();
  let trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter an amount, like 49.99.' };
  if (trimmed.startsWith('-'))
    return { ok: false, message: `The amount "${trimmed}" is negative.` };
  if (options.allowGrouping) trimmed = trimmed.replace(/,(?=\d{3}(\D|$))/g, '');
  const match = DECIMAL.exec(trimmed.startsWith('+') ? trimmed.slice(1) : trimmed);
  if (!match) {
    return {
      ok: false,
      message: `The amount "${trimmed}" is not a number like 49.99 (use a dot for decimals, no currency sign).`,
    };
  }
  const exponent = currencyExponent(code);
  const whole = BigInt(match[1]);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    return {
      ok: false,
      message:
        exponent === 0
          ? `${code} amounts have no decimals.`
          : `${code} amounts have at most ${exponent} decimals.`,
    };
  }
  if (whole > maxMajor || (whole === maxMajor && fraction !== '')) {
    return {
      ok: false,
      message: `An amount is at most ${maxMajor.toLocaleString('en-US')} ${code}.`,
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

/** "12.5" or "12.5%" → the canonical exact decimal "12.5": > 0, ≤ 100, up to 4 decimals. */
export function parsePercent(input: string): ParsedPercent {
  const value = input.trim().replace(/\s*%$/, '');
  if (!value) return { ok: false, message: 'Enter a percentage, like 10 or 12.5.' };
  const match = /^(\d{1,3})(?:\.(\d*))?$/.exec(value);
  if (!match) return { ok: false, message: 'Enter the percentage as a number, like 10 or 12.5.' };
  const [, wholeRaw, fractionRaw = ''] = match;
  if (fractionRaw.length > 4) return { ok: false, message: 'A percentage has at most 4 decimals.' };
  const whole = String(Number(wholeRaw));
  const fraction = fractionRaw.replace(/0+$/, '');
  // Compare as integers of ten-thousandths: exact.
  const scaled = Number(whole) * 10_000 + Number(fractionRaw.padEnd(4, '0') || '0');
  if (scaled <= 0) return { ok: false, message: 'A percentage must be more than 0.' };
  if (scaled > 100 * 10_000) return { ok: false, message: 'A percentage is at most 100.' };
  return { ok: true, percent: fraction ? `${whole}.${fraction}` : whole };
}

/** A stored numeric ("12.5000") → its short form ("12.5"). */
export function formatPercent(stored: string): string {
  return stored.includes('.') ? stored.replace(/0+$/, '').replace(/\.$/, '') : stored;
}
