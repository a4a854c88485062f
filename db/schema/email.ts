import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { brands } from './brands';

/**
 * Every email Offerlink sends. Without RESEND_API_KEY this is the local outbox the brand reads in
 * the portal; with it, a record of what went to Resend (with Resend's message id).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id').references(() => brands.id, { onDelete: 'cascade' }),
    /** What the email is about, e.g. `link`, `creator_sign_in`. */
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    replyTo: text('reply_to'),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** `outbox` (kept locally) or `resend`. */
    transport: text('transport').notNull(),
    providerMessageId: text('provider_message_id'),
    /** Makes a retried job write one row, not two. */
    idempotencyKey: text('idempotency_key').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_outbox_brand_idx').on(t.brandId, t.createdAt)],
);
