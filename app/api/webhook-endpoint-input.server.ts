/**
 * The API's webhook-endpoint writes onto the module the Webhooks pages use
 * (app/webhooks/endpoints.server.ts, delivery-log.server.ts): the body is translated onto the
 * endpoint form's schema (the same messages), the URL rules of the environment are the module's
 * (checkEndpointUrl), and its refusals come back under the API's field names. Decision 065.
 */
import { z } from 'zod';
import {
  deliveriesBefore,
  findDelivery,
  resendDelivery,
  sendTestEvent,
} from '../webhooks/delivery-log.server';
import { endpointFormSchema } from '../webhooks/endpoint-schema';
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  rotateEndpointSecret,
  setEndpointEnabled,
  updateEndpoint,
  WebhookInputError,
} from '../webhooks/endpoints.server';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/event-types';
import type { ApiCaller } from './keys.server';
import { decodeOpaque, encodeOpaque } from './opaque-cursor.server';
import { listPage } from './paging.server';
import { invalid, notFound, zodFieldProblems } from './problem.server';
import {
  toWebhookDeliveryRepresentation,
  toWebhookEndpointRepresentation,
} from './representations';

const url = z.string().meta({
  description:
    'Where events are POSTed: a full URL, https only in production (never a name or address of a private network); http and this machine are allowed in development.',
  example: 'https://example.com/webhooks/offerlink',
});
const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).meta({
  description: 'The event types the endpoint receives (at least one).',
});
const description = z
  .string()
  .nullable()
  .meta({ description: 'A note for people (at most 200 characters).' });
const enabled = z.boolean().meta({
  description:
    'Whether events are sent to it. Enabling starts afresh (the failure clock is reset); events made while it was disabled are not sent.',
});

export const webhookEndpointCreateBody = z
  .object({
    url,
    events,
    description: description.optional(),
    enabled: enabled.optional().meta({ description: 'Enabled unless `false`.' }),
  })
  .meta({ id: 'WebhookEndpointCreate' });

export const webhookEndpointUpdateBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    enabled: enabled.optional(),
  })
  .meta({ id: 'WebhookEndpointUpdate' });

/** The form's field names as the API's. */
const API_FIELDS: Record<string, string> = { eventTypes: 'events' };
const apiField = (field: string) => API_FIELDS[field] ?? field;

/** The endpoint form's values, checked by its schema; field errors under the API's names. */
function endpointForm(input: { url: string; events: string[]; description: string | null }) {
  const parsed = endpointFormSchema.safeParse({
    url: input.url,
    eventTypes: input.events,
    description: input.description ?? undefined,
  });
  if (!parsed.success) {
    throw invalid(
      zodFieldProblems(parsed.error).map((p) => ({
        ...p,
        field: p.field.replace(/^[^.]+/, (f) => apiField(f)),
      })),
    );
  }
  return parsed.data;
}

/** The module's refusals (the URL rules, the endpoint limit) as 400 problems. */
async function asInputProblem<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WebhookInputError) {
      throw invalid([{ field: apiField(error.field), message: error.message }]);
    }
    throw error;
  }
}

export async function webhookEndpointOf(brandId: string, endpointId: string) {
  const found = await findEndpoint(brandId, endpointId);
  if (!found) throw notFound('webhook endpoint');
  return toWebhookEndpointRepresentation(found);
}

/** 201 with the endpoint and its secret: the only answer that holds it. */
export async function createWebhookEndpointFromApi(
  caller: ApiCaller,
  body: z.output<typeof webhookEndpointCreateBody>,
) {
  const form = endpointForm({
    url: body.url,
    events: body.events,
    description: body.description ?? null,
  });
  const created = await asInputProblem(() =>
    createEndpoint(caller.brandId, { kind: 'api_key', apiKeyId: caller.apiKeyId }, form, {
      enabled: body.enabled ?? true,
    }),
  );
  return { ...(await webhookEndpointOf(caller.brandId, created.id)), secret: created.secret };
}

/** Fields left out keep their value; the result is checked as the page's form is. */
export async function updateWebhookEndpointFromApi(
  brandId: string,
  endpointId: string,
  body: z.output<typeof webhookEndpointUpdateBody>,
) {
  const current = await findEndpoint(brandId, endpointId);
  if (!current) throw notFound('webhook endpoint');
  if (body.url !== undefined || body.events !== undefined || body.description !== undefined) {
    const form = endpointForm({
      url: body.url ?? current.url,
      events: body.events ?? current.eventTypes,
      description: body.description === undefined ? current.description : body.description,
    });
    const saved = await asInputProblem(() => updateEndpoint(brandId, endpointId, form));
    if (!saved) throw notFound('webhook endpoint');
  }
  if (body.enabled !== undefined && body.enabled !== current.enabled) {
    if (!(await setEndpointEnabled(brandId, endpointId, body.enabled))) {
      throw notFound('webhook endpoint');
    }
  }
  return webhookEndpointOf(brandId, endpointId);
}

/** A new secret, answered once; the previous one keeps signing through the grace period. */
export async function rotateWebhookSecretFromApi(brandId: string, endpointId: string) {
  const rotated = await rotateEndpointSecret(brandId, endpointId);
  if (!rotated) throw notFound('webhook endpoint');
  return { ...(await webhookEndpointOf(brandId, endpointId)), secret: rotated.secret };
}

export async function deleteWebhookEndpointFromApi(brandId: string, endpointId: string) {
  if (!(await deleteEndpoint(brandId, endpointId))) throw notFound('webhook endpoint');
  return { object: 'webhook_endpoint' as const, id: endpointId, deleted: true as const };
}

async function deliveryOf(brandId: string, deliveryId: string) {
  const found = await findDelivery(brandId, deliveryId);
  if (!found) throw notFound('webhook delivery');
  return toWebhookDeliveryRepresentation(found);
}

/** A `webhook.test` event queued for the endpoint (enabled or not), one attempt. */
export async function sendTestEventFromApi(brandId: string, endpointId: string) {
  const deliveryId = await sendTestEvent(brandId, endpointId);
  if (!deliveryId) throw notFound('webhook endpoint');
  return deliveryOf(brandId, deliveryId);
}

/** The delivery queued again now, with the same webhook-id. */
export async function resendDeliveryFromApi(brandId: string, deliveryId: string) {
  if (!(await resendDelivery(brandId, null, deliveryId))) throw notFound('webhook delivery');
  return deliveryOf(brandId, deliveryId);
}

/** A delivery's position in its endpoint's log (creation order). */
const SEQ = /^[1-9]\d{0,17}$/;

export async function listDeliveriesFromApi(
  brandId: string,
  endpointId: string,
  query: { limit: number; starting_after?: string },
) {
  if (!(await findEndpoint(brandId, endpointId))) throw notFound('webhook endpoint');
  const after = decodeOpaque(query.starting_after, SEQ);
  const rows = await deliveriesBefore(
    brandId,
    endpointId,
    after === null ? null : Number(after),
    query.limit,
  );
  return listPage(rows, query.limit, toWebhookDeliveryRepresentation, (row) =>
    encodeOpaque(String(row.seq)),
  );
}
