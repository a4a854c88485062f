import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands, users } from './brands';

/**
 * A brand's key for the REST API (`Authorization: Bearer olk_live_…`). Only the SHA-256 of the
 * secret is kept (the secret has 256 random bits, so a fast hash is enough); `prefix` is the
 * secret's first characters, shown in the list so a person can tell keys apart. Scopes are
 * `<resource>:read` / `<resource>:write` (app/api/scopes.ts). A key is looked up on every request,
 * so a revocation or an expiry holds at the next request in every process
 * (docs/decisions/044-rest-api-framework.md).
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: uuid('revoked_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    /** Updated at most once a minute per key (the hot path stays one indexed read). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
  },
  (t) => [
    uniqueIndex('api_keys_secret_hash_key').on(t.secretHash),
    index('api_keys_brand_idx').on(t.brandId, t.createdAt),
    check('api_keys_name_length', sql`char_length(${t.name}) between 1 and 80`),
  ],
);

/**
 * Per-key request counters of the API's rate limit, one fixed window per key, shared by every web
 * process (the sign-in throttle's design, decision 017). Pruned by the hourly job.
 */
export const apiRateCounters = pgTable('api_rate_counters', {
  apiKeyId: uuid('api_key_id')
    .primaryKey()
    .references(() => apiKeys.id, { onDelete: 'cascade' }),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  requests: integer('requests').notNull(),
});

/**
 * Answers to writes sent with an `Idempotency-Key` header, per key and header value, kept 24 h:
 * the same request again replays `response_*`; another body under the same value is refused
 * (422); a request still `running` refuses the second (409). docs/decisions/044.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: "the same request". */
    requestHash: text('request_hash').notNull(),
    /** `running` until the answer is stored, then `done`. */
    state: text('state').notNull().default('running'),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.apiKeyId, t.key] }),
    index('api_idempotency_keys_created_idx').on(t.createdAt),
    check('api_idempotency_keys_state', sql`${t.state} in ('running', 'done')`),
    check('api_idempotency_keys_key_length', sql`char_length(${t.key}) between 1 and 255`),
  ],
);
