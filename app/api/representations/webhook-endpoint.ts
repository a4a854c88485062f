/**
 * Webhook endpoints and their delivery log as the API returns them (decision 065). The signing
 * secret is in no representation but the answers of create and rotate_secret
 * (`WebhookEndpointWithSecret`): it is shown once, as on the Webhooks page.
 */
import { z } from 'zod';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '../../webhooks/event-types';
import { id, nullableTimestamp, timestamp, toIso } from './common';

export const WEBHOOK_DISABLED_REASONS = ['manual', 'gone', 'failing'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;

const creator = z
  .object({
    kind: z.enum(['user', 'api_key']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  })
  .nullable()
  .meta({
    id: 'WebhookEndpointCreator',
    description:
      'Who added the endpoint: a person of the brand or an API key (by name, kept after the key is revoked); null when unknown (the person was removed).',
  });

export const webhookEndpointRepresentation = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: id('webhook endpoint'),
    url: z.string().meta({
      description:
        'Where events are POSTed. https only in production, never a private, loopback or link-local address.',
      example: 'https://example.com/webhooks/offerlink',
    }),
    description: z.string().nullable(),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .meta({ description: 'The event types it receives.' }),
    enabled: z.boolean(),
    disabled_reason: z.enum(WEBHOOK_DISABLED_REASONS).nullable().meta({
      description:
        '`manual` (a person or key disabled it), `gone` (the receiver answered 410 Gone), `failing` (every delivery failed for 5 days); null while enabled.',
    }),
    disabled_at: nullableTimestamp('When it was disabled.'),
    failing_since: nullableTimestamp('The first failed delivery since the last success.'),
    previous_secret_expires_at: nullableTimestamp(
      'After a rotation: until then deliveries carry a signature with the previous secret too.',
    ),
    created_by: creator,
    created_at: timestamp('When it was added.'),
  })
  .meta({ id: 'WebhookEndpoint' });

export const webhookEndpointWithSecretRepresentation = webhookEndpointRepresentation
  .extend({
    secret: z.string().meta({
      description:
        'The signing secret (`whsec_…`), in this answer only: store it now; it is never shown again.',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

export type WebhookEndpointRepresentation = z.infer<typeof webhookEndpointRepresentation>;

export function toWebhookEndpointRepresentation(e: {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  createdByUserId: string | null;
  createdByUserName: string | null;
  createdByApiKeyId: string | null;
  createdByApiKeyName: string | null;
}): WebhookEndpointRepresentation {
  return {
    object: 'webhook_endpoint',
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.eventTypes as WebhookEndpointRepresentation['events'],
    enabled: e.enabled,
    disabled_reason: e.enabled
      ? null
      : ((e.disabledReason ?? 'manual') as WebhookEndpointRepresentation['disabled_reason']),
    disabled_at: toIso(e.disabledAt),
    failing_since: toIso(e.failingSince),
    previous_secret_expires_at:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > Date.now()
        ? toIso(e.previousSecretExpiresAt)
        : null,
    created_by: e.createdByApiKeyId
      ? { kind: 'api_key', id: e.createdByApiKeyId, name: e.createdByApiKeyName }
      : e.createdByUserId
        ? { kind: 'user', id: e.createdByUserId, name: e.createdByUserName }
        : null,
    created_at: toIso(e.createdAt),
  };
}

const attemptRepresentation = z
  .object({
    attempt: z.number().int().meta({ description: '1 for the first attempt.' }),
    status_code: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The receiver’s HTTP status; null when no answer came.' }),
    error: z.string().nullable().meta({
      description: 'Why no answer came, or why the answer failed (a redirect is not followed).',
    }),
    latency_ms: z.number().int(),
    response_excerpt: z
      .string()
      .nullable()
      .meta({ description: 'The first 1 KB of the receiver’s answer.' }),
    at: timestamp('When the attempt was made.'),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliveryRepresentation = z
  .object({
    object: z.literal('webhook_delivery'),
    id: id('delivery'),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.union([z.enum(WEBHOOK_EVENT_TYPES), z.literal(TEST_EVENT_TYPE)]),
    webhook_id: z.string().meta({
      description:
        'The `webhook-id` header it is sent with (`msg_` + the event id): the same on every retry and resend, so receivers de-duplicate by it.',
    }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({
      description:
        '`pending` (waiting for an attempt or a retry), `succeeded`, `failed` (every attempt failed, or 410), `cancelled` (the endpoint was disabled).',
    }),
    attempts: z.array(attemptRepresentation).meta({ description: 'Newest first.' }),
    next_attempt_at: nullableTimestamp('When the next retry is due.'),
    created_at: timestamp('When the delivery was queued.'),
  })
  .meta({ id: 'WebhookDelivery' });

export type WebhookDeliveryRepresentation = z.infer<typeof webhookDeliveryRepresentation>;

export function toWebhookDeliveryRepresentation(d: {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  webhookId: string;
  status: string;
  nextAttemptAt: Date | null;
  createdAt: Date;
  attemptLog: {
    attempt: number;
    statusCode: number | null;
    error: string | null;
    latencyMs: number;
    responseExcerpt: string | null;
    at: Date;
  }[];
}): WebhookDeliveryRepresentation {
  return {
    object: 'webhook_delivery',
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType as WebhookDeliveryRepresentation['event_type'],
    webhook_id: d.webhookId,
    status: d.status as WebhookDeliveryRepresentation['status'],
    attempts: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      status_code: a.statusCode,
      error: a.error,
      latency_ms: a.latencyMs,
      response_excerpt: a.responseExcerpt,
      at: toIso(a.at),
    })),
    next_attempt_at: d.status === 'pending' ? toIso(d.nextAttemptAt) : null,
    created_at: toIso(d.createdAt),
  };
}
