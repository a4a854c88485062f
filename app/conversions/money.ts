/**
 * Money as reported by merchants: decimal strings parsed exactly into integer minor units (never
 * through a float). Shared by the server and the pages that display amounts.
 */

/** ISO 4217 minor-unit exponents that differ from 2. */
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

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Larger sale amounts than this (in major units) are refused as absurd. */
export const MAX_AMOUNT_MAJOR = 10_000_000n;

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; message: string };

const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

/**
 * "49.99" in USD → 4999n. Refuses signs, exponents, thousands separators, more decimals than the
 * currency has (except trailing zeros: "10.500" USD is 1050), and amounts over MAX_AMOUNT_MAJOR.
 */
export function parseAmount(text: string, currency: string): ParsedAmount {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'The amount is missing.' };
  if (trimmed.startsWith('-')) {
    return { ok: false, message: `The amount "${trimmed}" is negative.` };
  }
  const match = DECIMAL.exec(trimmed.startsWith('+') ? trimmed.slice(1) : trimmed);
  if (!match) {
    return {
      ok: false,
      message: `The amount "${trimmed}" is not a decimal number like 49.99 (use a dot, no thousands separators).`,
    };
  }
  const exponent = currencyExponent(currency);
  const whole = match[1];
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    return {
      ok: false,
      message: `The amount "${trimmed}" has more decimals than ${currency.toUpperCase()} allows (${exponent}).`,
    };
  }
  if (BigInt(whole) > MAX_AMOUNT_MAJOR || (BigInt(whole) === MAX_AMOUNT_MAJOR && fraction !== '')) {
    return {
      ok: false,
      message: `The amount "${trimmed}" is larger than ${MAX_AMOUNT_MAJOR.toLocaleString('en-US')} ${currency.toUpperCase()}; it looks like a mistake.`,
    };
  }
  const minor =
    BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return { ok: true, minor };
}

/** 4999 USD → "49.99"; 500 JPY → "500". */
export function formatMinor(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(exponent);
  const whole = (abs / scale).toString();
  const fraction = exponent ? `.${(abs % scale).toString().padStart(exponent, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
