import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brands } from './brands';
import { conversionType, offerStatus, payoutType, trackingMethod } from './enums';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

/** Uploaded offer images, stored in the database (no file paths to escape from). */
export const offerImages = pgTable('offer_images', {
  id: uuid('id').primaryKey().defaultRandom(),
  brandId: uuid('brand_id')
    .notNull()
    .references(() => brands.id, { onDelete: 'cascade' }),
  /** Sniffed from the bytes: image/png, image/jpeg or image/webp. */
  contentType: text('content_type').notNull(),
  data: bytea('data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Internal only: never shown to members, never in emails. */
    description: text('description'),
    imageId: uuid('image_id').references(() => offerImages.id, { onDelete: 'set null' }),
    /** One of the built-in icon names, when no image is uploaded. */
    icon: text('icon'),
    status: offerStatus('status').notNull().default('active'),
    offerUrl: text('offer_url').notNull(),
    conversionType: conversionType('conversion_type').notNull().default('sale'),
    trackingMethod: trackingMethod('tracking_method').notNull().default('js_postback'),
    currency: text('currency').notNull().default('USD'),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    /** Set by the expiry job once ends_at has passed. */
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    attributionWindowDays: integer('attribution_window_days').notNull().default(30),
    holdingPeriodDays: integer('holding_period_days').notNull().default(0),
    /**
     * Recurring commissions: renewals of a subscription earn for this many months after the
     * first sale; null pays no renewals (decision 057).
     */
    recurringMonths: integer('recurring_months'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmContent: text('utm_content'),
    utmTerm: text('utm_term'),
    allowCreatorDeepLinks: boolean('allow_creator_deep_links').notNull().default(false),
    additionalDomains: text('additional_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    clickIdParam: text('click_id_param').notNull().default('transaction_id'),
    /**
     * Set instead of deleting an offer that has links or conversions: hidden from lists, links
     * keep redirecting, history stays.
     */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /**
     * The offer's short number in its brand (1, 2, 3…), the integer `offer_id` TUNE integrations
     * send. Given by a trigger at insert (the brand's last_offer_number + 1; the 0 default is only
     * the value the trigger replaces). Decision 027.
     */
    offerNumber: integer('offer_number').notNull().default(0),
    /** The offer's id in TUNE before the brand moved, accepted as `offer_id` too (optional). */
    previousTuneOfferId: integer('previous_tune_offer_id'),
    /** What a member's promo code gives the shopper ("15 % off"), shown to the creator. */
    promoDiscount: text('promo_discount'),
    /** The template Add Members offers for generating codes (`{CREATOR_NAME}{NN}`). */
    promoCodeTemplate: text('promo_code_template'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('offers_brand_name_key').on(t.brandId, sql`lower(${t.name})`),
    uniqueIndex('offers_brand_number_key').on(t.brandId, t.offerNumber),
    uniqueIndex('offers_brand_previous_tune_id_key')
      .on(t.brandId, t.previousTuneOfferId)
      .where(sql`${t.previousTuneOfferId} is not null`),
    check('offers_previous_tune_id_positive', sql`${t.previousTuneOfferId} > 0`),
    index('offers_ends_at_idx')
      .on(t.endsAt)
      .where(sql`${t.expiredAt} is null`),
    check('offers_name_length', sql`char_length(${t.name}) between 1 and 120`),
    check('offers_currency_iso', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('offers_window_range', sql`${t.attributionWindowDays} between 1 and 365`),
    check('offers_holding_range', sql`${t.holdingPeriodDays} between 0 and 365`),
    check('offers_recurring_range', sql`${t.recurringMonths} between 1 and 120`),
    check('offers_url_http', sql`${t.offerUrl} ~* '^https?://'`),
    check(
      'offers_promo_discount_length',
      sql`${t.promoDiscount} is null or char_length(${t.promoDiscount}) between 1 and 80`,
    ),
    check(
      'offers_promo_code_template_length',
      sql`${t.promoCodeTemplate} is null or char_length(${t.promoCodeTemplate}) between 1 and 60`,
    ),
    check('offers_click_id_param', sql`${t.clickIdParam} ~ '^[A-Za-z0-9_.-]{1,64}$'`),
  ],
);

/** A named commission rule of an offer. Exactly one per offer is the default. */
export const payoutOptions = pgTable(
  'payout_options',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id, { onDelete: 'cascade' }),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    type: payoutType('type').notNull(),
    /** CPS percentage as an exact decimal, e.g. '12.5' for 12.5 %. */
    percent: numeric('percent', { precision: 7, scale: 4 }),
    /** CPA amount in minor units of the offer's currency. */
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payout_options_offer_idx').on(t.offerId),
    uniqueIndex('payout_options_one_default')
      .on(t.offerId)
      .where(sql`${t.isDefault}`),
    check(
      'payout_options_value',
      sql`(${t.type} = 'cps_percent' and ${t.percent} is not null and ${t.percent} > 0 and ${t.percent} <= 100 and ${t.amountMinor} is null)
       or (${t.type} = 'cpa_flat' and ${t.amountMinor} is not null and ${t.amountMinor} >= 0 and ${t.percent} is null)`,
    ),
    check('payout_options_title_length', sql`char_length(${t.title}) between 1 and 80`),
  ],
);
