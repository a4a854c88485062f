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
import { conversionSource, deviceClass } from './enums';

/**
 * Reporting rollups (docs/decisions/018-reporting-rollups.md, 040-narrow-rollups.md). Dashboards read only these tables,
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

/**
 * Narrow rollups, each shaped by the questions the pages ask
 * (docs/decisions/040-narrow-rollups.md). Hours are UTC hours; days, weeks and months are the
 * brand's (`brands.time_zone`). A conversion counts in the hour it was reported, a click in the
 * hour it was made (its day: the day of that hour's start).
 *
 * The day rollups hold each key at grains (`grain`): 'd' a day, 'w' the ISO week starting on
 * `day` (a Monday; not in stats_values, whose sparse values it would triple), 'm' the month
 * starting on `day`. A period is read as its whole months, then whole weeks, then single days, so
 * 90 days are at most 2 months + 8 weeks + 12 days of rows.
 */
const grain = () => text('grain').notNull();

/** Per UTC hour and offer: the chart per hour (periods of up to 2 days). */
export const statsHours = pgTable(
  'stats_hours',
  {
    brandId: uuid('brand_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    offerId: uuid('offer_id').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_hours_pkey',
      columns: [t.brandId, t.hour, t.offerId, t.currency],
    }),
  ],
);

/** Per grain and offer: totals, the chart per day and the breakdown by offer. */
export const statsOffers = pgTable(
  'stats_offers',
  {
    brandId: uuid('brand_id').notNull(),
    grain: grain(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_offers_pkey',
      columns: [t.brandId, t.grain, t.day, t.offerId, t.currency],
    }),
  ],
);

/**
 * Per grain and member, all offers and links together: the breakdown by member and by project
 * (a set of members), the top members, a member's or a project's totals and series
 * (docs/decisions/060-members-rollup.md). About a third of `stats_links`' rows.
 */
export const statsMembers = pgTable(
  'stats_members',
  {
    brandId: uuid('brand_id').notNull(),
    grain: grain(),
    day: date('day', { mode: 'string' }).notNull(),
    memberId: uuid('member_id').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_members_pkey',
      columns: [t.brandId, t.grain, t.day, t.memberId, t.currency],
    }),
    index('stats_members_member_idx').on(t.brandId, t.memberId, t.grain, t.day),
  ],
);

/**
 * Per grain, offer, member and link: breakdowns by member, link and project, filters on them,
 * per-link figures.
 */
export const statsLinks = pgTable(
  'stats_links',
  {
    brandId: uuid('brand_id').notNull(),
    grain: grain(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    memberId: uuid('member_id').notNull(),
    linkId: uuid('link_id').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_links_pkey',
      columns: [t.brandId, t.grain, t.day, t.offerId, t.memberId, t.linkId, t.currency],
    }),
    index('stats_links_member_idx').on(t.brandId, t.memberId, t.grain, t.day),
    index('stats_links_link_idx').on(t.brandId, t.linkId, t.grain, t.day),
  ],
);

/**
 * Per grain and value of one click attribute (`dim`: device, country, referrer, sub1…sub5), all
 * offers together: the breakdowns by and filters on one of them. Referrer domains and sub ids keep
 * the brand's top values of each month (`stats_value_keys`, docs/decisions/058-top-values.md); the
 * rest of the month is counted under the value OTHER_VALUE, so the totals stay exact and the table
 * stops growing with the tail.
 */
export const statsValues = pgTable(
  'stats_values',
  {
    brandId: uuid('brand_id').notNull(),
    dim: text('dim').notNull(),
    grain: grain(),
    day: date('day', { mode: 'string' }).notNull(),
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_values_pkey',
      columns: [t.brandId, t.dim, t.grain, t.day, t.value, t.currency],
    }),
    index('stats_values_value_idx').on(t.brandId, t.dim, t.value, t.grain, t.day),
  ],
);

/**
 * Per grain, offer and value of one click attribute: an offer with a click attribute. Every
 * attribute but the device keeps fewer values a month than `stats_values` (the brand's top 20 a
 * month; the rest under OTHER_VALUE): offers multiply the rows.
 */
export const statsOfferValues = pgTable(
  'stats_offer_values',
  {
    brandId: uuid('brand_id').notNull(),
    dim: text('dim').notNull(),
    grain: grain(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_offer_values_pkey',
      columns: [t.brandId, t.dim, t.grain, t.day, t.offerId, t.value, t.currency],
    }),
  ],
);

/**
 * The values of a click attribute that keep their own rows in a rollup, per brand and month of
 * the brand (`month`: its first day): at most `stats_value_cap(dim)` of them, the month's first
 * fold taking the top values of the 28 days before, later folds the top values they see while
 * there is room (docs/decisions/058-top-values.md). `dim` is the rollup's kind and the attribute
 * ('v:sub1', 'o:country', 'mv:country'). Only the fold and the rebuild write it.
 */
export const statsValueKeys = pgTable(
  'stats_value_keys',
  {
    brandId: uuid('brand_id').notNull(),
    dim: text('dim').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.dim, t.month, t.value] })],
);

/**
 * One row per batch of clicks the click writer commits, in the batch's transaction: the earliest
 * click time in it. The fold reads the clicks made since the earliest batch it has not folded
 * (instead of a fixed window), then deletes the batches it folded (docs/decisions/059-fold-by-batch.md).
 */
export const statsClickBatches = pgTable('stats_click_batches', {
  createdFrom: timestamp('created_from', { withTimezone: true }).notNull(),
});

/**
 * The cross-filter pair: per ISO week of the brand (`day`: its Monday), member and device or
 * country (`dim`), no offer. Members in a country, a member's countries, a project's devices; such
 * a combination is counted in whole weeks (docs/decisions/040-narrow-rollups.md): per day it would
 * hold about as many rows as clicks.
 */
export const statsMemberValues = pgTable(
  'stats_member_values',
  {
    brandId: uuid('brand_id').notNull(),
    dim: text('dim').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    memberId: uuid('member_id').notNull(),
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    ...counters,
  },
  (t) => [
    primaryKey({
      name: 'stats_member_values_pkey',
      columns: [t.brandId, t.dim, t.day, t.memberId, t.value, t.currency],
    }),
    index('stats_member_values_member_idx').on(t.brandId, t.dim, t.memberId, t.day),
    index('stats_member_values_value_idx').on(t.brandId, t.dim, t.value, t.day),
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

/** The conversions rollups' figures: accepted conversions with their money, and refused ones. */
const conversionCounts = {
  conversions: bigint('conversions', { mode: 'number' }).notNull().default(0),
  refused: bigint('refused', { mode: 'number' }).notNull().default(0),
  salesMinor: bigint('sales_minor', { mode: 'number' }).notNull().default(0),
  commissionMinor: bigint('commission_minor', { mode: 'number' }).notNull().default(0),
};

/**
 * Conversions per day of the brand's time zone, offer, source and promo code (the nil uuid for
 * none): the Reports page's "by source" and "by promo code" tables (decision 063). Conversions
 * only, so kept apart from the click rollups; written by the conversions trigger into
 * `stats_conversion_delta` and folded with the rest. `conversions`, `sales_minor` and
 * `commission_minor` count accepted conversions (pending or approved), `refused` the refused ones.
 */
export const statsConversionDays = pgTable(
  'stats_conversion_days',
  {
    brandId: uuid('brand_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    source: conversionSource('source').notNull(),
    promoCodeId: uuid('promo_code_id').notNull(),
    currency: text('currency').notNull(),
    ...conversionCounts,
  },
  (t) => [
    primaryKey({
      name: 'stats_conversion_days_pkey',
      columns: [t.brandId, t.day, t.offerId, t.source, t.promoCodeId, t.currency],
    }),
  ],
);

/**
 * The same per member (the nil uuid for none): a member filter on the Reports page reads only that
 * member's rows (decision 063). Nearly a row per member, offer and day with conversions, so it is
 * not read without a member.
 */
export const statsConversionMemberDays = pgTable(
  'stats_conversion_member_days',
  {
    brandId: uuid('brand_id').notNull(),
    memberId: uuid('member_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    offerId: uuid('offer_id').notNull(),
    source: conversionSource('source').notNull(),
    promoCodeId: uuid('promo_code_id').notNull(),
    currency: text('currency').notNull(),
    ...conversionCounts,
  },
  (t) => [
    primaryKey({
      name: 'stats_conversion_member_days_pkey',
      columns: [t.brandId, t.memberId, t.day, t.offerId, t.source, t.promoCodeId, t.currency],
    }),
  ],
);

/** What the conversions trigger adds to the two tables above, until the fold applies it. */
export const statsConversionDelta = pgTable('stats_conversion_delta', {
  brandId: uuid('brand_id').notNull(),
  memberId: uuid('member_id')
    .notNull()
    .default(sql`'00000000-0000-0000-0000-000000000000'::uuid`),
  day: date('day', { mode: 'string' }).notNull(),
  offerId: uuid('offer_id').notNull(),
  source: conversionSource('source').notNull(),
  promoCodeId: uuid('promo_code_id').notNull(),
  currency: text('currency').notNull(),
  ...conversionCounts,
});

const pendingFigures = {
  pendingMinor: bigint('pending_minor', { mode: 'number' }).notNull().default(0),
  pendingCount: bigint('pending_count', { mode: 'number' }).notNull().default(0),
};

/**
 * A member's pending commissions per offer, currency and the day (the brand's) they clear the
 * offer's holding period: the creator's "pending and when it clears" (decision 066), which read
 * every pending conversion of the member before (~70,000 for the busiest at 30M clicks). The day
 * is computed when written, from the offer's holding period and the brand's time zone; a change
 * of either rebuilds the rows it moves. Rows whose count falls to zero are deleted by the fold.
 */
export const statsPending = pgTable(
  'stats_pending',
  {
    brandId: uuid('brand_id').notNull(),
    memberId: uuid('member_id').notNull(),
    offerId: uuid('offer_id').notNull(),
    currency: text('currency').notNull(),
    clearsOn: date('clears_on', { mode: 'string' }).notNull(),
    ...pendingFigures,
  },
  (t) => [
    primaryKey({
      name: 'stats_pending_pkey',
      columns: [t.brandId, t.memberId, t.offerId, t.currency, t.clearsOn],
    }),
    index('stats_pending_emptied')
      .on(t.brandId)
      .where(sql`pending_count = 0`),
  ],
);

/**
 * What the conversions trigger and the payout rollup add to `stats_pending`, until the fold. Read
 * with the rollup for one member (so indexed by member: between vacuums the emptied table still
 * has its pages).
 */
export const statsPendingDelta = pgTable(
  'stats_pending_delta',
  {
    brandId: uuid('brand_id').notNull(),
    memberId: uuid('member_id').notNull(),
    offerId: uuid('offer_id').notNull(),
    currency: text('currency').notNull(),
    clearsOn: date('clears_on', { mode: 'string' }).notNull(),
    ...pendingFigures,
  },
  (t) => [index('stats_pending_delta_member').on(t.brandId, t.memberId)],
);
