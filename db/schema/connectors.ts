import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';
import { offers } from './offers';
import { conversions } from './tracking';

export const STORE_KIND_VALUES = ['shopify', 'woocommerce', 'stripe'] as const;
export const storeKind = pgEnum('store_kind', STORE_KIND_VALUES);

/**
 * A store connector: the webhook endpoint `/connectors/<kind>/<token>` one offer exposes to one
 * store (docs/decisions/055-store-connectors.md). The signing secret is the store's (Shopify app
 * secret, WooCommerce webhook secret, Stripe `whsec_…`): kept as given, because verifying an
 * HMAC needs it; it is never shown again after it is saved.
 */
export const storeConnectors = pgTable(
  'store_connectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    kind: storeKind('kind').notNull(),
    /** The unguessable part of the endpoint's address. */
    token: text('token').notNull(),
    signingSecret: text('signing_secret').notNull(),
    /** Shopify and WooCommerce: the commission base includes shipping. */
    includeShipping: boolean('include_shipping').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('store_connectors_token_key').on(t.token),
    uniqueIndex('store_connectors_offer_kind_key').on(t.offerId, t.kind),
    index('store_connectors_brand_idx').on(t.brandId),
    check('store_connectors_secret_length', sql`char_length(${t.signingSecret}) between 8 and 300`),
  ],
);

export const DELIVERY_VERDICT_VALUES = [
  /** A conversion was accepted. */
  'accepted',
  /** Attribution refused it (stored as a refused conversion with its reason). */
  'refused',
  /** The same order was already credited: nothing new. */
  'duplicate',
  /** A refund: the commission was reduced or reversed. */
  'refunded',
  /** Nothing to do (another topic, an unpaid status, a refund of an unknown order). */
  'ignored',
  /** It failed on our side (or the click was not visible yet): the store retries; "Replay". */
  'failed',
] as const;

/**
 * Every signed delivery a connector received, with what came of it, kept 30 days
 * (`connectors__prune_deliveries`). Unsigned or wrongly signed requests are not stored.
 */
export const connectorDeliveries = pgTable(
  'connector_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => storeConnectors.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The store's topic or event type: orders/paid, order.updated, invoice.paid… */
    topic: text('topic').notNull(),
    /** The store's order (or refund, or event) id, when the body had one. */
    externalId: text('external_id'),
    rawBody: text('raw_body').notNull(),
    verdict: text('verdict').notNull(),
    message: text('message').notNull().default(''),
    httpStatus: integer('http_status').notNull(),
    conversionId: uuid('conversion_id').references(() => conversions.id, { onDelete: 'set null' }),
    /** The delivery this one replays ("Replay" in the log). */
    replayOf: uuid('replay_of'),
  },
  (t) => [
    index('connector_deliveries_connector_idx').on(t.connectorId, t.receivedAt),
    index('connector_deliveries_received_idx').on(t.receivedAt),
    check(
      'connector_deliveries_verdict',
      sql`${t.verdict} in ('accepted', 'refused', 'duplicate', 'refunded', 'ignored', 'failed')`,
    ),
  ],
);

/**
 * A refund of part (or all) of a sale reported by a store, once per store refund (`ref`): the
 * refunded sale amount and the commission it took back (docs/decisions/056). While the commission
 * is unpaid it is lowered in place (`adjustment_id` null); once paid, a negative adjustment goes
 * into the member's next statement.
 */
export const conversionRefunds = pgTable(
  'conversion_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    conversionId: uuid('conversion_id')
      .notNull()
      .references(() => conversions.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    saleMinor: bigint('sale_minor', { mode: 'number' }).notNull(),
    commissionMinor: bigint('commission_minor', { mode: 'number' }).notNull(),
    adjustmentId: uuid('adjustment_id'),
    /** The whole sale is refunded by this one: the conversion was reversed. */
    fullRefund: boolean('full_refund').notNull().default(false),
    /**
     * The member's commission on the conversion before and after this refund (what the
     * `conversion.refunded` webhook event says); null on rows from before they were recorded.
     */
    commissionBeforeMinor: bigint('commission_before_minor', { mode: 'number' }),
    commissionAfterMinor: bigint('commission_after_minor', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conversion_refunds_ref_key').on(t.conversionId, t.ref),
    check('conversion_refunds_nonneg', sql`${t.saleMinor} >= 0 and ${t.commissionMinor} >= 0`),
  ],
);
