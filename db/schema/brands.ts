import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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
import { codeConflictRule } from './enums';

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
  /** The owner's "require two-factor": every member must sign in with a code to reach the brand. */
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  /**
   * A conversion with a click id and a promo code of different members: the code wins (as most
   * peers do) or the click wins (decision 052).
   */
  codeConflictRule: codeConflictRule('code_conflict_rule').notNull().default('code_wins'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // The minimum payout is per currency: minimum_payouts (docs/decisions/036).
});

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
    /**
     * Two-factor sign-in (TOTP, RFC 6238): the base32 secret once enrolment is confirmed, and
     * the secret being enrolled until then. `totp_last_step` is the time step of the last code
     * accepted: a code is never accepted twice (docs/decisions/043-two-factor-sign-in.md).
     */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** The last successful sign-in (the Team page's "last sign-in"). */
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
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

/**
 * An invitation to join a brand with a role, by email. The link's token is made when the email
 * is sent (by the `team__invitation_email` job), and only its SHA-256 is kept; a re-send makes a
 * new token, so the previous link stops working. Single use, valid 7 days from the last send.
 */
export const brandInvitations = pgTable(
  'brand_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    role: brandRole('role').notNull(),
    tokenHash: text('token_hash').unique(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('brand_invitations_brand_idx').on(t.brandId, t.createdAt),
    // One open invitation per address and brand: a second invite is a re-send.
    uniqueIndex('brand_invitations_open_key')
      .on(t.brandId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    check('brand_invitations_not_owner', sql`${t.role} <> 'owner'`),
    check('brand_invitations_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);
