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
    z.array(z.string().max(100)).min(1, message).max(5000, 'Select at most 5,000 statements.'),
  );

/** Mark paid (one statement or many): the statements, and the payment's date, method, reference. */
export const markPaidFormSchema = z
  .object({ statementId: idList('Select at least one statement to mark paid.') })
  .and(paymentSchema);

/** Reject one commission of a statement, with a reason from the list. */
export const rejectFormSchema = z
  .object({ conversionId: z.string().max(100) })
  .and(rejectionSchema);
