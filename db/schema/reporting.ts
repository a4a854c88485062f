import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { deviceClass } from './enums';

/**
 * Reporting rollups (docs/decisions/018-reporting-rollups.md). Dashboards read only these tables,
 * never raw clicks. A row holds the clicks and the conversions of its key in one currency (the
 * offer's: conversions in another are refused), the conversions split by where they stand in
 * columns, so a status change moves money between columns of the same row. Missing values are
 * stored as '' (and a missing link or member as the nil uuid), so that every key column is NOT
 * NULL and one unique key serves the upserts. Only the fold writes these tables.
 *
 * Conversions that count: pending, approved (not in a paid statement) and paid (approved and in a
 * paid statement). Rejected and reversed ones are counted apart; refused ones not at all.
 */
const counters = {
  clicks: bigint('clicks', { mode: 'number' }).notNull().default(0),
  uniqueClicks: bigint('unique_clicks', { mode: 'number' }).notNull().default(0),
  botClicks: bigint('bot_clicks', { mode: 'number' }).notNull().default(0),
  /** Conversions that count, their sale amounts and their commission. */
  conversions: bigint('conversions', { mode: 'number' }).notNull().default(0),
  salesMinor: bigint('sales_minor', { mode: 'number' }).notNull().default(0),
  commissionMinor: bigint('commission_minor', { mode: 'number' }).notNull().default(0),
  /** The commission that counts, split: pending + approved + paid = commission. */
  pendingMinor: bigint('pending_minor', { mode: 'number' }).notNull().default(0),
  approvedMinor: bigint('approved_minor', { mode: 'number' }).notNull().default(0),
  paidMinor: bigint('paid_minor', { mode: 'number' }).notNull().default(0),
  rejected: bigint('rejected', { mode: 'number' }).notNull().default(0),
  reversed: bigint('reversed', { mode: 'number' }).notNull().default(0),
};

/** Every breakdown dimension, per UTC hour: the exact, cross-filterable base of all figures. */
export const statsHourly = pgTable(
  'stats_hourly',
  {
    brandId: uuid('brand_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    offerId: uuid('offer_id').notNull(),
    memberId: uuid('member_id').notNull(),
    linkId: uuid('link_id').notNull(),
    device: deviceClass('device').notNull(),
    country: text('country').notNull(),
    referrerDomain: text('referrer_domain').notNull(),
    sub1: text('sub1').notNull(),
    sub2: text('sub2').notNull(),
    sub3: text('sub3').notNull(),
    sub4: text('sub4').notNull(),
    sub5: text('sub5').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_hourly_pkey',
      columns: [
        t.brandId,
        t.hour,
        t.offerId,
        t.memberId,
        t.linkId,
        t.device,
        t.country,
        t.referrerDomain,
        t.sub1,
        t.sub2,
        t.sub3,
        t.sub4,
        t.sub5,
        t.currency,
      ],
    }),
    index('stats_hourly_member_idx').on(t.brandId, t.memberId, t.hour),
    index('stats_hourly_link_idx').on(t.brandId, t.linkId, t.hour),
  ],
);

/**
 * One dimension at a time, per day of the brand's time zone: what the dashboards read when a
 * query needs at most one dimension besides the offer (totals, charts, each breakdown). `dim` is
 * one of link, member, device, country, referrer, sub1…sub5, hour (value: the UTC hour, ISO).
 * Rebuilt from `stats_hourly` when the brand's time zone changes.
 */
export const statsDaily = pgTable(
  'stats_daily',
  {
    brandId: uuid('brand_id').notNull(),
    dim: text('dim').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_daily_pkey',
      columns: [t.brandId, t.dim, t.day, t.offerId, t.value, t.currency],
    }),
    // One value's figures (a member's, a link's) without scanning the dimension's other values.
    index('stats_daily_value_idx').on(t.brandId, t.dim, t.value, t.day),
  ],
);

/**
 * Changes to conversions (and to statements' paid state) waiting to be folded into the rollups:
 * written by triggers in the changing transaction, deleted by the fold that adds them up.
 * `currency` is the conversion's.
 */
export const statsDelta = pgTable('stats_delta', {
  brandId: uuid('brand_id').notNull(),
  hour: timestamp('hour', { withTimezone: true }).notNull(),
  offerId: uuid('offer_id').notNull(),
  memberId: uuid('member_id').notNull(),
  linkId: uuid('link_id').notNull(),
  device: deviceClass('device').notNull(),
  country: text('country').notNull(),
  referrerDomain: text('referrer_domain').notNull(),
  sub1: text('sub1').notNull(),
  sub2: text('sub2').notNull(),
  sub3: text('sub3').notNull(),
  sub4: text('sub4').notNull(),
  sub5: text('sub5').notNull(),
  currency: text('currency').notNull(),
  ...counters,
});

/**
 * Where the click fold stands: the snapshot of its last run (clicks visible in it are counted)
 * and when that run started. One row.
 */
export const statsWatermark = pgTable('stats_watermark', {
  id: integer('id').primaryKey().default(1),
  /** pg_snapshot as text; null before the first fold. */
  snapshot: text('snapshot'),
  foldedAt: timestamp('folded_at', { withTimezone: true })
    .notNull()
    .default(sql`'-infinity'`),
});
