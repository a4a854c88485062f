import { pgEnum } from 'drizzle-orm/pg-core';
import {
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYOUT_TYPE_VALUES,
  TRACKING_METHOD_VALUES,
} from './enum-values';

export const offerStatus = pgEnum('offer_status', OFFER_STATUS_VALUES);
export const conversionType = pgEnum('conversion_type', CONVERSION_TYPE_VALUES);
export const trackingMethod = pgEnum('tracking_method', TRACKING_METHOD_VALUES);
export const payoutType = pgEnum('payout_type', PAYOUT_TYPE_VALUES);
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
