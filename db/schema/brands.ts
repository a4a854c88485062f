import { sql } from 'drizzle-orm';
import {
  bigint,
  pgEnum,
  primaryKey,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { BRAND_ROLE_VALUES } from './enum-values';

/** A tenant. Every brand-owned row carries brand_id; no query crosses brands. */
export const brands = pgTable(
  'brands',
  {
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
    /**
     * Minimum payout in minor units, applied to each currency's balance: a member whose unpaid
     * balance is below it has their statements carried forward, not payable.
     */
    minimumPayoutMinor: bigint('minimum_payout_minor', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('brands_minimum_payout_nonneg', sql`${t.minimumPayoutMinor} >= 0`)],
);

/**
 * A person: one email, one password, in any number of brands (brand_memberships). A user is kept
 * when removed from every brand, so the audit log and status histories still name them.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Stored lower-cased; one account per email across the installation. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);

/** A person's role in a brand (app/auth/permissions.server.ts holds the rules). */
export const brandRole = pgEnum('brand_role', BRAND_ROLE_VALUES);

/** Who is in which brand, with one role each; a brand has exactly one owner. */
export const brandMemberships = pgTable(
  'brand_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    role: brandRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.brandId] }),
    index('brand_memberships_brand_idx').on(t.brandId),
    uniqueIndex('brand_memberships_one_owner')
      .on(t.brandId)
      .where(sql`${t.role} = 'owner'`),
  ],
);
