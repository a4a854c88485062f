import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import type { TaskName, TaskPayloads } from './task-names';

export interface EnqueueOptions {
  /** Deduplicates: a second job with the same key replaces (or, with `preserve_run_at`, keeps) the first. */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
}

/**
 * Queues a graphile-worker job inside the caller's transaction: the job exists only if the
 * transaction commits, so a rolled-back request queues nothing. The one place jobs are added.
 */
export async function enqueue<T extends TaskName>(
  tx: Tx,
  task: T,
  payload: TaskPayloads[T],
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.execute(sql`
    select graphile_worker.add_job(
      identifier => ${task}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      job_key_mode => ${options.jobKey ? (options.jobKeyMode ?? 'replace') : null}::text
    )`);
}
