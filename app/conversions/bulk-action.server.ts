import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { conversionBulkRuns } from '../../db/schema';
import { enqueue } from '../jobs/enqueue.server';
import {
  approveConversions,
  rejectConversions,
  reverseConversions,
} from '../payouts/lifecycle.server';
import { PayoutError, isPayoutError } from '../payouts/payout-error';
import { NOTE_MAX, rejectionSchema, type RejectReason } from '../payouts/schemas';
import type { ConversionFilter } from './conversion-filter';
import { conversionIdsMatching } from './conversion-list.server';

import { BULK_LIMIT } from './bulk-limits';

export { BULK_JOB_THRESHOLD, BULK_LIMIT } from './bulk-limits';
/** Conversions changed per transaction by the job (each chunk commits with its progress). */
export const BULK_CHUNK = 250;

export type BulkRun = typeof conversionBulkRuns.$inferSelect;
/** A change asked for the conversions matching a filter (conversionActionSchema's output). */
type BulkAction =
  | { intent: 'approve' }
  | { intent: 'reject'; reason: RejectReason; note?: string }
  | { intent: 'reverse'; note?: string };
type Intent = BulkAction['intent'];

/**
 * The conversions "every conversion matching the filter" means, fixed now (newest first): at
 * most BULK_LIMIT, else a refusal saying so (nothing changes); the reject's reason and note are
 * checked here too, so a queued job never fails on its input.
 */
export async function bulkTargets(
  brandId: string,
  action: BulkAction,
  filter: ConversionFilter,
): Promise<string[]> {
  if (action.intent === 'reject') {
    const parsed = rejectionSchema.safeParse({ reason: action.reason, note: action.note });
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        (fieldErrors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
      }
      throw new PayoutError('invalid_input', 'Give a reason for the rejection.', { fieldErrors });
    }
  }
  if (action.intent !== 'approve' && (action.note?.trim().length ?? 0) > NOTE_MAX) {
    throw new PayoutError('invalid_input', `The note can be at most ${NOTE_MAX} characters.`);
  }
  const ids = await conversionIdsMatching(brandId, filter, BULK_LIMIT + 1);
  if (ids.length > BULK_LIMIT) {
    throw new PayoutError(
      'invalid_input',
      `More than ${BULK_LIMIT.toLocaleString('en-US')} conversions match the filter; at most ${BULK_LIMIT.toLocaleString('en-US')} can be changed at once. Narrow the filter (a status, offer, member or dates) and apply it again. Nothing was changed.`,
    );
  }
  return ids;
}

/**
 * Queues the change of `ids` as a `conversions__bulk_action` job, in one transaction with its
 * run (the page polls the run's counts): a rolled-back request queues nothing.
 */
export async function queueBulkAction(
  brandId: string,
  userId: string,
  action: BulkAction,
  ids: string[],
  filterQuery: string,
): Promise<BulkRun> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(conversionBulkRuns)
      .values({
        brandId,
        requestedByUserId: userId,
        intent: action.intent,
        rejectReason: action.intent === 'reject' ? action.reason : null,
        note: action.intent === 'approve' ? null : action.note?.trim() || null,
        filterQuery,
        conversionIds: ids,
        total: ids.length,
      })
      .returning();
    await enqueue(
      tx,
      'conversions__bulk_action',
      { runId: run.id },
      { jobKey: `conversions__bulk_action:${run.id}`, jobKeyMode: 'preserve_run_at' },
    );
    return run;
  });
}

/** The brand's latest bulk run, for the conversions page's progress line. */
export async function latestBulkRun(brandId: string): Promise<BulkRun | null> {
  const [run] = await db
    .select()
    .from(conversionBulkRuns)
    .where(eq(conversionBulkRuns.brandId, brandId))
    .orderBy(desc(conversionBulkRuns.queuedAt), desc(conversionBulkRuns.id))
    .limit(1);
  return run ?? null;
}

/** What a page shows of a run (no ids). */
export function bulkRunProgress(run: BulkRun) {
  return {
    id: run.id,
    intent: run.intent as Intent,
    status: run.status,
    total: run.total,
    processed: run.processed,
    changed: run.changedCount,
    unchanged: run.unchangedCount,
    refused: run.refusedCount,
    refusedMessage: run.refusedMessage,
    error: run.error,
    filterQuery: run.filterQuery,
  };
}
export type BulkRunProgress = ReturnType<typeof bulkRunProgress>;

function transition(tx: Tx, run: BulkRun, ids: string[]) {
  const actor = { kind: 'user' as const, userId: run.requestedByUserId };
  switch (run.intent as Intent) {
    case 'approve':
      return approveConversions(tx, run.brandId, ids, actor);
    case 'reject':
      return rejectConversions(
        tx,
        run.brandId,
        ids,
        { reason: run.rejectReason!, note: run.note ?? undefined },
        actor,
      );
    case 'reverse':
      return reverseConversions(tx, run.brandId, ids, { note: run.note }, actor);
  }
}

const REFUSALS = new Set(['illegal_transition', 'already_paid', 'not_found']);

/**
 * Changes one chunk through the lifecycle, which refuses a whole call when any conversion in it
 * may not make the transition: the refused ones (named by the refusal) are counted and left out,
 * and the rest is asked again, until what remains goes through. A refusal that names none is
 * resolved one conversion at a time.
 */
async function applyChunk(tx: Tx, run: BulkRun, chunk: string[]) {
  const counts = { changed: 0, unchanged: 0, refused: 0, message: null as string | null };
  let remaining = chunk;
  while (remaining.length > 0) {
    try {
      const result = await transition(tx, run, remaining);
      counts.changed += result.changed.length;
      counts.unchanged += result.unchanged.length;
      break;
    } catch (error) {
      if (!isPayoutError(error) || !REFUSALS.has(error.code)) throw error;
      counts.message ??= error.message.replace(/ Nothing was changed\.$/, '');
      const named = new Set(error.ids.map((id) => id.toLowerCase()));
      if (named.size === 0 || ![...named].some((id) => remaining.includes(id))) {
        if (remaining.length === 1) {
          counts.refused += 1;
          break;
        }
        for (const id of remaining) {
          const one = await applyChunk(tx, run, [id]);
          counts.changed += one.changed;
          counts.unchanged += one.unchanged;
          counts.refused += one.refused;
          counts.message ??= one.message;
        }
        break;
      }
      const before = remaining.length;
      remaining = remaining.filter((id) => !named.has(id));
      counts.refused += before - remaining.length;
    }
  }
  return counts;
}

/**
 * The job: changes the run's conversions a chunk at a time. Each chunk and the run's progress
 * counts commit together (the run's row locked), so a retried job — after a crash, a failed
 * attempt or a second worker picking it up — resumes after the last committed chunk and counts
 * nothing twice; asking a conversion for the status it already has changes nothing anyway.
 */
export async function runBulkAction(runId: string): Promise<BulkRun | null> {
  const [started] = await db
    .update(conversionBulkRuns)
    .set({
      status: 'running',
      error: null,
      startedAt: sql`coalesce(${conversionBulkRuns.startedAt}, now())`,
    })
    .where(
      and(
        eq(conversionBulkRuns.id, runId),
        sql`${conversionBulkRuns.status} in ('queued', 'running', 'failed')`,
      ),
    )
    .returning({ id: conversionBulkRuns.id });
  if (!started) return null; // done already (or unknown): nothing to do
  try {
    for (;;) {
      const more = await db.transaction(async (tx) => {
        const [run] = await tx
          .select()
          .from(conversionBulkRuns)
          .where(eq(conversionBulkRuns.id, runId))
          .for('update');
        if (!run || run.processed >= run.total) return false;
        const chunk = run.conversionIds
          .slice(run.processed, run.processed + BULK_CHUNK)
          .map((id) => id.toLowerCase());
        const counts = await applyChunk(tx, run, chunk);
        await tx
          .update(conversionBulkRuns)
          .set({
            processed: run.processed + chunk.length,
            changedCount: run.changedCount + counts.changed,
            unchangedCount: run.unchangedCount + counts.unchanged,
            refusedCount: run.refusedCount + counts.refused,
            refusedMessage: run.refusedMessage ?? counts.message?.slice(0, 1000) ?? null,
          })
          .where(eq(conversionBulkRuns.id, runId));
        return run.processed + chunk.length < run.total;
      });
      if (!more) break;
    }
    const [done] = await db
      .update(conversionBulkRuns)
      .set({ status: 'done', finishedAt: sql`now()` })
      .where(eq(conversionBulkRuns.id, runId))
      .returning();
    return done ?? null;
  } catch (error) {
    await db
      .update(conversionBulkRuns)
      .set({
        status: 'failed',
        error: error instanceof Error ? error.message.slice(0, 500) : 'failed',
      })
      .where(eq(conversionBulkRuns.id, runId));
    throw error;
  }
}
