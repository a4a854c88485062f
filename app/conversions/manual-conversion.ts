import { z } from 'zod';
import { NOTE_MAX } from '../payouts/schemas';
import { parseAmount, SALE_AMOUNT_RANGE, type AmountRange } from '../money/money';

/** The sale amount of a conversion added by hand: as a postback's, from 0 to 10,000,000. */
export const MANUAL_SALE_AMOUNT: AmountRange = SALE_AMOUNT_RANGE;

/** The Add conversion form's sale amount, in the offer's currency (thousands may be grouped). */
export function parseSaleAmount(text: string, currency: string) {
  return parseAmount(text, currency, { allowGrouping: true, ...MANUAL_SALE_AMOUNT });
}

/** `YYYY-MM-DDTHH:MM` (a datetime-local input), read as UTC like the conversions list's times. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function parseUtcDateTime(value: string): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((v) => Number(v ?? 0));
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // Date.UTC rolls 2026-02-31 over into March: refuse what does not round-trip.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) {
    return null;
  }
  return h > 23 || mi > 59 || se > 59 ? null : at;
}

/** A datetime-local value for a time, in UTC, to the minute. */
export function utcDateTimeValue(at: Date): string {
  return at.toISOString().slice(0, 16);
}

const text = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: message }).min(1, message).max(max, `At most ${max} characters.`),
  );
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
    z.string().max(max, `At most ${max} characters.`).optional(),
  );

/**
 * The manual conversion form (an order the tracking missed), shared by the form and its action.
 * The rules that need the database (the link is the brand's and the member's, the currency is the
 * offer's, the order id is new for the offer, the amount by the offer's commission) are checked
 * by createManualConversion.
 */
export const manualConversionSchema = z.object({
  memberId: z.uuid({ error: 'Choose a member.' }),
  linkId: z.uuid({ error: 'Choose one of the member’s links.' }),
  orderId: text(200, 'Enter the order id.'),
  amount: optionalText(64),
  currency: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase() : undefined),
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'Enter a three-letter currency code, like USD.')
      .optional(),
  ),
  occurredAt: z
    .string({ error: 'Enter the date and time of the sale.' })
    .refine((v) => parseUtcDateTime(v) !== null, 'Enter the date and time of the sale.'),
  note: optionalText(NOTE_MAX),
});
export type ManualConversionInput = z.output<typeof manualConversionSchema>;
