import { pruneClickVisitors } from '../../app/tracking/click-storage.server';
import { defineTask } from '../define-task';

/** Hourly: forgets visitors last seen over 24 hours ago (unique clicks need no more). */
export default defineTask('clicks__prune_visitors', async (_payload, helpers) => {
  const pruned = await pruneClickVisitors();
  if (pruned > 0) helpers.logger.info(`pruned ${pruned} visitor(s)`);
});
