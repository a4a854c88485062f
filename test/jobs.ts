/** Runs the queued graphile-worker jobs once, as a worker process would, for integration tests. */
import { sql } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import { expect } from 'vitest';
import { db, directDatabaseUrl } from '../db/client';
import { taskList } from '../workers';

/** Jobs a worker holds right now. */
export async function lockedJobs(): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from graphile_worker.jobs where locked_at is not null`,
  );
  return row.n;
}

/** Runs every job that is due, then waits until none is held. */
export async function runJobs(): Promise<void> {
  await runOnce({ connectionString: directDatabaseUrl(), taskList });
  // graphile-worker 0.17's runOnce can return before its last job is released.
  await expect.poll(lockedJobs, { timeout: 5_000 }).toBe(0);
}
