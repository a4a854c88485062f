/**
 * The payouts module's refusals (PayoutError, app/payouts/payout-error.ts) as API problems: an
 * unknown or another brand's id → 404; a status change the lifecycle does not allow, a paid
 * commission, a statement not payable, or totals changed since the caller read them → 409
 * (the request conflicts with the resource's current state: read it again, decision 048); bad
 * input → 400 naming each field in the API's spelling. Nothing changed in every case.
 */
import { isPayoutError } from '../payouts/payout-error';
import { ApiProblem, fieldErrorProblems, invalid } from './problem.server';

export function payoutProblem(error: unknown, fieldNames: Record<string, string> = {}): unknown {
  if (!isPayoutError(error)) return error;
  if (error.code === 'not_found') return new ApiProblem('not_found', error.message);
  if (error.code === 'invalid_input') {
    const renamed = Object.fromEntries(
      Object.entries(error.fieldErrors).map(([field, messages]) => [
        fieldNames[field] ?? field,
        messages,
      ]),
    );
    const errors = fieldErrorProblems(renamed);
    return invalid(errors.length ? errors : [{ field: '', message: error.message }], error.message);
  }
  return new ApiProblem('conflict', error.message);
}

/** Runs a module call, answering its PayoutError as a problem. */
export async function withPayoutProblems<T>(
  work: () => Promise<T>,
  fieldNames: Record<string, string> = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw payoutProblem(error, fieldNames);
  }
}
