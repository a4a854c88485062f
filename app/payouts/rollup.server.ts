import { sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { enqueue } from '../jobs/enqueue.server';
import {
  placeLines,
  refreshPayable,
  startLines,
  withLedger,
  type Placement,
} from './ledger.server';

export interface RollupCounts extends Placement {
  ms: number;
}

/**
 * The payout rollup of one brand (SPEC §7), in one transaction holding the brand's ledger lock:
 * approves the pending commissions whose offer's holding period has passed, places them, the
 * approved commissions and the adjustments not yet in a statement into their members'
 * statements (one per member, month and currency; a paid one is never touched, later lines go
 * to the next), and re-decides which statements are payable against the minimum payout.
 * Set-based SQL throughout. Idempotent: a second run finds nothing to do and changes nothing.
 * Its work is found in payout_queue (every conversion stored as pending), not by an index on
 * conversions.status, so that its updates are HOT (decision 034).
 */
export async function rollupBrand(
  brandId: string,
  options: { now?: Date; tx?: Tx } = {},
): Promise<RollupCounts> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const at = sql`${now.toISOString()}::timestamptz`;
  const placement = await withLedger(options.tx ?? db, brandId, { kind: 'system' }, async (t) => {
    // Big set-based statements: no JIT compilation (half a second each), room to hash in memory,
    // and index lookups priced as on an SSD (random_page_cost 4 made the planner scan all of
    // conversions to update an hour's 10,000 lines: 384 ms instead of 30).
    await t.execute(
      sql`select set_config('jit', 'off', true), set_config('work_mem', '128MB', true),
                 set_config('random_page_cost', '1.1', true)`,
    );
    await startLines(t);
    // The queued conversions whose offer's holding period has passed leave the queue
    // (payout_queue_due_idx: a range scan, offer by offer): each is approved and placed now, or
    // was decided already (rejected, reversed, approved early), or has no member to be paid
    // (such a conversion can never be approved). Under the brand's lock, in this transaction:
    // if anything fails they are back in the queue.
    await t.execute(sql`
      create temp table if not exists payout_matured (id uuid not null) on commit drop`);
    await t.execute(sql`truncate payout_matured`);
    await t.execute(sql`
      with matured as (
        delete from payout_queue q
         using offers o
         where o.brand_id = ${brandId} and q.brand_id = o.brand_id and q.offer_id = o.id
           and q.created_at <= ${at} - make_interval(days => o.holding_period_days)
        returning q.conversion_id
      )
      insert into payout_matured (id) select conversion_id from matured`);
    await t.execute(sql`analyze payout_matured`);
    // Pending ones are approved and placed, approved ones not in a statement are placed: read
    // from conversions in one pass (a hash join; a lookup by primary key per row reads the
    // table's pages in random order, over and over when it is larger than shared_buffers), in
    // the conversions' physical order, so that their UPDATE visits each page once.
    await t.execute(sql`
      insert into payout_lines (kind, id, member_id, currency, month)
      select case when c.status = 'pending' then 'approve' else 'place' end, c.id, c.member_id,
             c.currency,
             date_trunc('month', case when c.status = 'pending' then ${at} else c.approved_at end
                                 at time zone 'UTC')::date
        from payout_matured m
        join conversions c on c.id = m.id
       where c.brand_id = ${brandId} and c.member_id is not null
         and (c.status = 'pending' or (c.status = 'approved' and c.statement_id is null))
       order by c.ctid`);
    // And adjustments never placed (statement_adjustments_unplaced_idx).
    await t.execute(sql`
      insert into payout_lines (kind, id, member_id, currency, month)
      select 'adjust', a.id, a.member_id, a.currency,
             date_trunc('month', a.created_at at time zone 'UTC')::date
        from statement_adjustments a
       where a.brand_id = ${brandId} and a.statement_id is null`);
    const result = await placeLines(t, brandId, { kind: 'system' }, now);
    if (result.placed > 0) await refreshPayable(t, brandId, 'lines', now);
    return result;
  });
  return { ...placement, ms: Math.round(performance.now() - started) };
}

export type RollupRun = {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  trigger: 'schedule' | 'manual';
  step: string | null;
  approvedCount: number;
  linesPlacedCount: number;
  statementsTouchedCount: number;
  error: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const runColumns = sql`id, status, trigger, step, approved_count as "approvedCount",
  lines_placed_count as "linesPlacedCount", statements_touched_count as "statementsTouchedCount",
  error, queued_at as "queuedAt", started_at as "startedAt", finished_at as "finishedAt"`;

/**
 * "Run now" on the Payouts page: queues the brand's rollup as a job, in the caller's
 * transaction, and returns its run for the page to poll (getRollupRun). A run already queued
 * for the brand is returned instead of queueing another.
 */
export async function requestRollup(
  tx: Tx,
  brandId: string,
  requestedByUserId: string | null,
): Promise<RollupRun> {
  const [queued] = await tx.execute<RollupRun>(sql`
    select ${runColumns} from rollup_runs
     where brand_id = ${brandId} and status = 'queued'
     order by queued_at desc limit 1`);
  if (queued) return normalise(queued);
  const [run] = await tx.execute<RollupRun>(sql`
    insert into rollup_runs (brand_id, trigger, requested_by_user_id)
    values (${brandId}, 'manual', ${requestedByUserId}::uuid)
    returning ${runColumns}`);
  await enqueue(tx, 'payouts__rollup', { brandId, runId: run.id });
  return normalise(run);
}

/** A run of the brand's rollup (404-safe: another brand's run id is null). */
export async function getRollupRun(brandId: string, runId: string): Promise<RollupRun | null> {
  const [run] = await db.execute<RollupRun>(sql`
    select ${runColumns} from rollup_runs
     where brand_id = ${brandId} and id::text = ${runId}`);
  return run ? normalise(run) : null;
}

/** The brand's latest rollup runs, newest first. */
export async function latestRollupRuns(brandId: string, limit = 5): Promise<RollupRun[]> {
  const rows = await db.execute<RollupRun>(sql`
    select ${runColumns} from rollup_runs
     where brand_id = ${brandId} order by queued_at desc limit ${limit}`);
  return rows.map(normalise);
}

function normalise(row: RollupRun): RollupRun {
  const date = (v: Date | string | null) => (v == null ? null : new Date(v));
  return {
    ...row,
    queuedAt: new Date(row.queuedAt),
    startedAt: date(row.startedAt),
    finishedAt: date(row.finishedAt),
  };
}

/** Placements after which the rollup job vacuums payout_queue (see runRecordedRollup). */
export const QUEUE_VACUUM_AFTER = 50_000;

/** VACUUM (ANALYZE) of payout_queue: outside any transaction, on a connection of the pool. */
export async function vacuumPayoutQueue(): Promise<void> {
  await db.execute(sql`vacuum (analyze) payout_queue`);
}

/**
 * Runs a brand's rollup and records it in rollup_runs (`runId` = the run "Run now" queued; none =
 * the hourly schedule, which records its own). The run's row is written outside the rollup's
 * transaction, so the Payouts page sees `running` while it works.
 */
export async function runRecordedRollup(
  brandId: string,
  runId?: string,
): Promise<RollupCounts | null> {
  let id = runId;
  if (id) {
    const [started] = await db.execute<{ id: string }>(sql`
      update rollup_runs set status = 'running', started_at = now(),
             step = 'Approving matured commissions and building statements'
       where id = ${id} and brand_id = ${brandId} and status in ('queued', 'failed')
      returning id`);
    // Already done (a retried job whose first attempt finished): nothing to do.
    if (!started) return null;
  } else {
    const [created] = await db.execute<{ id: string }>(sql`
      insert into rollup_runs (brand_id, trigger, status, started_at, step)
      values (${brandId}, 'schedule', 'running', now(),
              'Approving matured commissions and building statements')
      returning id`);
    id = created.id;
  }
  try {
    const counts = await rollupBrand(brandId);
    // A large run leaves as many dead rows in payout_queue, which the next run's range scan
    // would step over until autovacuum came by: the queue is narrow, vacuuming it is cheap.
    if (counts.placed >= QUEUE_VACUUM_AFTER) await vacuumPayoutQueue();
    await db.execute(sql`
      update rollup_runs
         set status = 'done', finished_at = now(), step = null, error = null,
             approved_count = ${counts.approved}, lines_placed_count = ${counts.placed},
             statements_touched_count = ${counts.statements}
       where id = ${id}`);
    return counts;
  } catch (error) {
    await db.execute(sql`
      update rollup_runs set status = 'failed', finished_at = now(), step = null,
             error = ${error instanceof Error ? error.message.slice(0, 500) : 'failed'}
       where id = ${id}`);
    throw error;
  }
}

/** Brands with something for the rollup to do: conversions queued or adjustments not placed. */
export async function brandsToRollUp(): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select b.id from brands b
     where exists (select 1 from payout_queue q where q.brand_id = b.id)
        or exists (select 1 from statement_adjustments a
                    where a.brand_id = b.id and a.statement_id is null)
     order by b.id`);
  return rows.map((r) => r.id);
}
