import { data } from '@remix-run/node';
import { db } from '../../db/client';
import { rejectConversions } from './lifecycle.server';
import { isPayoutError } from './payout-error';
import { isStatementCommission } from './payouts-overview.server';
import { requestRollup } from './rollup.server';
import type { RejectionInput } from './schemas';

/**
 * An action's answer to a refusal of the payouts module: another brand's or an unknown id is a
 * 404 (thrown, like every missing row); totals changed since the page showed them are a 409 (the
 * page reloads its figures: `revalidateAfterRefusal`); any other refusal is a 400 with its
 * message and field errors, nothing changed. Anything else is rethrown.
 */
export function payoutRefusal(error: unknown, intent: string, extra: Record<string, string> = {}) {
  if (!isPayoutError(error)) throw error;
  if (error.status === 404) {
    throw new Response(error.message, { status: 404, headers: { 'content-type': 'text/plain' } });
  }
  return data(
    {
      intent,
      ...extra,
      ok: false as const,
      code: error.code,
      formError: error.message,
      fieldErrors: error.fieldErrors,
    },
    { status: error.status },
  );
}

/** "Run now" on the Payouts page: queues the brand's rollup (a run already queued is reused). */
export async function runRollupNow(brandId: string, userId: string) {
  return db.transaction((tx) => requestRollup(tx, brandId, userId));
}

/**
 * Rejects one commission of one of the brand's statements (the Reject dialog of the statement
 * page), through the lifecycle module. Null when the conversion is not a line of that statement
 * (or either id is not the brand's): nothing changes.
 */
export async function rejectStatementCommission(
  brandId: string,
  userId: string,
  statementId: string,
  conversionId: string,
  rejection: RejectionInput,
) {
  if (!(await isStatementCommission(brandId, statementId, conversionId))) return null;
  return rejectConversions(db, brandId, [conversionId], rejection, { kind: 'user', userId });
}
