import type { BrandRoleValue } from '../../db/schema/enum-values';

/** How the pages and emails name each role, and what each may do (shared with the browser). */
export const ROLE_LABELS: Record<BrandRoleValue, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  viewer: 'Viewer',
};

export const ROLE_SUMMARIES: Record<BrandRoleValue, string> = {
  owner: 'Everything, including transferring the ownership of the brand.',
  admin: 'Everything but ownership: settings, the postback token, the team and payouts.',
  manager:
    'Offers, members, projects, links, emails and conversions; no payouts, settings or team.',
  viewer:
    'Sees offers, members, conversions, reports and payouts, and downloads reports; changes nothing.',
};

/** The roles an invitation or a role change can give (the owner changes only by a transfer). */
export const ASSIGNABLE_ROLES = ['admin', 'manager', 'viewer'] as const satisfies BrandRoleValue[];
