import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { brands, users } from './brands';
import { members } from './members';
import { offers } from './offers';

/**
 * A member's promo code on an offer (`MAYA15`, docs/promo-codes.md): a conversion that carries it
 * is attributed to that member without a click. Stored upper-cased; unique per brand among the
 * active codes, case-insensitively (the partial unique index on upper(code) is the arbiter under
 * concurrent assignments). A code is never deleted: it is deactivated (`deactivated_at`), which
 * keeps its history, and only then can the same text be given to someone else (a new row).
 * A member has at most one active code per offer.
 */
export const promoCodes = pgTable(
  'promo_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    // No cascade: offers and members with codes are archived, never deleted.
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'no action' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    code: text('code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    deactivatedByUserId: uuid('deactivated_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    uniqueIndex('promo_codes_brand_code_active_key')
      .on(t.brandId, sql`upper(${t.code})`)
      .where(sql`${t.deactivatedAt} is null`),
    uniqueIndex('promo_codes_offer_member_active_key')
      .on(t.offerId, t.memberId)
      .where(sql`${t.deactivatedAt} is null`),
    // Attribution of an inactive code (unknown_code) and the code's history.
    index('promo_codes_brand_code_idx').on(t.brandId, sql`upper(${t.code})`),
    index('promo_codes_member_idx').on(t.memberId),
    check('promo_codes_code_format', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'`),
  ],
);
