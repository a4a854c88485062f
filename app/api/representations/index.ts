/**
 * The API's resource representations: one zod schema (registered for OpenAPI) and one function
 * from database rows per resource. Webhook events carry the same (`data` is the resource as the
 * API returns it). docs/decisions/045-api-representations.md.
 */
export * from './common';
export * from './offer';
export * from './member';
export * from './link';
export * from './figures';
export * from './conversion';
export * from './statement';
export * from './promo-code';
export * from './webhook-endpoint';
