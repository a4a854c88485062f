/**
 * The values of the enums the browser also needs (the offer form's option lists), as plain lists:
 * this file imports nothing, so a client bundle can take them without drizzle. `enums.ts` makes
 * the PostgreSQL enums from them; `app/offers/options.ts` gives them labels. Written once, here.
 */
export const OFFER_STATUS_VALUES = ['active', 'paused'] as const;
export const CONVERSION_TYPE_VALUES = ['sale', 'lead', 'email_submit', 'download'] as const;
export const TRACKING_METHOD_VALUES = [
  'js_postback',
  'server_postback',
  'server_postback_member',
  'pixel',
] as const;
export const PAYOUT_TYPE_VALUES = ['cps_percent', 'cpa_flat'] as const;
/** Why a brand rejected a commission (SPEC §6); `other` needs a note. */
export const REJECT_REASON_VALUES = [
  'fraud',
  'returned_order',
  'test_order',
  'duplicate',
  'terms_violation',
  'other',
] as const;
export const PAYMENT_METHOD_VALUES = ['paypal', 'bank_transfer', 'other'] as const;
export const STATEMENT_STATUS_VALUES = ['open', 'carried_forward', 'paid'] as const;

/** A person's role in a brand, weakest first: each role can do everything the ones before can. */
export const BRAND_ROLE_VALUES = ['viewer', 'manager', 'admin', 'owner'] as const;
export type BrandRoleValue = (typeof BRAND_ROLE_VALUES)[number];

/**
 * When a conversion carries a click id and a promo code of different members, which one wins
 * (the brand's setting; docs/decisions/052-promo-code-attribution.md).
 */
export const CODE_CONFLICT_RULE_VALUES = ['code_wins', 'click_wins'] as const;
