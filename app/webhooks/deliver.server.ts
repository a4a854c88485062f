import { and, eq, inArray, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { db } from '../../db/client';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  type webhookEvents,
} from '../../db/schema';
import { webhooksMayReachPrivateNetworks } from '../config.server';
import { enqueue } from '../jobs/enqueue.server';
import { signingSecrets } from './endpoints.server';
import {
  ATTEMPTS,
  DISABLE_AFTER_FAILING_MS,
  RETRY_DELAYS_SECONDS,
  TEST_EVENT_TYPE,
} from './event-types';
import { eventsData } from './representations.server';
import { openWebhookSender, type SendResult } from './send.server';

/** The `webhook-id` of an event (and the envelope's `id`): `msg_` and the event's uuid. */
export function messageId(eventId: string): string {
  return `msg_${eventId.replace(/-/g, '')}`;
}

/**
 * The wait before attempt `failed + 1`, after `failed` failed attempts (1 → about 5 s, 2 → about
 * 5 min … 7 → about 10 h), with ±20% jitter so that the retries of an outage do not all arrive
 * at once; null when every attempt has been made.
 */
export function retryDelayMs(failed: number, random = Math.random()): number | null {
  const base = RETRY_DELAYS_SECONDS[failed - 1];
  if (base === undefined) return null;
  return Math.round(base * 1000 * (0.8 + 0.4 * random));
}

/** The body of an event: the Standard Webhooks envelope `{ id, type, created_at, data }`. */
export function envelope(event: { id: string; type: string; createdAt: Date; data: unknown }) {
  return JSON.stringify({
    id: messageId(event.id),
    type: event.type,
    created_at: event.createdAt.toISOString(),
    data: event.data,
  });
}

/** The Standard Webhooks headers of one attempt, signed with every secret in use. */
export function signedHeaders(
  eventId: string,
  body: string,
  secrets: string[],
  at: Date,
): Record<string, string> {
  const id = messageId(eventId);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
  };
}

export type DeliveryOutcome = 'succeeded' | 'retry' | 'failed' | 'disabled';

/** The endpoint as a batch needs it (its row, read when the batch's lease was renewed). */
export type BatchEndpoint = Pick<
  typeof webhookEndpoints.$inferSelect,
  | 'id'
  | 'brandId'
  | 'url'
  | 'enabled'
  | 'secretEncrypted'
  | 'previousSecretEncrypted'
  | 'previousSecretExpiresAt'
  | 'failingSince'
  | 'updatedAt'
>;

/** A due delivery with its event, as drain.server.ts reads a batch of them (one query). */
export interface BatchDelivery {
  id: string;
  attempts: number;
  manual: boolean;
  event: Pick<
    typeof webhookEvents.$inferSelect,
    'id' | 'type' | 'createdAt' | 'snapshot' | 'extra' | 'data'
  >;
}

/** The endpoint's row as a record of successes saw it. */
interface EndpointSeen {
  /** Its `updated_at` in ms: changed by an edit, a rotation, enabling or disabling it. */
  updatedAt: number;
}

/** Successes are recorded at least this often (and at the end of each batch). */
const RECORD_EVERY_MS = 1_000;
/**
 * The endpoint's lease (drain.server.ts), renewed by every record of a batch: longer than one
 * job's budget (20 s) plus one attempt (15 s), with room; a crashed job's lease runs out.
 */
export const LEASE_SECONDS = 60;

interface Success {
  deliveryId: string;
  attempt: number;
  result: SendResult;
  at: Date;
}

/**
 * Records an endpoint's successful attempts while the next ones are sent (decision 064): what
 * was collected is written in one statement (recordSuccesses), one statement at a time, in
 * order, the next started only once the one before has committed. The drain reads its next
 * batch while a record is running, without the deliveries that record is about (`inFlight`).
 */
export class SuccessRecorder {
  private collected: Success[] = [];
  private running: Promise<EndpointSeen | null> = Promise.resolve(null);
  private runningIds: string[] = [];
  private lastStarted = Date.now();

  constructor(private readonly endpointId: string) {}

  add(success: Success): void {
    this.collected.push(success);
  }

  /** The deliveries collected or being recorded: sent, but not yet recorded as such. */
  inFlight(): string[] {
    return [...this.runningIds, ...this.collected.map((s) => s.deliveryId)];
  }

  /** Whether it is time to record what was collected (a second since the last record). */
  due(): boolean {
    return this.collected.length > 0 && Date.now() - this.lastStarted >= RECORD_EVERY_MS;
  }

  /**
   * Waits for the record running, then starts recording what was collected, without waiting
   * for it. Returns the endpoint as the record waited for saw it (null: there was none).
   */
  async rotate(): Promise<EndpointSeen | null> {
    const seen = await this.running;
    this.runningIds = [];
    this.running = Promise.resolve(null);
    if (this.collected.length === 0) return seen;
    const successes = this.collected;
    this.collected = [];
    this.runningIds = successes.map((s) => s.deliveryId);
    this.lastStarted = Date.now();
    this.running = recordSuccesses(this.endpointId, successes);
    // Not awaited here: a failure surfaces at the next rotate or settle, not as an unhandled
    // rejection.
    this.running.catch(() => {});
    return seen;
  }

  /** Records everything collected and waits for it; the endpoint as the last record saw it. */
  async settle(): Promise<EndpointSeen | null> {
    const before = await this.rotate();
    const last = await this.running;
    this.runningIds = [];
    this.running = Promise.resolve(null);
    return last ?? before;
  }
}

/**
 * The deliveries with their events' `data`. It is made once, at the first attempt (from the
 * snapshot, app/webhooks/representations.server.ts), and kept before it is sent: what is sent is
 * what PostgreSQL kept (jsonb orders an object's keys its own way), so every attempt, every
 * resend and every endpoint of the event sends the same bytes, whichever made it first. One
 * statement for the batch (and one query per batch for the members' projects).
 */
export async function withKeptData(
  brandId: string,
  deliveries: BatchDelivery[],
): Promise<BatchDelivery[]> {
  const unmade = deliveries.filter((d) => d.event.data == null).map((d) => d.event);
  if (unmade.length === 0) return deliveries;
  const made = await eventsData(brandId, unmade);
  const rows = JSON.stringify(unmade.map((e, i) => ({ id: e.id, data: made[i] })));
  // No wait for the WAL flush (as for the attempts): after a crash the data is made again.
  const kept = await db.execute<{ id: string; data: unknown }>(sql`
    with made as (
      select * from jsonb_to_recordset(${rows}::jsonb) as m(id uuid, data jsonb)
    ), kept as (
      update webhook_events e set data = coalesce(e.data, made.data)
        from made
       where e.id = made.id
      returning e.id, e.data
    )
    select set_config('synchronous_commit', 'off', true), id, data from kept`);
  const data = new Map(kept.map((row) => [row.id, row.data]));
  return deliveries.map((d) =>
    data.has(d.event.id) ? { ...d, event: { ...d.event, data: data.get(d.event.id) } } : d,
  );
}

/**
 * Sends a batch of an endpoint's due deliveries, in order, one at a time over one connection
 * (app/webhooks/drain.server.ts reads the batch, their data made and kept by withKeptData, and
 * holds the endpoint's lease; decision 064).
 * A 2xx answer delivers one; its attempt goes to `recorder`, which records the successes in one
 * statement per batch (or per second) while the next ones are sent. Anything else (no answer
 * within 15 s, a refused address, a redirect, a 4xx or 5xx) is a failure, recorded at once,
 * after the successes before it, and retried on the schedule of RETRY_DELAYS_SECONDS
 * (`next_attempt_at`) while the later deliveries go on; except 410 Gone, which disables the
 * endpoint at once and stops the batch. An endpoint failing for 5 days is disabled and its admins
 * are emailed. A manual delivery (a "Resend", a test event) gets one attempt, no retries. The
 * batch also stops at `deadline` (ms since the epoch) and when a record finds that the endpoint
 * was changed since the batch was read (`changed`: edited, rotated, disabled by hand).
 */
export async function deliverBatch(
  endpoint: BatchEndpoint,
  batch: BatchDelivery[],
  recorder: SuccessRecorder,
  options: { now?: () => Date; random?: () => number; deadline?: number } = {},
): Promise<{ sent: number; stop: 'disabled' | 'changed' | 'deadline' | null }> {
  const now = options.now ?? (() => new Date());
  let deliveries = batch;
  if (!endpoint.enabled) {
    // Of a disabled endpoint only test events are sent; the rest is cancelled.
    const cancelled = batch.filter((d) => d.event.type !== TEST_EVENT_TYPE).map((d) => d.id);
    if (cancelled.length > 0) {
      await db
        .update(webhookDeliveries)
        .set({ status: 'cancelled', nextAttemptAt: null })
        .where(
          and(inArray(webhookDeliveries.id, cancelled), eq(webhookDeliveries.status, 'pending')),
        );
    }
    deliveries = batch.filter((d) => d.event.type === TEST_EVENT_TYPE);
    if (deliveries.length === 0) return { sent: 0, stop: null };
  }

  const secrets = signingSecrets(endpoint, now());
  const sender = openWebhookSender(endpoint.url, {
    allowPrivate: webhooksMayReachPrivateNetworks(),
  });

  let sent = 0;
  let stop: 'disabled' | 'changed' | 'deadline' | null = null;
  // Edited, rotated, disabled or enabled since the batch was read: the drain reads it again.
  const changed = (seen: EndpointSeen | null) =>
    seen !== null && seen.updatedAt > endpoint.updatedAt.getTime();
  try {
    for (const delivery of deliveries) {
      const { event } = delivery;
      const body = envelope({
        id: event.id,
        type: event.type,
        createdAt: event.createdAt,
        data: event.data,
      });
      const at = now();
      const result = await sender.post(signedHeaders(event.id, body, secrets, at), body);
      const finished = now();
      sent++;
      const attempt = {
        deliveryId: delivery.id,
        attempt: delivery.attempts + 1,
        result,
        at: finished,
      };
      if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
        recorder.add(attempt);
        if (recorder.due() && changed(await recorder.rotate())) {
          stop = 'changed';
          break;
        }
      } else {
        // The successes before it first: the failure clock starts after them.
        const seen = await recorder.settle();
        const outcome = await recordFailure(endpoint, delivery, event.type, attempt, options);
        if (outcome === 'disabled') {
          stop = 'disabled';
          break;
        }
        if (changed(seen)) {
          stop = 'changed';
          break;
        }
      }
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        stop = 'deadline';
        break;
      }
    }
    const seen = await recorder.rotate();
    if (stop === null && changed(seen)) stop = 'changed';
  } finally {
    sender.close();
  }
  return { sent, stop };
}

/**
 * Successes in one statement (one round trip): the attempts into the delivery log, the
 * deliveries succeeded, and on the endpoint's row the failure clock reset and the drain's lease
 * renewed. No wait for its WAL flush: a later commit (the next failure's, the lease's release, the worker's of the job)
 * flushes it, WAL being written in order; a crash before that re-sends these deliveries, which
 * receivers de-duplicate by webhook-id. Returns the endpoint as it is now (it may have been
 * edited or disabled meanwhile).
 */
async function recordSuccesses(endpointId: string, successes: Success[]): Promise<EndpointSeen> {
  const rows = JSON.stringify(
    successes.map((s) => ({
      delivery_id: s.deliveryId,
      attempt: s.attempt,
      status_code: s.result.statusCode,
      latency_ms: s.result.latencyMs,
      excerpt: s.result.excerpt,
      at: s.at.toISOString(),
    })),
  );
  const [seen] = await db.execute<{ updatedAt: number }>(sql`
    with batch as (
      select * from jsonb_to_recordset(${rows}::jsonb) as b(
        delivery_id uuid, attempt int, status_code int, latency_ms int,
        excerpt text, at timestamptz)
    ), att as (
      insert into webhook_attempts
        (brand_id, delivery_id, endpoint_id, attempt, status_code, error, latency_ms,
         response_excerpt, at)
      select e.brand_id, delivery_id, e.id, attempt, status_code, null, latency_ms, excerpt, at
        from batch cross join webhook_endpoints e
       where e.id = ${endpointId}
    ), dl as (
      update webhook_deliveries d
         set status = 'succeeded', attempts = batch.attempt, last_attempt_at = batch.at,
             next_attempt_at = null, manual = false
        from batch
       where d.id = batch.delivery_id
    ), endpoint as (
      update webhook_endpoints
         set failing_since = null,
             drain_lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
       where id = ${endpointId}
      returning floor(extract(epoch from updated_at) * 1000)::float8 as "updatedAt"
    )
    -- The statements in WITH all run to completion whether read or not.
    select set_config('synchronous_commit', 'off', true), "updatedAt" from endpoint`);
  // A deleted endpoint: seen as changed, and the drain finds nothing more to send.
  return seen ?? { updatedAt: Number.MAX_SAFE_INTEGER };
}

/**
 * A failed attempt, in one transaction: its log entry, the delivery's next attempt (or its end),
 * the endpoint's failure clock, and what a 410 or 5 days of failures do (disable the endpoint,
 * cancel what waited for it, email its admins).
 */
async function recordFailure(
  endpoint: BatchEndpoint,
  delivery: BatchDelivery,
  type: string,
  attempted: Success,
  options: { random?: () => number },
): Promise<DeliveryOutcome> {
  const { result, at: finished, attempt } = attempted;
  const gone = result.statusCode === 410;
  return db.transaction(async (tx) => {
    // No wait for this commit's WAL flush: the job's completion, committed next by the worker,
    // flushes it too (WAL is written in order); a crash before that re-sends the event, which
    // receivers de-duplicate by webhook-id. One flush per delivery instead of two.
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.insert(webhookAttempts).values({
      brandId: endpoint.brandId,
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      attempt,
      statusCode: result.statusCode,
      error: result.error,
      latencyMs: result.latencyMs,
      responseExcerpt: result.excerpt,
      at: finished,
    });
    const done = (status: 'failed' | 'pending', nextAttemptAt: Date | null) =>
      tx
        .update(webhookDeliveries)
        .set({ status, attempts: attempt, lastAttemptAt: finished, nextAttemptAt, manual: false })
        .where(eq(webhookDeliveries.id, delivery.id));

    if (gone) {
      await done('failed', null);
      await disable(tx, endpoint.id, 'gone', finished);
      return 'disabled' as const;
    }
    // The first failure since the last success starts the endpoint's failure clock.
    const [clock] = await tx
      .update(webhookEndpoints)
      .set({
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${finished.toISOString()}::timestamptz)`,
        drainLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({
        failingSince: webhookEndpoints.failingSince,
        enabled: webhookEndpoints.enabled,
      });
    if (
      clock?.enabled &&
      clock.failingSince &&
      finished.getTime() - clock.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS
    ) {
      await done('failed', null);
      await disable(tx, endpoint.id, 'failing', finished);
      await enqueue(
        tx,
        'webhooks__disabled_email',
        {
          endpointId: endpoint.id,
          disabledAt: finished.toISOString(),
        },
        { jobKey: `webhooks__disabled_email:${endpoint.id}` },
      );
      return 'disabled' as const;
    }
    const delay =
      delivery.manual || type === TEST_EVENT_TYPE || attempt >= ATTEMPTS
        ? null
        : retryDelayMs(attempt, (options.random ?? Math.random)());
    if (delay === null) {
      await done('failed', null);
      return 'failed' as const;
    }
    await done('pending', new Date(finished.getTime() + delay));
    return 'retry' as const;
  });
}

async function disable(
  tx: Parameters<Parameters<typeof db.transaction>[0]>[0],
  endpointId: string,
  reason: 'gone' | 'failing',
  at: Date,
): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at })
    .where(eq(webhookEndpoints.id, endpointId));
  // What was still waiting for it is not sent.
  await tx
    .update(webhookDeliveries)
    .set({ status: 'cancelled', nextAttemptAt: null })
    .where(
      and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')),
    );
}
