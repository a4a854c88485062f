import { and, asc, eq, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../../db/schema';
import { enqueue } from '../jobs/enqueue.server';
import {
  type BatchDelivery,
  type BatchEndpoint,
  deliverBatch,
  LEASE_SECONDS,
  SuccessRecorder,
  withKeptData,
} from './deliver.server';
import { TEST_EVENT_TYPE } from './event-types';

/** How long one job sends before it hands over to a new job (other jobs get the worker too). */
const BUDGET_MS = 20_000;
/** Deliveries read, sent over one connection and recorded together (decision 064). */
export const BATCH_SIZE = 100;

async function takeLease(endpointId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    update webhook_endpoints
       set drain_lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
     where id = ${endpointId}
       and (drain_lease_until is null or drain_lease_until < now())
    returning id`);
  return rows.length > 0;
}

async function releaseLease(endpointId: string): Promise<void> {
  await db.execute(
    sql`update webhook_endpoints set drain_lease_until = null where id = ${endpointId}`,
  );
}

const dueNow = (endpointId: string, except: string[] = []) =>
  and(
    eq(webhookDeliveries.endpointId, endpointId),
    eq(webhookDeliveries.status, 'pending'),
    or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, sql`now()`)),
    except.length > 0 ? notInArray(webhookDeliveries.id, except) : undefined,
  );

/**
 * The endpoint's deliveries due now with their events, oldest event first, and the endpoint as
 * it is now (one query), their data made and kept; `except` deliveries sent or being sent whose
 * record is still to be written.
 */
async function dueBatch(
  endpointId: string,
  limit: number,
  except: string[],
): Promise<{ endpoint: BatchEndpoint; deliveries: BatchDelivery[] } | null> {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      manual: webhookDeliveries.manual,
      event: {
        id: webhookEvents.id,
        type: webhookEvents.type,
        createdAt: webhookEvents.createdAt,
        // The snapshot only while the data is still to be made (at the first attempt).
        snapshot: sql<unknown>`case when ${webhookEvents.data} is null then ${webhookEvents.snapshot} end`,
        extra: webhookEvents.extra,
        data: webhookEvents.data,
      },
      endpoint: {
        id: webhookEndpoints.id,
        brandId: webhookEndpoints.brandId,
        url: webhookEndpoints.url,
        enabled: webhookEndpoints.enabled,
        secretEncrypted: webhookEndpoints.secretEncrypted,
        previousSecretEncrypted: webhookEndpoints.previousSecretEncrypted,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
        failingSince: webhookEndpoints.failingSince,
        updatedAt: webhookEndpoints.updatedAt,
      },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(dueNow(endpointId, except))
    .orderBy(asc(webhookDeliveries.seq))
    .limit(limit);
  if (rows.length === 0) return null;
  const { endpoint } = rows[0];
  const deliveries = rows.map(({ endpoint: _e, ...d }) => d);
  // The data of what will be sent (a disabled endpoint's deliveries are cancelled, but its tests).
  const sendable = deliveries.filter((d) => endpoint.enabled || d.event.type === TEST_EVENT_TYPE);
  const kept = new Map((await withKeptData(endpoint.brandId, sendable)).map((d) => [d.id, d]));
  return { endpoint, deliveries: deliveries.map((d) => kept.get(d.id) ?? d) };
}

async function anyDue(endpointId: string): Promise<boolean> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(dueNow(endpointId))
    .limit(1);
  return rows.length > 0;
}

/**
 * The `webhooks__deliver` task: sends an endpoint's waiting deliveries in the order their events
 * were made (decision 050), in batches of up to 100 read in one query, sent one at a time over
 * one connection, their successes recorded together while the next batch is read and sent
 * (decision 064; app/webhooks/deliver.server.ts). One job at a time works on an endpoint (a
 * lease on its row, renewed by each record); a job that
 * finds the lease taken leaves its deliveries to the holder, which looks again after giving the
 * lease back, so nothing committed meanwhile is left behind. A delivery that failed waits for
 * its next attempt while later ones go on (in order while the receiver is healthy); a job is
 * queued for the earliest retry. After 20 s a job hands over to a new one.
 */
export async function drainEndpoint(
  endpointId: string,
  options: { now?: () => Date; random?: () => number; batchSize?: number } = {},
): Promise<{ sent: number }> {
  let sent = 0;
  const deadline = Date.now() + BUDGET_MS;
  for (;;) {
    if (!(await takeLease(endpointId))) return { sent };
    let stopped = false;
    let handOver = false;
    const recorder = new SuccessRecorder(endpointId);
    try {
      const size = options.batchSize ?? BATCH_SIZE;
      // The next batch is read (and its data made) while one is sent and the one before it is
      // recorded; without the deliveries of either.
      let next = dueBatch(endpointId, size, recorder.inFlight());
      while (!stopped) {
        const due = await next;
        if (!due) break;
        next = dueBatch(endpointId, size, [
          ...recorder.inFlight(),
          ...due.deliveries.map((d) => d.id),
        ]);
        next.catch(() => {});
        const outcome = await deliverBatch(due.endpoint, due.deliveries, recorder, {
          ...options,
          deadline,
        });
        sent += outcome.sent;
        if (outcome.stop === 'changed') {
          // The batch read meanwhile may hold the endpoint as it was: read it again.
          await next.catch(() => null);
          next = dueBatch(endpointId, size, recorder.inFlight());
          next.catch(() => {});
        }
        if (outcome.stop === 'disabled') stopped = true;
        if (outcome.stop === 'deadline') {
          handOver = true;
          stopped = true;
        }
      }
      // A batch read but not sent stays pending (its data kept, as it would have been).
      await next.catch(() => null);
      await recorder.settle();
    } finally {
      // After an error too: what was sent is recorded, if it can be, before the lease goes.
      await recorder.settle().catch(() => {});
      await releaseLease(endpointId);
    }
    if (handOver) {
      // A new job carries on, after the other jobs queued meanwhile; queued only now that the
      // lease is free, or it could find it taken and leave.
      await db.transaction((tx) => enqueue(tx, 'webhooks__deliver', { endpointId }));
    }
    if (stopped) return { sent };
    // Given back: anything that became due meanwhile is ours again (or the new holder's).
    if (await anyDue(endpointId)) continue;
    await scheduleRetry(endpointId);
    return { sent };
  }
}

/** A job for the endpoint's earliest scheduled retry (one per endpoint, moved as needed). */
async function scheduleRetry(endpointId: string): Promise<void> {
  const [next] = await db.execute<{ at: string | null }>(sql`
    select min(next_attempt_at)::text as at from webhook_deliveries
     where endpoint_id = ${endpointId} and status = 'pending' and next_attempt_at is not null`);
  if (!next?.at) return;
  await db.transaction((tx) =>
    enqueue(
      tx,
      'webhooks__deliver',
      { endpointId },
      { runAt: new Date(next.at!), jobKey: `webhooks__retry:${endpointId}` },
    ),
  );
}
