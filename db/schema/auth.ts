import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { brands, users } from './brands';
import { members } from './members';

/**
 * Sessions, the Lucia design: the cookie holds a random token, the table only its SHA-256 (hex),
 * so a leaked table cannot be replayed. A session belongs to a brand user or to a creator (member).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    /**
     * A creator session's person: the email address the sign-in link was sent to. The session
     * reaches every member record with this email (one person, many brands), and no other: a
     * brand that changes a member's email later does not widen anyone's session.
     */
    creatorEmail: text('creator_email'),
    /**
     * A brand user's current brand (chosen after sign-in or in the header's switcher); every
     * brand page checks the user's membership of it on each request.
     */
    brandId: uuid('brand_id').references(() => brands.id, { onDelete: 'set null' }),
    /** The browser's User-Agent at sign-in and when last seen (the Account page's device). */
    userAgent: text('user_agent'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    index('sessions_member_idx').on(t.memberId),
    index('sessions_brand_idx').on(t.brandId),
    check('sessions_one_owner', sql`(${t.userId} is null) <> (${t.memberId} is null)`),
  ],
);

/** Single-use, expiring sign-in links for the creator portal; only the token's hash is kept. */
export const creatorSignInTokens = pgTable(
  'creator_sign_in_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    /** The address the link was emailed to (null for links made before it was recorded). */
    email: text('email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('creator_sign_in_tokens_member_idx').on(t.memberId)],
);

/**
 * Failed sign-in counters, shared by every web process (docs/decisions/017-shared-state-across-processes.md):
 * one fixed window per key (`ip:<address>` or `email:<address>`). Rows whose window ended are
 * deleted by the hourly `auth__prune_sign_in_throttle` job.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull(),
  },
  (t) => [index('sign_in_throttle_window_idx').on(t.windowStart)],
);

/**
 * "Forgot your password?" links: single use, valid one hour; only the token's SHA-256 is kept.
 * A new link for the same person replaces the unused ones.
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The client address that asked for it (shown in the email, to report a reset not asked for). */
    requestedFrom: text('requested_from'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId, t.createdAt)],
);

/**
 * A requested change of a person's sign-in email: confirmed by a single-use link sent to the new
 * address (valid 24 hours; only the token's hash is kept, made by the job that sends it).
 */
export const emailChangeTokens = pgTable(
  'email_change_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Stored lower-cased. */
    newEmail: text('new_email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_change_tokens_user_idx').on(t.userId, t.createdAt)],
);

/** Ten one-time recovery codes per person with two-factor sign-in; only their SHA-256 is kept. */
export const totpRecoveryCodes = pgTable(
  'totp_recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('totp_recovery_codes_user_idx').on(t.userId)],
);

/**
 * The step between a correct password and the code, for a person with two-factor sign-in: a
 * short-lived token in its own cookie (only its hash here); no session exists until the code.
 */
export const twoFactorChallenges = pgTable('two_factor_challenges', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  redirectTo: text('redirect_to'),
  userAgent: text('user_agent'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
