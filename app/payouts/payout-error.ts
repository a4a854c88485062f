/**
 * A refusal of the payouts module: an illegal status change, a paid statement, bad input or an id
 * that is not the brand's, or totals that changed since the caller showed them. Nothing was
 * changed when it is thrown (the module works in a savepoint). Routes answer `status` with
 * `message` (and `fieldErrors` for form fields).
 */
export class PayoutError extends Error {
  readonly status: 400 | 404 | 409;
  readonly code: PayoutErrorCode;
  /** The ids the refusal is about (conversions or statements), for the page to point at. */
  readonly ids: string[];
  readonly fieldErrors: Record<string, string[]>;

  constructor(
    code: PayoutErrorCode,
    message: string,
    options: { ids?: string[]; fieldErrors?: Record<string, string[]> } = {},
  ) {
    super(message);
    this.name = 'PayoutError';
    this.code = code;
    this.status = code === 'not_found' ? 404 : code === 'changed' ? 409 : 400;
    this.ids = options.ids ?? [];
    this.fieldErrors = options.fieldErrors ?? {};
  }
}

export type PayoutErrorCode =
  /** An unknown id, or another brand's: answer 404. */
  | 'not_found'
  /** The status change is not one of the legal transitions (e.g. approving a reversed commission). */
  | 'illegal_transition'
  /** The commission or statement is already paid; paid money is never edited. */
  | 'already_paid'
  /** The statement is not payable (carried forward below the minimum payout, or nothing to pay). */
  | 'not_payable'
  /** A field is missing or out of range (see fieldErrors). */
  | 'invalid_input'
  /**
   * What the caller showed (a total, the statements a payment settles) is no longer what the
   * ledger holds: another change came in since the page was opened. Answer 409 and show the new
   * figures (docs/decisions/037-stale-totals.md).
   */
  | 'changed';

export function isPayoutError(error: unknown): error is PayoutError {
  return error instanceof PayoutError;
}
