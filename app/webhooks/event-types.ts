/** The events an endpoint can subscribe to, as the Webhooks page lists them (shared with the browser). */
export const WEBHOOK_EVENT_TYPES = [
  'conversion.created',
  'conversion.status_changed',
  'commission.clawback_created',
  'statement.created',
  'statement.paid',
  'member.created',
  'member.updated',
  'link.created',
  'offer.updated',
  'promo_code.created',
  'promo_code.deactivated',
  'conversion.refunded',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event "Send test event" sends; never subscribed to, always delivered when asked. */
export const TEST_EVENT_TYPE = 'webhook.test';

export const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'conversion.created': 'A conversion was accepted (postback, pixel, snippet, manual or API).',
  'conversion.status_changed':
    'A conversion was approved, rejected or reversed (with from, to, reason and who).',
  'commission.clawback_created':
    'A paid commission was reversed: a negative adjustment goes into the next statement.',
  'statement.created': 'A statement was created for a member, month and currency.',
  'statement.paid': 'A statement was marked paid.',
  'member.created': 'A member was added.',
  'member.updated': 'A member was changed (or archived).',
  'link.created': 'A tracking link was created for a member and offer.',
  'offer.updated': 'An offer was changed (including paused, resumed or expired).',
  'promo_code.created': 'A promo code was given to a member on an offer.',
  'promo_code.deactivated': 'A promo code was deactivated (its text can then be given again).',
  'conversion.refunded':
    'A store refund lowered or reversed a conversion’s commission (with the refund and the commission before and after).',
};

/** The retry schedule after a failed attempt (Standard Webhooks' suggestion), in seconds. */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
export const ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** How long an endpoint may fail before it is disabled and its admins are told. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
/** How long a rotated secret keeps signing next to the new one. */
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;
