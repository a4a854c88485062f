import { rebuildDailyStats } from '../../app/reporting/rollups.server';
import { defineTask } from '../define-task';

/** Recomputes a brand's daily rollups in its (new) time zone. */
export default defineTask('reporting__rebuild_daily', async (payload) => {
  await rebuildDailyStats(payload.brandId);
});
