import { z } from 'zod';
import type { WholeNumberRange } from '../forms/number-range';
import { PAYMENT_METHOD_VALUES, REJECT_REASON_VALUES } from '../../db/schema/enum-values';
import { currencyExponent, formatMinor, parseAmount, type ParsedAmount } from '../money/money';

/** The brand's reasons for rejecting a commission, in the order a form lists them. */
export const REJECT_REASONS = REJECT_REASON_VALUES;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  fraud: 'Fraud',
  returned_order: 'Returned order',
  test_order: 'Test order',
  duplicate: 'Duplicate',
  terms_violation: 'Terms violation',
  other: 'Other',
};

export const PAYMENT_METHODS = PAYMENT_METHOD_VALUES;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  paypal: 'PayPal',
  bank_transfer: 'Bank transfer',
  other: 'Other',
};

export const STATEMENT_STATUS_LABELS = {
  open: 'Due',
  carried_forward: 'Carried forward',
  paid: 'Paid',
} as const;
export type StatementStatus = keyof typeof STATEMENT_STATUS_LABELS;

/**
 * A conversion's status in words, and a statement line's (an adjustment is a line too; `paid` is
 * an approved commission whose statement is paid, as creators see it: lineStatusOf).
 */
export const LINE_STATUS_LABELS = {
  pending: 'Pending',
  approved: 'Approved',
  paid: 'Paid',
  rejected: 'Rejected',
  reversed: 'Reversed',
  refused: 'Refused',
  adjustment: 'Adjustment',
} as const;
export const lineStatusLabel = (status: string): string =>
  LINE_STATUS_LABELS[status as keyof typeof LINE_STATUS_LABELS] ?? status;

/**
 * A statement line's status as a creator reads it everywhere (statement page, conversions list,
 * CSV): an approved commission of a paid statement is `paid`; anything else is its own status.
 */
export function lineStatusOf(status: string, statementStatus: string | null | undefined): string {
  return status === 'approved' && statementStatus === 'paid' ? 'paid' : status;
}

export const NOTE_MAX = 1000;
export const REFERENCE_MAX = 200;

/** Holding periods the offer form offers; any other whole number of days in range is "custom". */
export const HOLDING_PERIOD_PRESETS = [0, 7, 14, 30, 60, 90] as const;
/** A holding period's days (the offer form's custom days and its action's check). */
export const HOLDING_PERIOD_DAYS: WholeNumberRange = { min: 0, max: 365, unit: 'days' };

/** A rejection: a reason from the list; `other` needs a note saying what. */
export const rejectionSchema = z
  .object({
    reason: z.enum(REJECT_REASONS, { error: 'Choose a reason from the list.' }),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX, `The note can be at most ${NOTE_MAX} characters.`)
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .superRefine((value, ctx) => {
    if (value.reason === 'other' && !value.note) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'Say why in the note when the reason is "Other".',
      });
    }
  });
export type RejectionInput = z.input<typeof rejectionSchema>;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function isRealDay(value: string): boolean {
  if (!isoDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A payment: the day the brand paid (not in the future, not before 2000), how, and an optional
 * reference (PayPal batch id, bank transfer reference).
 */
export const paymentSchema = z.object({
  paidOn: z
    .string({ error: 'Give the payment date.' })
    .trim()
    .min(1, 'Give the payment date.')
    .refine(isRealDay, 'The payment date must be a date (YYYY-MM-DD).')
    .refine((v) => v >= '2000-01-01', 'The payment date must be in 2000 or later.')
    .refine(
      // A day of slack: the brand's "today" may be ahead of UTC.
      (v) => v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      'The payment date cannot be in the future.',
    ),
  method: z.enum(PAYMENT_METHODS, { error: 'Choose PayPal, bank transfer or other.' }),
  reference: z
    .string()
    .trim()
    .max(REFERENCE_MAX, `The reference can be at most ${REFERENCE_MAX} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type PaymentInput = z.input<typeof paymentSchema>;

/** The largest minimum payout, in major units of any currency. */
export const MAX_MINIMUM_PAYOUT_MAJOR = 1_000_000n;

/**
 * How a minimum payout in `currency` is written, for the field's hint and its error message:
 * "an amount", "with up to 2 decimals", "50.00" — or for JPY "a whole number",
 * "(JPY has no decimals)", "5000".
 */
export function minimumPayoutFormat(currency: string) {
  const exponent = currencyExponent(currency);
  const scale = 10n ** BigInt(exponent);
  const max = formatMinor(MAX_MINIMUM_PAYOUT_MAJOR * scale, currency).replace(/^(\d+)/, (whole) =>
    BigInt(whole).toLocaleString('en-US'),
  );
  return exponent === 0
    ? {
        kind: 'a whole number',
        decimals: `(${currency} has no decimals)`,
        example: formatMinor(5000n, currency),
        min: '0',
        max,
      }
    : {
        kind: 'an amount',
        decimals: `with up to ${exponent} decimals`,
        example: formatMinor(50n * scale, currency),
        min: formatMinor(0, currency),
        max,
      };
}

/**
 * A minimum payout typed in major units of its currency ("50.00" USD → 5000; "5000" JPY → 5000;
 * empty = 0, no minimum), with that currency's decimals. A refusal names the currency, the
 * format and the range: "Enter the minimum payout in JPY as a whole number from 0 to 1,000,000
 * (JPY has no decimals), like 5000."
 */
export function parseMinimumPayout(text: string, currency: string): ParsedAmount {
  const value = text.trim();
  const parsed = parseAmount(value === '' ? '0' : value, currency, {
    maxMajor: MAX_MINIMUM_PAYOUT_MAJOR,
    allowGrouping: true,
  });
  if (parsed.ok) return parsed;
  const f = minimumPayoutFormat(currency);
  return {
    ok: false,
    message: `Enter the minimum payout in ${currency} as ${f.kind} from ${f.min} to ${f.max} ${f.decimals}, like ${f.example}.`,
  };
}
