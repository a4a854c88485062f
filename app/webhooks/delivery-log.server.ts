import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { webhookAttempts, webhookDeliveries, webhookEvents } from '../../db/schema';
import { isUuid } from '../ids';
import { enqueue } from '../jobs/enqueue.server';
import { messageId } from './deliver.server';
import { TEST_EVENT_TYPE } from './event-types';

export const LOG_PAGE_SIZE = 50;

/**
 * An endpoint's delivery log, newest first: each delivery (event, webhook-id, status, attempts)
 * with its attempts (status, latency, response excerpt). The endpoint must be the brand's.
 */
export async function listDeliveries(brandId: string, endpointId: string, requestedPage = 1) {
  const page = Math.max(1, Math.floor(requestedPage) || 1);
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
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
      and(eq(webhookDeliveries.brandId, brandId), eq(webhookDeliveries.endpointId, endpointId)),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE);
  const shown = deliveries.slice(0, LOG_PAGE_SIZE);
  const attempts =
    shown.length === 0
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
              sql`${webhookAttempts.deliveryId} = any(${sql.param(shown.map((d) => d.id))}::uuid[])`,
            ),
          )
          .orderBy(desc(webhookAttempts.at), desc(webhookAttempts.attempt));
  return {
    page,
    hasMore: deliveries.length > LOG_PAGE_SIZE,
    deliveries: shown.map((d) => ({
      ...d,
      webhookId: messageId(d.eventId),
      attemptLog: attempts.filter((a) => a.deliveryId === d.id),
    })),
  };
}

/** Sends a delivery again now, with the same webhook-id. False: not one of the brand's. */
export async function resendDelivery(
  brandId: string,
  endpointId: string,
  deliveryId: string,
): Promise<boolean> {
  if (!isUuid(deliveryId) || !isUuid(endpointId)) return false;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.endpointId, endpointId),
          eq(webhookDeliveries.brandId, brandId),
        ),
      );
    if (!row) return false;
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', manual: true, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    await enqueue(tx, 'webhooks__deliver', { endpointId });
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
