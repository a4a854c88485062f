import { pruneThrottleCounters } from '../../app/auth/rate-limit.server';
import { defineTask } from '../define-task';

/** Deletes sign-in counters whose window has ended (hourly; they no longer refuse anyone). */
export default defineTask('auth__prune_sign_in_throttle', async (_payload, helpers) => {
  const pruned = await pruneThrottleCounters();
  if (pruned > 0) helpers.logger.info(`pruned ${pruned} sign-in counter(s)`);
});
