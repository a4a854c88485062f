import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { enqueue } from '../jobs/enqueue.server';
import { deliverWebhook } from './deliver.server';

/** How long one job sends before it hands over to a new job (other jobs get the worker too). */
const BUDGET_MS = 20_000;
/** A lease longer than one attempt (15 s) with room: a crashed job's lease runs out. */
const LEASE_SECONDS = 60;

async function takeLease(endpointId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    update webhook_endpoints
       set drain_lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
     where id = ${endpointId}
       and (drain_lease_until is null or drain_lease_until < now())
    returning id`);
  return rows.length > 0;
}

async function renewLease(endpointId: string): Promise<void> {
  await db.execute(sql`
    update webhook_endpoints
       set drain_lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
     where id = ${endpointId}`);
}

async function releaseLease(endpointId: string): Promise<void> {
  await db.execute(
    sql`update webhook_endpoints set drain_lease_until = null where id = ${endpointId}`,
  );
}

/** The endpoint's deliveries due now, oldest event first. */
async function due(endpointId: string, limit: number): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select id from webhook_deliveries
     where endpoint_id = ${endpointId} and status = 'pending'
       and (next_attempt_at is null or next_attempt_at <= now())
     order by seq
     limit ${limit}`);
  return rows.map((r) => r.id);
}

/**
 * The `webhooks__deliver` task: sends an endpoint's waiting deliveries one at a time, in the order
 * their events were made (decision 050). One job at a time works on an endpoint (a lease on its
 * row); a job that finds the lease taken leaves its deliveries to the holder, which looks again
 * after giving the lease back, so nothing committed meanwhile is left behind. A delivery that
 * failed waits for its next attempt while later ones go on (in order while the receiver is
 * healthy); a job is queued for the earliest retry. After 20 s a job hands over to a new one.
 */
export async function drainEndpoint(
  endpointId: string,
  options: { now?: () => Date; random?: () => number } = {},
): Promise<{ sent: number }> {
  let sent = 0;
  const started = Date.now();
  for (;;) {
    if (!(await takeLease(endpointId))) return { sent };
    let stopped = false;
    let handOver = false;
    try {
      while (!stopped) {
        const batch = await due(endpointId, 50);
        if (batch.length === 0) break;
        for (const deliveryId of batch) {
          const outcome = await deliverWebhook(deliveryId, options);
          sent++;
          if (outcome === 'disabled') {
            stopped = true;
            break;
          }
          if (Date.now() - started > BUDGET_MS) {
            handOver = true;
            stopped = true;
            break;
          }
        }
        await renewLease(endpointId);
      }
    } finally {
      await releaseLease(endpointId);
    }
    if (handOver) {
      // A new job carries on, after the other jobs queued meanwhile; queued only now that the
      // lease is free, or it could find it taken and leave.
      await db.transaction((tx) => enqueue(tx, 'webhooks__deliver', { endpointId }));
    }
    if (stopped) return { sent };
    // Given back: anything that became due meanwhile is ours again (or the new holder's).
    if ((await due(endpointId, 1)).length > 0) continue;
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
