import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A tenant. Every brand-owned row carries brand_id; no query crosses brands. */
export const brands = pgTable('brands', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Secret for server postbacks (`security_token`) and the HMAC key for signed postbacks. */
  postbackToken: text('postback_token').notNull().unique(),
  /** Public key the JavaScript snippet sends with conversions. */
  publishableKey: text('publishable_key').notNull().unique(),
  /** Origins (scheme://host[:port]) allowed to report conversions through the snippet. */
  allowedOrigins: text('allowed_origins')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /**
   * The last offer number given out (offers.offer_number): a trigger on offers takes the next
   * one, so numbers are never reused, even after an offer is deleted.
   */
  lastOfferNumber: integer('last_offer_number').notNull().default(0),
  /** IANA time zone the brand's reports use for days and months. */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // The minimum payout is per currency: minimum_payouts (docs/decisions/036).
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Stored lower-cased; one account per email across the installation. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_brand_idx').on(t.brandId),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);
