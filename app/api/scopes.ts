/**
 * What an API key may do: read and/or write per resource (issue #22). A write scope includes
 * reading the same resource: a key that may change members may also see them. Projects are
 * groups of members and go with the `members` scope (docs/decisions/044-rest-api-framework.md).
 * Promo codes have their own scope (docs/decisions/061-promo-code-and-refund-events-api.md).
 * Plain `.ts`: the Developers page's checkboxes use the same lists.
 */
export const API_RESOURCES = [
  'offers',
  'members',
  'links',
  'promo_codes',
  'conversions',
  'payouts',
  'reports',
  'webhooks',
] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export const API_ACCESS = ['read', 'write'] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

export type ApiScope = `${ApiResource}:${ApiAccess}`;

export const API_SCOPES: readonly ApiScope[] = API_RESOURCES.flatMap((resource) =>
  API_ACCESS.map((access) => `${resource}:${access}` as const),
);

export const API_RESOURCE_LABELS: Record<ApiResource, { label: string; covers: string }> = {
  offers: { label: 'Offers', covers: 'offers and their payout options' },
  members: { label: 'Members', covers: 'members and projects' },
  links: { label: 'Links', covers: 'tracking links, with their figures' },
  promo_codes: { label: 'Promo codes', covers: 'members’ promo codes per offer' },
  conversions: { label: 'Conversions', covers: 'conversions and their history' },
  payouts: { label: 'Payouts', covers: 'statements and their lines' },
  reports: { label: 'Reports', covers: 'the Reports page’s figures (read only)' },
  webhooks: { label: 'Webhooks', covers: 'webhook endpoints and deliveries' },
};

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);
}

/** Whether a key with `scopes` may do `needed` (a write scope covers reading too). */
export function scopeAllows(scopes: readonly string[], needed: ApiScope): boolean {
  if (scopes.includes(needed)) return true;
  const [resource, access] = needed.split(':');
  return access === 'read' && scopes.includes(`${resource}:write`);
}
