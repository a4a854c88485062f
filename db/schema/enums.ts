import { pgEnum } from 'drizzle-orm/pg-core';

export const offerStatus = pgEnum('offer_status', ['active', 'paused']);
export const conversionType = pgEnum('conversion_type', [
  'sale',
  'lead',
  'email_submit',
  'download',
]);
export const trackingMethod = pgEnum('tracking_method', [
  'js_postback',
  'server_postback',
  'server_postback_member',
  'pixel',
]);
export const payoutType = pgEnum('payout_type', ['cps_percent', 'cpa_flat']);
export const conversionStatus = pgEnum('conversion_status', [
  'pending',
  'approved',
  'rejected',
  'reversed',
  /** Refused at attribution time; `reason` says why. Never earns. */
  'refused',
]);
export const refusalReason = pgEnum('refusal_reason', [
  'unknown_click',
  'offer_paused',
  'offer_expired',
  'outside_window',
  'duplicate_order',
  'invalid_amount',
  'bot_click',
]);
export const conversionSource = pgEnum('conversion_source', [
  'postback',
  'tune',
  'member_postback',
  'js',
  'pixel',
  'manual',
]);
export const statementStatus = pgEnum('statement_status', ['pending', 'paid']);
export const deviceClass = pgEnum('device_class', ['desktop', 'mobile', 'tablet', 'bot', 'other']);
