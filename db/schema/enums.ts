import { pgEnum } from 'drizzle-orm/pg-core';
import {
  CODE_CONFLICT_RULE_VALUES,
  CONVERSION_TYPE_VALUES,
  OFFER_STATUS_VALUES,
  PAYMENT_METHOD_VALUES,
  PAYOUT_TYPE_VALUES,
  REJECT_REASON_VALUES,
  STATEMENT_STATUS_VALUES,
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
  /** A promo code that is not one of the brand's, or was deactivated. */
  'unknown_code',
]);
export const conversionSource = pgEnum('conversion_source', [
  'postback',
  'tune',
  'member_postback',
  'js',
  'pixel',
  'manual',
  /** Attributed by a promo code (no click, or the code won over a click: conflict_rule). */
  'code',
  /** Store connectors (decision 055), when the order was attributed by a click id. */
  'shopify',
  'woocommerce',
  'stripe',
]);
/** Why a brand rejected a commission (SPEC §6); `other` needs a note. */
export const rejectReason = pgEnum('reject_reason', REJECT_REASON_VALUES);
/**
 * Who or what changed a conversion's status (conversion_status_history): a brand user, the
 * system, a merchant's postback, or a brand's API key (`actor_api_key_id`).
 */
export const actorKind = pgEnum('actor_kind', ['user', 'system', 'postback', 'api_key']);
/**
 * A statement is `open` (payable: the member's unpaid balance in its currency is positive and at
 * least the brand's minimum payout), `carried_forward` (that balance is below the minimum, or not
 * positive: not payable yet, it rolls on with the next statements), or `paid` (never changes
 * again). docs/decisions/023-payouts-ledger.md.
 */
export const statementStatus = pgEnum('statement_status', STATEMENT_STATUS_VALUES);
export const paymentMethod = pgEnum('payment_method', PAYMENT_METHOD_VALUES);
export const rollupRunStatus = pgEnum('rollup_run_status', ['queued', 'running', 'done', 'failed']);
export const deviceClass = pgEnum('device_class', ['desktop', 'mobile', 'tablet', 'bot', 'other']);
export const codeConflictRule = pgEnum('code_conflict_rule', CODE_CONFLICT_RULE_VALUES);
