import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';
import { members } from './members';
import { offers, payoutOptions } from './offers';

/** One member's tracking link for one offer: `/l/:code`. */
export const links = pgTable(
  'links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id')
      .notNull()
      // No cascade: an offer or member with links is archived, never deleted (a posted link never
      // breaks); deleting a brand still takes everything with it in one statement.
      .references(() => offers.id, { onDelete: 'no action' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    payoutOptionId: uuid('payout_option_id')
      .notNull()
      .references(() => payoutOptions.id, { onDelete: 'restrict' }),
    /** Short, unguessable (>= 64 random bits), URL-safe, unique across the installation. */
    code: text('code').notNull(),
    /** Optional fixed destination that replaces the offer URL (validated against the offer's domains). */
    deepLink: text('deep_link'),
    /** The creator's own name for the link ("Instagram bio"); shown only in the creator portal and links table. */
    label: text('label'),
    /** True for links a creator built in their portal (they count against the per-offer cap). */
    createdByCreator: boolean('created_by_creator').notNull().default(false),
    lastEmailedAt: timestamp('last_emailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('links_code_key').on(t.code),
    // A member has one main link per offer; deep links are extra links.
    uniqueIndex('links_offer_member_main_key')
      .on(t.offerId, t.memberId)
      .where(sql`${t.deepLink} is null`),
    index('links_member_idx').on(t.memberId),
    index('links_brand_offer_idx').on(t.brandId, t.offerId),
    check(
      'links_label_length',
      sql`${t.label} is null or char_length(${t.label}) between 1 and 60`,
    ),
  ],
);
