import { z } from 'zod';
import { paymentSchema, rejectionSchema } from './schemas';

/** Rows per page on the Payouts page's tables and a statement's lines. */
export const PAYOUTS_PAGE_SIZE = 50;
export const STATEMENT_LINES_PAGE_SIZE = 100;

export const STATEMENT_FILTER_STATUSES = ['open', 'carried_forward', 'paid'] as const;

/**
 * The statements filter of the Payouts page and of the CSV exports (the same query string, so
 * "Export these" exports what is shown): a month (YYYY-MM) and a status, both optional. A value
 * that is not one of these is refused (400), not silently ignored.
 */
export const statementFilterSchema = z.object({
  period: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '')
    .pipe(
      z.union([
        z.literal(''),
        z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'The period must be a month like 2026-12.'),
      ]),
    ),
  status: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '')
    .pipe(
      z.union([z.literal(''), z.enum(STATEMENT_FILTER_STATUSES)], {
        error: 'The status must be due, carried forward or paid.',
      }),
    ),
  /** One member's statements (a member id; another brand's is a 404). */
  member: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '')
    .pipe(z.union([z.literal(''), z.uuid({ error: 'Member not found.' })])),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type StatementFilter = z.output<typeof statementFilterSchema>;

/** "2026-12-01" → "December 2026" (statements are monthly). */
export function periodLabel(periodStart: string): string {
  const [year, month] = periodStart.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
}

const idList = (message: string) =>
  z.preprocess(
    (v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(100)).min(1, message).max(5000, 'Select at most 5,000 members.'),
  );

/** A statement as a Mark paid form showed it: its id and the total shown, in minor units. */
export interface ShownStatementInput {
  id: string;
  amountMinor: number;
}

/**
 * The statements a Mark paid form pays, with the totals it showed, as one hidden field:
 * "<id>:<minor> <id>:<minor>" (decision 037).
 */
export function encodeShown(statements: readonly ShownStatementInput[]): string {
  return statements.map((s) => `${s.id}:${s.amountMinor}`).join(' ');
}

/** The inverse of encodeShown; null when it is not such a list. */
export function decodeShown(value: unknown): ShownStatementInput[] | null {
  if (typeof value !== 'string' || value.length > 400_000) return null;
  const parts = value.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 5000) return null;
  const out: ShownStatementInput[] = [];
  for (const part of parts) {
    const match = /^([0-9a-f-]{36}):(-?\d{1,15})$/i.exec(part);
    if (!match) return null;
    out.push({ id: match[1].toLowerCase(), amountMinor: Number(match[2]) });
  }
  return out;
}

const shownField = z
  .string({ error: 'Reload the page: the statements it showed are missing.' })
  .transform((value, ctx) => {
    const shown = decodeShown(value);
    if (!shown) {
      ctx.addIssue({
        code: 'custom',
        message: 'Reload the page: the statements it showed are missing.',
      });
      return z.NEVER;
    }
    return shown;
  });

/**
 * Mark paid on a statement's page: that statement, every statement the payment settles with
 * the total the page showed (`shown`), and the payment's date, method, reference.
 */
export const markPaidFormSchema = z
  .object({ statementId: z.string().max(100), shown: shownField })
  .and(paymentSchema);

/**
 * Mark paid on Amounts due: the members' balances selected (`balance` = "<member id>:<currency>";
 * each row's statements and totals are in its hidden `shown:<member id>:<currency>`), and the
 * payment's date, method, reference.
 */
export const markBalancesPaidFormSchema = z
  .object({ balance: idList('Select at least one member to mark paid.') })
  .and(paymentSchema);

/** The key of a member's balance in a currency, as Amounts due's checkboxes carry it. */
export const balanceKey = (memberId: string, currency: string) => `${memberId}:${currency}`;

/** The statements and totals a Mark paid form showed for a balance (its hidden field), or null. */
export function shownOfBalance(form: FormData, key: string): ShownStatementInput[] | null {
  return decodeShown(form.get(`shown:${key}`));
}

/** Reject one commission of a statement, with a reason from the list. */
export const rejectFormSchema = z
  .object({ conversionId: z.string().max(100) })
  .and(rejectionSchema);
/**
 * A payouts page's `shouldRevalidate`: after a refusal because the figures changed (409) its
 * loader runs again, so the page shows the new figures next to the message (Remix skips the
 * loaders after an action's 4xx answer otherwise). Without JavaScript the page is rendered anew
 * anyway.
 */
export function revalidateAfterRefusal({
  actionStatus,
  defaultShouldRevalidate,
}: {
  actionStatus?: number;
  defaultShouldRevalidate: boolean;
}): boolean {
  return actionStatus === 409 || defaultShouldRevalidate;
}
