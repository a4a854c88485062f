import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { webhookAttempts, webhookDeliveries, webhookEvents } from '../../db/schema';
import { isUuid } from '../ids';
import { enqueue } from '../jobs/enqueue.server';
import { messageId } from './deliver.server';
import { TEST_EVENT_TYPE } from './event-types';

export const LOG_PAGE_SIZE = 50;

/**
 * Deliveries of the brand with their attempts (status, latency, response excerpt), newest first:
 * one endpoint's log (by page, or by keyset on `seq` before `beforeSeq`), or one delivery.
 */
async function loadDeliveries(
  brandId: string,
  which: { endpointId: string } | { deliveryId: string },
  options: { limit: number; offset?: number; beforeSeq?: number | null },
) {
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      seq: webhookDeliveries.seq,
      endpointId: webhookDeliveries.endpointId,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      createdAt: webhookDeliveries.createdAt,
      eventId: webhookEvents.id,
      eventType: webhookEvents.type,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.brandId, brandId),
        'endpointId' in which
          ? eq(webhookDeliveries.endpointId, which.endpointId)
          : eq(webhookDeliveries.id, which.deliveryId),
        options.beforeSeq ? lt(webhookDeliveries.seq, options.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .select({
            deliveryId: webhookAttempts.deliveryId,
            attempt: webhookAttempts.attempt,
            statusCode: webhookAttempts.statusCode,
            error: webhookAttempts.error,
            latencyMs: webhookAttempts.latencyMs,
            responseExcerpt: webhookAttempts.responseExcerpt,
            at: webhookAttempts.at,
          })
          .from(webhookAttempts)
          .where(
            and(
              eq(webhookAttempts.brandId, brandId),
              sql`${webhookAttempts.deliveryId} = any(${sql.param(deliveries.map((d) => d.id))}::uuid[])`,
            ),
          )
          .orderBy(desc(webhookAttempts.at), desc(webhookAttempts.attempt));
  return deliveries.map((d) => ({
    ...d,
    webhookId: messageId(d.eventId),
    attemptLog: attempts.filter((a) => a.deliveryId === d.id),
  }));
}

/**
 * An endpoint's delivery log, newest first: each delivery (event, webhook-id, status, attempts)
 * with its attempts (status, latency, response excerpt). The endpoint must be the brand's.
 */
export async function listDeliveries(brandId: string, endpointId: string, requestedPage = 1) {
  const page = Math.max(1, Math.floor(requestedPage) || 1);
  const deliveries = await loadDeliveries(
    brandId,
    { endpointId },
    { limit: LOG_PAGE_SIZE + 1, offset: (page - 1) * LOG_PAGE_SIZE },
  );
  return {
    page,
    hasMore: deliveries.length > LOG_PAGE_SIZE,
    deliveries: deliveries.slice(0, LOG_PAGE_SIZE),
  };
}

/**
 * The same log by keyset (the API): `limit + 1` deliveries older than the one numbered
 * `beforeSeq` (creation order), newest first. The endpoint must be the brand's.
 */
export function deliveriesBefore(
  brandId: string,
  endpointId: string,
  beforeSeq: number | null,
  limit: number,
) {
  return loadDeliveries(brandId, { endpointId }, { limit: limit + 1, beforeSeq });
}

/** One of the brand's deliveries with its attempts, or null. */
export async function findDelivery(brandId: string, deliveryId: string) {
  if (!isUuid(deliveryId)) return null;
  const [delivery] = await loadDeliveries(brandId, { deliveryId }, { limit: 1 });
  return delivery ?? null;
}

/**
 * Sends a delivery again now, with the same webhook-id. `endpointId` null: the delivery of any of
 * the brand's endpoints (the API names only the delivery). False: not one of the brand's.
 */
export async function resendDelivery(
  brandId: string,
  endpointId: string | null,
  deliveryId: string,
): Promise<boolean> {
  if (!isUuid(deliveryId) || (endpointId !== null && !isUuid(endpointId))) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          endpointId === null ? undefined : eq(webhookDeliveries.endpointId, endpointId),
          eq(webhookDeliveries.brandId, brandId),
        ),
      );
    if (!row) return false;
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', manual: true, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    await enqueue(tx, 'webhooks__deliver', { endpointId: row.endpointId });
    return true;
  });
}

/**
 * A `webhook.test` event for one endpoint (enabled or not), delivered once, now, like any other:
 * signed, logged, in the endpoint's queue. Returns the delivery's id.
 */
export async function sendTestEvent(brandId: string, endpointId: string): Promise<string | null> {
  if (!isUuid(endpointId)) return null;
  return db.transaction(async (tx) => {
    const [endpoint] = await tx.execute<{ id: string }>(sql`
      select id from webhook_endpoints where id = ${endpointId} and brand_id = ${brandId}`);
    if (!endpoint) return null;
    const [event] = await tx
      .insert(webhookEvents)
      .values({
        brandId,
        type: TEST_EVENT_TYPE,
        data: {
          message: 'A test event from Offerlink: your endpoint received and verified it.',
          endpoint_id: endpointId,
        },
      })
      .returning({ id: webhookEvents.id });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ brandId, eventId: event.id, endpointId, manual: true })
      .returning({ id: webhookDeliveries.id });
    await enqueue(tx, 'webhooks__deliver', { endpointId });
    return delivery.id;
  });
}
