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
 */
export async function rollupBrand(
  brandId: string,
  options: { now?: Date; tx?: Tx } = {},
): Promise<RollupCounts> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const at = sql`${now.toISOString()}::timestamptz`;
  const placement = await withLedger(options.tx ?? db, brandId, { kind: 'system' }, async (t) => {
    await startLines(t);
    // Matured pending commissions, offer by offer (conversions_brand_pending_idx: a range scan of
    // only the matured ones), approved ones never placed, adjustments never placed.
    await t.execute(sql`
      insert into payout_lines (kind, id, member_id, currency, month)
      select 'approve', c.id, c.member_id, c.currency,
             date_trunc('month', ${at} at time zone 'UTC')::date
        from offers o
        join conversions c
          on c.brand_id = o.brand_id and c.offer_id = o.id and c.status = 'pending'
         and c.created_at <= ${at} - make_interval(days => o.holding_period_days)
       where o.brand_id = ${brandId} and c.member_id is not null
      union all
      select 'place', c.id, c.member_id, c.currency,
             date_trunc('month', c.approved_at at time zone 'UTC')::date
        from conversions c
       where c.brand_id = ${brandId} and c.status = 'approved' and c.statement_id is null
         and c.member_id is not null
      union all
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

/** Brands with something for the rollup to do: pending commissions or lines not yet placed. */
export async function brandsToRollUp(): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select b.id from brands b
     where exists (select 1 from conversions c where c.brand_id = b.id and c.status = 'pending')
        or exists (select 1 from conversions c
                    where c.brand_id = b.id and c.status = 'approved' and c.statement_id is null)
        or exists (select 1 from statement_adjustments a
                    where a.brand_id = b.id and a.statement_id is null)
     order by b.id`);
  return rows.map((r) => r.id);
}
