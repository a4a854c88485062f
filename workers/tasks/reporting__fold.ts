import { enqueue } from '../../app/jobs/enqueue.server';
import { FOLD_EVERY_MS, foldStats } from '../../app/reporting/rollups.server';
import { db } from '../../db/client';
import { defineTask } from '../define-task';

/**
 * Folds new clicks and conversion changes into the reporting rollups, then queues its next run
 * (one job key: a single chain however many workers run; the crontab restarts a broken chain).
 */
export default defineTask('reporting__fold', async () => {
  await foldStats();
  await enqueue(
    db,
    'reporting__fold',
    {},
    { jobKey: 'reporting__fold', runAt: new Date(Date.now() + FOLD_EVERY_MS), maxAttempts: 1 },
  );
});
