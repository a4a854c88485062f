import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands, users } from './brands';

/**
 * A brand's webhook endpoint (Standard Webhooks). The signing secret is stored encrypted
 * (AES-256-GCM, app/webhooks/secret-box.server.ts; decision 049): it must be read to sign, so a
 * hash would not do, but a copy of the database alone does not reveal it.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** The event types it receives, e.g. `conversion.created`. */
    eventTypes: text('event_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    /** Why it was disabled: `manual`, `gone` (the receiver answered 410) or `failing` (5 days). */
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    secretEncrypted: text('secret_encrypted').notNull(),
    /** The secret before the last rotation: deliveries carry both signatures until it expires. */
    previousSecretEncrypted: text('previous_secret_encrypted'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** First failure since the last success; 5 days of failures disable the endpoint. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /**
     * While a `webhooks__deliver` job is sending this endpoint's deliveries (one at a time, in
     * order): other jobs for it leave them to that one (app/webhooks/drain.server.ts).
     */
    drainLeaseUntil: timestamp('drain_lease_until', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The API key that added it over the API (decision 065); no foreign key, like the audit
     * columns of decision 048: keys are revoked, never deleted.
     */
    createdByApiKeyId: uuid('created_by_api_key_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_endpoints_brand_idx').on(t.brandId),
    check(
      'webhook_endpoints_one_creator',
      sql`${t.createdBy} is null or ${t.createdByApiKeyId} is null`,
    ),
    check('webhook_endpoints_url_length', sql`char_length(${t.url}) between 8 and 2000`),
  ],
);

/**
 * The outbox: one row per event, written by triggers in the transaction of the change
 * (migration webhooks_triggers) only while the brand has an enabled endpoint for its type.
 * `snapshot` is the changed row as it was (to_jsonb); `data`, the resource as the API shows it,
 * is made from it once, at the first delivery, and kept, so every attempt sends the same body.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    resourceId: uuid('resource_id'),
    snapshot: jsonb('snapshot'),
    /** What the row does not say: a status change's from, to and who. */
    extra: jsonb('extra'),
    data: jsonb('data'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_brand_idx').on(t.brandId, t.createdAt)],
);

/** One event for one endpoint: its state and next attempt. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** `pending`, `succeeded`, `failed` (every attempt failed, or 410) or `cancelled` (disabled). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** A "Resend" or a test event: one attempt, no retries. */
    manual: boolean('manual').notNull().default(false),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.seq),
    // The deliveries waiting to be sent, for the drain (small: sent ones leave it).
    index('webhook_deliveries_pending_idx')
      .on(t.endpointId, t.seq)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_event_idx').on(t.eventId),
    check(
      'webhook_deliveries_status',
      sql`${t.status} in ('pending', 'succeeded', 'failed', 'cancelled')`,
    ),
  ],
);

/** Every HTTP attempt of a delivery: the endpoint's delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** The HTTP status, or null when no answer came (refused address, timeout, connection). */
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    /** The first 1 KB of the answer's body. */
    responseExcerpt: text('response_excerpt'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_attempts_endpoint_idx').on(t.endpointId, t.at)],
);
