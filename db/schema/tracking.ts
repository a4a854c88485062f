import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';
import { members } from './members';
import { links } from './links';
import { offers, payoutOptions } from './offers';
import { users } from './brands';
import {
  actorKind,
  codeConflictRule,
  conversionSource,
  conversionStatus,
  deviceClass,
  paymentMethod,
  refusalReason,
  rejectReason,
  rollupRunStatus,
  statementStatus,
} from './enums';

/**
 * One visit to a link; the big table (hundreds of millions of rows). Its id (a time-ordered
 * UUIDv7 made by the app) is the click id handed to the brand as `transaction_id`: unguessable, and
 * appended in time order so the primary key index stays compact. No foreign keys: rows are written
 * in batches on the hot path. Dashboards read the rollups, never scan this table.
 *
 * Partitioned by month of `created_at` (PostgreSQL declarative partitioning, custom migration
 * 0008; docs/decisions/022-click-partitions-and-retention.md): partitions `clicks_pYYYYMM` are
 * created months ahead, `clicks_default` catches anything else, and CLICK_RETENTION_MONTHS drops
 * old months. drizzle-kit cannot express partitioning, so the primary key includes `created_at`
 * here as it must in PostgreSQL, and the table itself is made by the custom migration.
 */
export const clicks = pgTable(
  'clicks',
  {
    id: uuid('id').notNull(),
    brandId: uuid('brand_id').notNull(),
    offerId: uuid('offer_id').notNull(),
    linkId: uuid('link_id').notNull(),
    memberId: uuid('member_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Hex SHA-256 of salt + IP; never the raw address. */
    ipHash: text('ip_hash').notNull(),
    userAgent: text('user_agent'),
    referrer: text('referrer'),
    country: text('country'),
    device: deviceClass('device').notNull().default('other'),
    isBot: boolean('is_bot').notNull().default(false),
    isUnique: boolean('is_unique').notNull().default(true),
    /** False when the offer was paused or expired at click time: it can never earn. */
    attributable: boolean('attributable').notNull().default(true),
    sub1: text('sub1'),
    sub2: text('sub2'),
    sub3: text('sub3'),
    sub4: text('sub4'),
    sub5: text('sub5'),
  },
  // Clicks are looked up by id (attribution, the pixel); figures come from the reporting rollups
  // (docs/decisions/040-narrow-rollups.md). Every index costs each of the thousands of clicks written per second, so
  // there is no per-link index (docs/decisions/012-click-writer-copy.md); BRIN serves time ranges.
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('clicks_created_brin').using('brin', t.createdAt),
  ],
);

/**
 * Who clicked which link when, for unique clicks decided in PostgreSQL across processes and
 * restarts (docs/decisions/030-unique-clicks-in-postgresql.md): one row per link and visitor (the
 * first 8 bytes of the IP hash and the user agent's 8-byte digest, as a uuid), the last click's
 * time (renewed at most about once a second per process: it may lag the real last click by under
 * a second, decision 039), and the time before it (set by the upsert that replaced it, so the batch
 * that wrote a click learns whether it was unique). Rows older than 24 hours (and a minute) are
 * deleted by the hourly `clicks__prune_visitors` job.
 */
export const clickVisitors = pgTable(
  'click_visitors',
  {
    linkId: uuid('link_id').notNull(),
    visitor: uuid('visitor').notNull(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull(),
    previousSeen: timestamp('previous_seen', { withTimezone: true }),
  },
  // No index on last_seen: every batch updates it, and an unindexed column keeps those updates
  // HOT (no index entry per click); the hourly prune scans the table, which holds one day.
  (t) => [primaryKey({ columns: [t.linkId, t.visitor] })],
);

/**
 * The brand's minimum payout in one currency, in that currency's minor units: a member whose
 * unpaid balance in the currency is below it has their statements carried forward. A currency
 * without a row has no minimum (docs/decisions/036-netting-and-minimums-per-currency.md).
 */
export const minimumPayouts = pgTable(
  'minimum_payouts',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    minimumMinor: bigint('minimum_minor', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.currency] }),
    check('minimum_payouts_nonneg', sql`${t.minimumMinor} >= 0`),
    check('minimum_payouts_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * A payment to a member in one currency, as the brand recorded it with Mark paid: the net of
 * every unpaid statement of that member and currency at that moment (negative ones included),
 * which it settles (`statements.payout_id`). Never changed (a trigger refuses it); decision 036.
 */
export const payouts = pgTable(
  'payouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    currency: text('currency').notNull(),
    /** The money sent: the sum of the statements it settles, in minor units (> 0). */
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    /** How many statements it settles. */
    statementCount: integer('statement_count').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    paymentMethod: paymentMethod('payment_method').notNull(),
    paymentReference: text('payment_reference'),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
    paidByUserId: uuid('paid_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Marked paid over the API: the brand's key that did it (keys are revoked, never deleted). */
    paidByApiKeyId: uuid('paid_by_api_key_id'),
  },
  (t) => [
    index('payouts_member_idx').on(t.memberId, t.currency, t.paidAt),
    index('payouts_brand_idx').on(t.brandId, t.paidAt),
    check('payouts_amount_positive', sql`${t.amountMinor} > 0`),
    check('payouts_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'payouts_reference_length',
      sql`${t.paymentReference} is null or char_length(${t.paymentReference}) <= 200`,
    ),
  ],
);

/**
 * Statements: money owed to a member for a month in one currency (docs/decisions/023-payouts-ledger.md). Its lines
 * are the conversions whose `statement_id` is it and the adjustments whose `statement_id` is it;
 * `amount_minor` is always their sum. Built by the payout rollup and the lifecycle module
 * (`app/payouts/`); a paid statement is never changed again (a trigger refuses it).
 */
export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    /** Sum of its conversions' commissions and adjustments, in minor units. */
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull().default(0),
    status: statementStatus('status').notNull().default('carried_forward'),
    /** The day the brand says it paid (entered when marking paid). */
    paidOn: date('paid_on', { mode: 'string' }),
    paymentMethod: paymentMethod('payment_method'),
    /** The brand's payment reference (PayPal batch id, bank transfer reference…). */
    paymentReference: text('payment_reference'),
    /** When it was marked paid, and by whom. */
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paidByUserId: uuid('paid_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Marked paid over the API: the brand's key that did it. */
    paidByApiKeyId: uuid('paid_by_api_key_id'),
    /** The payment that settled it (with the member's other unpaid statements in its currency). */
    payoutId: uuid('payout_id').references(() => payouts.id, { onDelete: 'no action' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('statements_payout_idx')
      .on(t.payoutId)
      .where(sql`${t.payoutId} is not null`),
    uniqueIndex('statements_member_period_key').on(t.memberId, t.periodStart, t.currency),
    index('statements_brand_idx').on(t.brandId, t.periodStart),
    index('statements_brand_status_idx').on(t.brandId, t.status),
    check(
      'statements_paid_fields',
      sql`(${t.status} = 'paid') = (${t.paidOn} is not null and ${t.paymentMethod} is not null and ${t.paidAt} is not null)`,
    ),
    check(
      'statements_reference_length',
      sql`${t.paymentReference} is null or char_length(${t.paymentReference}) <= 200`,
    ),
    check('statements_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('statements_period', sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
);

/**
 * A conversion reported by the brand. Refused ones are stored too (status `refused`, with a
 * reason); only those with a bad token are not stored against a brand.
 */
export const conversions = pgTable(
  'conversions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    // No cascade: offers and members with conversions are archived, never deleted.
    offerId: uuid('offer_id').references(() => offers.id, { onDelete: 'no action' }),
    linkId: uuid('link_id').references(() => links.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'no action' }),
    payoutOptionId: uuid('payout_option_id').references(() => payoutOptions.id, {
      onDelete: 'set null',
    }),
    /** As reported (may be malformed when the conversion was refused as unknown_click). */
    clickRef: text('click_ref'),
    clickId: uuid('click_id'),
    /** The promo code as reported (coupon / coupon_code), kept even when unknown. */
    couponRef: text('coupon_ref'),
    /**
     * The promo code it carried, when it is one of the brand's (no foreign key: written on the
     * postback hot path; codes are never deleted). With `click_id` of another member, see
     * `conflict_rule`.
     */
    promoCodeId: uuid('promo_code_id'),
    /** Set when the click and the code named different members: the brand's rule that decided. */
    conflictRule: codeConflictRule('conflict_rule'),
    orderId: text('order_id'),
    event: text('event'),
    /** TUNE's goal and advertiser sub-values, kept as reported (decision 027). */
    goalId: text('goal_id'),
    advSub: text('adv_sub'),
    advSub2: text('adv_sub2'),
    advSub3: text('adv_sub3'),
    advSub4: text('adv_sub4'),
    advSub5: text('adv_sub5'),
    /** Sale amount in minor units of `currency`, when reported. */
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    currency: text('currency').notNull().default('USD'),
    commissionMinor: bigint('commission_minor', { mode: 'number' }).notNull().default(0),
    status: conversionStatus('status').notNull(),
    reason: refusalReason('reason'),
    /** Why the brand rejected it (status `rejected` only). */
    rejectReason: rejectReason('reject_reason'),
    /** The note of the last status change (a rejection's explanation, a reversal's cause). */
    statusNote: text('status_note'),
    source: conversionSource('source').notNull(),
    /** The raw parameters received, for support and audits. */
    raw: jsonb('raw'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
    /**
     * The statement this commission is a line of. No foreign key: the rollup sets it on up to a
     * million rows at once, and the per-row check cost more than the rest of the update
     * (docs/benchmarks.md); app/payouts/ only deletes statements without lines.
     */
    statementId: uuid('statement_id'),
    /**
     * The status-history event that approved it, when the payout rollup approved it with many
     * others at once (one event per run, decision 034); null otherwise.
     */
    approvalEventId: bigint('approval_event_id', { mode: 'number' }),
  },
  (t) => [
    // Idempotency: one accepted conversion per (offer, order id), even under concurrency. "Not
    // refused" is said with `reason` (set at attribution, never changed; the check below ties it
    // to `refused`), not `status`: no index mentions a column the payout rollup changes, so its
    // updates of a million rows stay HOT (decision 034). For the same reason `status` and
    // `statement_id` are not indexed: the rollup finds its work in payout_queue, and a
    // statement's lines are found among its member's conversions (conversions_member_idx).
    uniqueIndex('conversions_offer_order_key')
      .on(t.offerId, t.orderId)
      .where(sql`${t.orderId} is not null and ${t.reason} is null`),
    // Newest first with the id as the tie-break, as every list pages (app/paging): with the time
    // alone, conversions stamped at one moment (an import, a manual entry's time) were sorted at
    // each page (21,905 of them took the first page 51 ms).
    index('conversions_brand_created_idx').on(t.brandId, t.createdAt, t.id),
    index('conversions_member_idx').on(t.memberId, t.createdAt, t.id),
    index('conversions_link_idx').on(t.linkId),
    check(
      'conversions_reason_iff_refused',
      sql`(${t.status} = 'refused') = (${t.reason} is not null)`,
    ),
    check('conversions_amount_nonneg', sql`${t.amountMinor} is null or ${t.amountMinor} >= 0`),
    check(
      'conversions_reject_reason_iff_rejected',
      sql`(${t.status} = 'rejected') = (${t.rejectReason} is not null)`,
    ),
    check(
      'conversions_status_note_length',
      sql`${t.statusNote} is null or char_length(${t.statusNote}) <= 1000`,
    ),
  ],
);

/**
 * A correction carried into a statement: a clawback (the reversal of a commission already paid,
 * as a negative amount) in the member's next statement. `statement_id` is null until it is placed.
 */
export const statementAdjustments = pgTable(
  'statement_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    conversionId: uuid('conversion_id')
      .notNull()
      .references(() => conversions.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id').references(() => statements.id, { onDelete: 'no action' }),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    note: text('note').notNull(),
    /**
     * The store refund (conversion_refunds) this clawback is for: a paid commission can have one
     * per partial refund, and one reversal (refund_id null) for the rest (decision 056).
     */
    refundId: uuid('refund_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('statement_adjustments_conversion_key')
      .on(t.conversionId)
      .where(sql`${t.refundId} is null`),
    uniqueIndex('statement_adjustments_refund_key')
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
    index('statement_adjustments_statement_idx')
      .on(t.statementId)
      .where(sql`${t.statementId} is not null`),
    index('statement_adjustments_unplaced_idx')
      .on(t.brandId)
      .where(sql`${t.statementId} is null`),
  ],
);

/**
 * Every status change of a conversion: who or what made it, when, from, to, why. Written by
 * `app/payouts/` in the same statement as the change. Creation by a tracking endpoint (status
 * `pending` or `refused`) is the conversion row itself (its `created_at`); a conversion a brand
 * user adds by hand has a creation row here too (no `from_status`, to `pending`, the user), written
 * in the transaction that inserts it (docs/decisions/033-conversions-management.md). A row is
 * about one conversion (`conversion_id`), or about the `batch_size` conversions the payout rollup
 * approved at once, which point to it (`conversions.approval_event_id`; decision 034).
 */
export const conversionStatusHistory = pgTable(
  'conversion_status_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign keys: rows are written only by app/payouts/ from the rows it just changed (a
    // rollup writes a million at once; per-row checks would double its time), conversions are
    // never deleted, and the acting user's id stays even if the user is removed.
    conversionId: uuid('conversion_id'),
    /** How many conversions a batch event (no `conversion_id`) changed. */
    batchSize: integer('batch_size'),
    brandId: uuid('brand_id').notNull(),
    /** Null for the creation row of a manual conversion. */
    fromStatus: conversionStatus('from_status'),
    toStatus: conversionStatus('to_status').notNull(),
    reason: rejectReason('reason'),
    note: text('note'),
    actorKind: actorKind('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id'),
    /** The brand's API key that made the change (actor kind `api_key`). */
    actorApiKeyId: uuid('actor_api_key_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversion_status_history_conversion_idx').on(t.conversionId, t.at),
    index('conversion_status_history_brand_idx').on(t.brandId, t.at),
    check(
      'conversion_status_history_user_actor',
      sql`(${t.actorKind} = 'user') = (${t.actorUserId} is not null)`,
    ),
    // Compared as text: a check naming the enum's new value would be refused in the migration's
    // transaction that adds it ("unsafe use of new value").
    check(
      'conversion_status_history_key_actor',
      sql`(${t.actorKind}::text = 'api_key') = (${t.actorApiKeyId} is not null)`,
    ),
    check(
      'conversion_status_history_creation',
      sql`${t.fromStatus} is not null or (${t.toStatus} = 'pending' and ${t.actorKind}::text in ('user', 'api_key'))`,
    ),
    check(
      'conversion_status_history_one_or_batch',
      sql`(${t.conversionId} is null) = (${t.batchSize} is not null)`,
    ),
  ],
);

/**
 * "Approve / reject / reverse every conversion matching the filter" when more than a few hundred
 * match: the ids are fixed when it is asked (so a retried job, or one that runs after new
 * conversions arrived, acts on exactly what the brand saw counted), then a
 * `conversions__bulk_action` job changes them in chunks, each chunk and its progress counts in
 * one transaction; the conversions page polls the counts. Illegal transitions are counted as
 * refused (with the first refusal's message) and the others go ahead.
 */
export const conversionBulkRuns = pgTable(
  'conversion_bulk_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    requestedByUserId: uuid('requested_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** approve, reject or reverse. */
    intent: text('intent').notNull(),
    rejectReason: rejectReason('reject_reason'),
    note: text('note'),
    /** The conversions list's filter it was asked for (query string), shown with its progress. */
    filterQuery: text('filter_query').notNull().default(''),
    conversionIds: uuid('conversion_ids').array().notNull(),
    total: integer('total').notNull(),
    processed: integer('processed').notNull().default(0),
    changedCount: integer('changed_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    refusedCount: integer('refused_count').notNull().default(0),
    /** The first refusal's message ("Only a pending commission can be approved: …"). */
    refusedMessage: text('refused_message'),
    status: rollupRunStatus('status').notNull().default('queued'),
    error: text('error'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('conversion_bulk_runs_brand_idx').on(t.brandId, t.queuedAt),
    check('conversion_bulk_runs_intent', sql`${t.intent} in ('approve', 'reject', 'reverse')`),
    check(
      'conversion_bulk_runs_reason',
      sql`(${t.intent} = 'reject') = (${t.rejectReason} is not null)`,
    ),
    check('conversion_bulk_runs_total', sql`${t.total} = cardinality(${t.conversionIds})`),
    check('conversion_bulk_runs_progress', sql`${t.processed} between 0 and ${t.total}`),
  ],
);

/**
 * Conversions the payout rollup still has to look at: every conversion stored as `pending`
 * (a trigger on conversions adds it), by offer and age, so the rollup reads only those whose
 * holding period has passed. The rollup removes the ones it approved or placed and those it
 * finds already decided (rejected, reversed, approved early). A queue rather than a partial
 * index on conversions.status: an index on a column the rollup changes would make its updates
 * of a million rows non-HOT, ten times slower (decision 034).
 */
export const payoutQueue = pgTable(
  'payout_queue',
  {
    conversionId: uuid('conversion_id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('payout_queue_due_idx').on(t.brandId, t.offerId, t.createdAt)],
);

/**
 * One run of the payout rollup for a brand (hourly, or "Run now" on the Payouts page): the page
 * polls its status and counts.
 */
export const rollupRuns = pgTable(
  'rollup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    status: rollupRunStatus('status').notNull().default('queued'),
    /** `schedule` (the crontab) or `manual` ("Run now"). */
    trigger: text('trigger').notNull(),
    requestedByUserId: uuid('requested_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    /** What it is doing now, for the progress display. */
    step: text('step'),
    approvedCount: integer('approved_count').notNull().default(0),
    linesPlacedCount: integer('lines_placed_count').notNull().default(0),
    statementsTouchedCount: integer('statements_touched_count').notNull().default(0),
    error: text('error'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('rollup_runs_brand_idx').on(t.brandId, t.queuedAt)],
);

/** Postbacks refused for a bad token: counted per day, never stored against a brand. */
export const badTokenCounts = pgTable('bad_token_counts', {
  day: date('day', { mode: 'string' }).primaryKey(),
  count: integer('count').notNull().default(0),
});
