/**
 * Money and percentages as exact strings and integers: amounts are typed in major units ("15.00")
 * and stored in integer minor units (1500); nothing here ever goes through a float.
 */

/** Common ISO 4217 currencies and their minor-unit digits (JPY and KRW have none). */
export const CURRENCIES = [
  { code: 'USD', name: 'US dollar', digits: 2 },
  { code: 'EUR', name: 'Euro', digits: 2 },
  { code: 'GBP', name: 'British pound', digits: 2 },
  { code: 'CAD', name: 'Canadian dollar', digits: 2 },
  { code: 'AUD', name: 'Australian dollar', digits: 2 },
  { code: 'NZD', name: 'New Zealand dollar', digits: 2 },
  { code: 'CHF', name: 'Swiss franc', digits: 2 },
  { code: 'SEK', name: 'Swedish krona', digits: 2 },
  { code: 'NOK', name: 'Norwegian krone', digits: 2 },
  { code: 'DKK', name: 'Danish krone', digits: 2 },
  { code: 'PLN', name: 'Polish złoty', digits: 2 },
  { code: 'CZK', name: 'Czech koruna', digits: 2 },
  { code: 'JPY', name: 'Japanese yen', digits: 0 },
  { code: 'KRW', name: 'South Korean won', digits: 0 },
  { code: 'CNY', name: 'Chinese yuan', digits: 2 },
  { code: 'HKD', name: 'Hong Kong dollar', digits: 2 },
  { code: 'SGD', name: 'Singapore dollar', digits: 2 },
  { code: 'INR', name: 'Indian rupee', digits: 2 },
  { code: 'AED', name: 'UAE dirham', digits: 2 },
  { code: 'BRL', name: 'Brazilian real', digits: 2 },
  { code: 'MXN', name: 'Mexican peso', digits: 2 },
  { code: 'ZAR', name: 'South African rand', digits: 2 },
] as const;

export type CurrencyCode = (typeof CURRENCIES)[number]['code'];

export const CURRENCY_CODES = CURRENCIES.map((c) => c.code) as [CurrencyCode, ...CurrencyCode[]];

export function currencyDigits(code: string): number {
  return CURRENCIES.find((c) => c.code === code)?.digits ?? 2;
}

/** The largest CPA amount accepted, in major units: far above any real commission. */
export const MAX_CPA_MAJOR = 1_000_000;

export type ParsedAmount = { ok: true; minor: number } | { ok: false; message: string };

/**
 * "15", "15.5", "15.00" or "1,250.00" in major units → integer minor units, by string arithmetic.
 * More decimals than the currency has, negatives, exponents and other text are refused.
 */
export function parseMajorAmount(input: string, currency: string): ParsedAmount {
  const digits = currencyDigits(currency);
  const value = input.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (!value) return { ok: false, message: 'Enter an amount, like 15.00.' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match) {
    return { ok: false, message: 'Enter the amount as a number, like 15.00 (no currency sign).' };
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency} amounts have no decimals.`
          : `${currency} amounts have at most ${digits} decimals.`,
    };
  }
  if (whole.replace(/^0+/, '').length > String(MAX_CPA_MAJOR).length) {
    return { ok: false, message: `An amount is at most ${MAX_CPA_MAJOR.toLocaleString('en-US')}.` };
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor > MAX_CPA_MAJOR * 10 ** digits) {
    return { ok: false, message: `An amount is at most ${MAX_CPA_MAJOR.toLocaleString('en-US')}.` };
  }
  return { ok: true, minor };
}

/** Integer minor units → "15.00" (no currency sign, no grouping): the form's value. */
export function formatMinorAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits ? text.slice(0, -digits) : text;
  const fraction = digits ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Integer minor units → "$15.00", "¥1,500": for display. */
export function displayMoney(minor: number, currency: string): string {
  const [whole, fraction] = formatMinorAmount(minor, currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbols: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };
  const amount = fraction ? `${grouped}.${fraction}` : grouped;
  return symbols[currency] ? `${symbols[currency]}${amount}` : `${amount} ${currency}`;
}

export type ParsedPercent = { ok: true; percent: string } | { ok: false; message: string };

/** "12.5" or "12.5%" → the canonical exact decimal "12.5": > 0, ≤ 100, up to 4 decimals. */
export function parsePercent(input: string): ParsedPercent {
  const value = input.trim().replace(/\s*%$/, '');
  if (!value) return { ok: false, message: 'Enter a percentage, like 10 or 12.5.' };
  const match = /^(\d{1,3})(?:\.(\d*))?$/.exec(value);
  if (!match) {
    return { ok: false, message: 'Enter the percentage as a number, like 10 or 12.5.' };
  }
  const [, wholeRaw, fractionRaw = ''] = match;
  if (fractionRaw.length > 4) {
    return { ok: false, message: 'A percentage has at most 4 decimals.' };
  }
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
