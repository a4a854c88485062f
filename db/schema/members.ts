import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';

/** A named group of members inside a brand (a campaign, a cohort). */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('projects_brand_name_key').on(t.brandId, sql`lower(${t.name})`),
    check('projects_name_length', sql`char_length(${t.name}) between 1 and 120`),
  ],
);

/** A creator. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Stored lower-cased; unique per brand. */
    email: text('email').notNull(),
    instagram: text('instagram'),
    tiktok: text('tiktok'),
    /** Where payouts go (PayPal); given by the creator, stored lower-cased. */
    payoutEmail: text('payout_email'),
    /** Email the creator when a statement of theirs is paid. */
    notifyPaid: boolean('notify_paid').notNull().default(true),
    /**
     * Set instead of deleting a member who has links, conversions or statements: hidden from
     * lists and Add Members, while their links keep redirecting and their history stays.
     */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_brand_email_key').on(t.brandId, t.email),
    index('members_brand_name_idx').on(t.brandId, t.name),
    // A creator is a person identified by email across brands (the creator portal's sign-in).
    index('members_email_idx').on(t.email),
    check('members_email_lower', sql`${t.email} = lower(${t.email})`),
    check('members_name_length', sql`char_length(${t.name}) between 1 and 120`),
    check(
      'members_payout_email',
      sql`${t.payoutEmail} is null or (${t.payoutEmail} = lower(${t.payoutEmail}) and char_length(${t.payoutEmail}) between 3 and 254)`,
    ),
  ],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.memberId] }),
    index('project_members_member_idx').on(t.memberId),
  ],
);
