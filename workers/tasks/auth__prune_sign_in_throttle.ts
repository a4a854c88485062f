import { pruneIdempotencyKeys } from '../../app/api/idempotency.server';
import { pruneApiRateCounters } from '../../app/api/rate-limit.server';
import { pruneThrottleCounters } from '../../app/auth/rate-limit.server';
import { defineTask } from '../define-task';

/**
 * Deletes sign-in counters whose window has ended (hourly; they no longer refuse anyone), and the
 * API's ended rate-limit windows and Idempotency-Key answers older than 24 hours.
 */
export default defineTask('auth__prune_sign_in_throttle', async (_payload, helpers) => {
  const pruned = await pruneThrottleCounters();
  if (pruned > 0) helpers.logger.info(`pruned ${pruned} sign-in counter(s)`);
  const windows = await pruneApiRateCounters();
  const answers = await pruneIdempotencyKeys();
  if (windows + answers > 0) {
    helpers.logger.info(`pruned ${windows} API rate window(s), ${answers} idempotency answer(s)`);
  }
});
