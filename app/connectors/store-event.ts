import type { RefundPart } from '../conversions/refund.server';
import { currencyExponent } from '../money/money';

export type { RefundPart };

/**
 * What a store's webhook body means to Offerlink, whatever the store: the connectors translate
 * (shopify/woocommerce/stripe.server.ts), `deliveries.server.ts` acts. No connector decides
 * attribution itself: orders and renewals go to app/conversions.
 */
export type StoreEvent =
  | {
      type: 'order';
      orderId: string;
      /** The click id our snippet captured, or found in the landing page's query. */
      clickRef: string | null;
      /** The discount (promo) code used, when there is one. */
      couponCode: string | null;
      /** The commission base as a decimal string in `currency` ("84.00"). */
      amount: string;
      currency: string;
    }
  | {
      type: 'renewal';
      originalOrderId: string;
      /** YYYY-MM-DD: the start of the period paid for. */
      period: string;
      amount: string;
      currency: string;
    }
  | { type: 'refund'; orderId: string; ref: string; refund: RefundPart }
  | { type: 'ignore'; message: string };

/** "84.5" in EUR → 8450n; null when it is not a plain non-negative decimal. */
export function decimalToMinor(value: unknown, currency: string): bigint | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const match = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return null;
  const exponent = currencyExponent(currency);
  const fraction = (match[3] ?? '').padEnd(exponent, '0');
  // Digits past the currency's minor unit are dropped (stores send at most the minor unit).
  const minor = BigInt(match[2] + fraction.slice(0, exponent));
  return match[1] === '-' ? -minor : minor;
}

/** 8450n in EUR → "84.50"; 5000n in JPY → "5000". */
export function minorToDecimal(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** A value that is a plain object, for walking an untrusted JSON body. */
export function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string or number id as text; null for anything else. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

/** The query parameter names a click id may travel under on a landing URL. */
export const CLICK_ID_PARAMS = ['offerlink_click_id', 'transaction_id', 'click_id', 'olclid'];

/** The click id in a landing URL or path's query (`/?transaction_id=…`), under any of `names`. */
export function clickIdFromUrl(url: unknown, names: string[]): string | null {
  if (typeof url !== 'string' || url === '') return null;
  const q = url.indexOf('?');
  if (q === -1) return null;
  const params = new URLSearchParams(url.slice(q + 1).split('#')[0]);
  for (const name of names) {
    const value = params.get(name);
    if (value) return value.trim();
  }
  return null;
}
