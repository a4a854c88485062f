import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { db } from '../../db/client';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
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
import { eventData } from './representations.server';
import { postWebhook, type SendResult } from './send.server';

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

export type DeliveryOutcome =
  'succeeded' | 'retry' | 'failed' | 'disabled' | 'skipped' | 'cancelled';

/**
 * One attempt at one delivery (app/webhooks/drain.server.ts calls it, in order). A 2xx answer
 * delivers it; anything else (no answer within 15 s, a refused address, a redirect, a 4xx or 5xx)
 * is a failure, retried on the schedule of RETRY_DELAYS_SECONDS (`next_attempt_at`), except
 * 410 Gone, which disables the endpoint at once. An endpoint failing for 5 days is disabled and
 * its admins are emailed. A delivery already done, or of a disabled endpoint, is left as it is.
 * A manual delivery (a "Resend", a test event) gets one attempt, no retries.
 */
export async function deliverWebhook(
  deliveryId: string,
  options: { now?: () => Date; random?: () => number } = {},
): Promise<DeliveryOutcome> {
  const now = options.now ?? (() => new Date());
  const [row] = await db
    .select({
      delivery: webhookDeliveries,
      event: webhookEvents,
      endpoint: webhookEndpoints,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row) return 'skipped';
  const { delivery, event, endpoint } = row;
  if (delivery.status !== 'pending') return 'skipped';
  const manual = delivery.manual;
  if (!endpoint.enabled && event.type !== TEST_EVENT_TYPE) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'cancelled', nextAttemptAt: null })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
    return 'cancelled';
  }

  // The data is made once, at the first attempt, and kept (below): every attempt sends the same body.
  const madeNow = event.data == null;
  const data = madeNow
    ? await eventData(event.brandId, event.type, event.snapshot, event.extra)
    : event.data;
  const body = envelope({ id: event.id, type: event.type, createdAt: event.createdAt, data });
  const at = now();
  const headers = signedHeaders(event.id, body, signingSecrets(endpoint, at), at);
  const result: SendResult = await postWebhook(endpoint.url, headers, body, {
    allowPrivate: webhooksMayReachPrivateNetworks(),
  });
  const finished = now();
  const attempt = delivery.attempts + 1;
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const gone = result.statusCode === 410;

  if (ok && endpoint.failingSince === null) {
    // The common case in one statement (one round trip): the event's data, the attempt, the
    // delivery. No wait for its WAL flush (see below).
    await db.execute(sql`
      with ev as (
        update webhook_events set data = coalesce(data, ${JSON.stringify(data)}::jsonb)
         where id = ${event.id} and ${madeNow}::boolean
        returning 1
      ), att as (
        insert into webhook_attempts
          (brand_id, delivery_id, endpoint_id, attempt, status_code, error, latency_ms,
           response_excerpt, at)
        values (${delivery.brandId}, ${delivery.id}, ${endpoint.id}, ${attempt},
                ${result.statusCode}, ${result.error}, ${result.latencyMs}, ${result.excerpt},
                ${finished.toISOString()}::timestamptz)
        returning 1
      ), dl as (
        update webhook_deliveries
           set status = 'succeeded', attempts = ${attempt},
               last_attempt_at = ${finished.toISOString()}::timestamptz,
               next_attempt_at = null, manual = false
         where id = ${delivery.id}
        returning 1
      )
      select set_config('synchronous_commit', 'off', true),
             (select count(*) from ev) + (select count(*) from att) + (select count(*) from dl)`);
    return 'succeeded';
  }

  return db.transaction(async (tx) => {
    // No wait for this commit's WAL flush: the job's completion, committed next by the worker,
    // flushes it too (WAL is written in order); a crash before that re-sends the event, which
    // receivers de-duplicate by webhook-id. One flush per delivery instead of two.
    await tx.execute(sql`set local synchronous_commit = off`);
    if (madeNow) {
      await tx
        .update(webhookEvents)
        .set({ data: sql`coalesce(${webhookEvents.data}, ${JSON.stringify(data)}::jsonb)` })
        .where(eq(webhookEvents.id, event.id));
    }
    await tx.insert(webhookAttempts).values({
      brandId: delivery.brandId,
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      attempt,
      statusCode: result.statusCode,
      error: result.error,
      latencyMs: result.latencyMs,
      responseExcerpt: result.excerpt,
      at: finished,
    });
    const done = (status: 'succeeded' | 'failed' | 'pending', nextAttemptAt: Date | null) =>
      tx
        .update(webhookDeliveries)
        .set({ status, attempts: attempt, lastAttemptAt: finished, nextAttemptAt, manual: false })
        .where(eq(webhookDeliveries.id, delivery.id));

    if (ok) {
      await done('succeeded', null);
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: null })
        .where(eq(webhookEndpoints.id, endpoint.id));
      return 'succeeded' as const;
    }
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
      manual || event.type === TEST_EVENT_TYPE || attempt >= ATTEMPTS
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
