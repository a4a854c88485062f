import { runBulkAction } from '../../app/conversions/bulk-action.server';
import { defineTask } from '../define-task';

/**
 * "Approve / reject / reverse every conversion matching the filter" for more than a few hundred:
 * changes the run's conversions chunk by chunk, each chunk committed with the run's progress, so
 * a retry resumes where the last attempt stopped (app/conversions/bulk-action.server.ts).
 */
export default defineTask('conversions__bulk_action', async (payload, helpers) => {
  const run = await runBulkAction(payload.runId);
  if (run) {
    helpers.logger.info(
      `bulk ${run.intent} ${run.id}: ${run.changedCount} changed, ${run.unchangedCount} unchanged, ${run.refusedCount} refused of ${run.total}`,
    );
  }
});
