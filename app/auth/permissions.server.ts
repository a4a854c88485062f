import { redirect } from '@remix-run/node';
import { BRAND_ROLE_VALUES } from '../../db/schema/enum-values';
export { ROLE_LABELS } from './roles';
import { resolveBrandUser, type BrandUser } from './brand-auth.server';

/**
 * Who may do what in a brand: the one rule table of the brand portal (and, later, of API keys'
 * scopes). Every brand loader, action and export calls `requireBrandRole(request, rule)` first.
 * Roles are ordered: a role can do everything the roles before it can.
 * docs/decisions/042-brand-teams-and-roles.md.
 */
export type BrandRole = (typeof BRAND_ROLE_VALUES)[number];

export const BRAND_RULES = {
  /** Pages, reports and downloads: every member of the brand. */
  read: { role: 'viewer', does: 'see this brand' },
  offers: { role: 'manager', does: 'change offers' },
  members: { role: 'manager', does: 'change members' },
  projects: { role: 'manager', does: 'change projects' },
  links: { role: 'manager', does: 'create links or send link emails' },
  conversions: { role: 'manager', does: 'add, approve, reject or reverse conversions' },
  payouts: { role: 'admin', does: 'mark statements paid' },
  payoutsRefresh: { role: 'admin', does: 'update the payouts' },
  paypal: { role: 'admin', does: 'download PayPal payout files' },
  settings: { role: 'admin', does: 'see or change the brand settings and postback token' },
  team: { role: 'admin', does: 'manage the team' },
  webhooks: { role: 'admin', does: 'see or change webhook endpoints' },
  ownership: { role: 'owner', does: 'transfer the ownership of the brand' },
} as const satisfies Record<string, { role: BrandRole; does: string }>;

export type BrandRule = keyof typeof BRAND_RULES;

const RANK: Record<BrandRole, number> = { viewer: 0, manager: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: BrandRole, needed: BrandRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** Whether `role` may do what `rule` covers (for showing or hiding controls; never the guard). */
export function can(role: BrandRole, rule: BrandRule): boolean {
  return roleAtLeast(role, BRAND_RULES[rule].role);
}

const NAMED: Record<BrandRole, string> = {
  owner: 'the owner',
  admin: 'an admin',
  manager: 'a manager',
  viewer: 'a viewer',
};

/** "Only an admin or the owner can mark statements paid." */
export function refusalMessage(rule: BrandRule): string {
  const { role, does } = BRAND_RULES[rule];
  const allowed = BRAND_ROLE_VALUES.filter((r) => roleAtLeast(r, role)).map((r) => NAMED[r]);
  const who =
    allowed.length === 1
      ? allowed[0]
      : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  return `Only ${who} can ${does}.`;
}

export type BrandAccess = BrandUser;

function refuse(rule: BrandRule): never {
  throw new Response(refusalMessage(rule), {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * A second, narrower rule for one form of a route whose guard let a weaker role in (a page whose
 * forms need different roles): 403 with the rule's sentence, before anything changes.
 */
export function assertCan(access: BrandAccess, rule: BrandRule): void {
  if (!can(access.role, rule)) refuse(rule);
}

/**
 * The signed-in person, their current brand and their role in it, when the role allows `rule`.
 * Otherwise: anonymous → sign-in (and back); no brand chosen yet → the brand picker; a role too
 * weak → 403 with a sentence naming the roles that may (nothing has been read or changed yet).
 */
export async function requireBrandRole(request: Request, rule: BrandRule): Promise<BrandAccess> {
  const url = new URL(request.url);
  const back = encodeURIComponent(`${url.pathname}${url.search}`);
  const resolved = await resolveBrandUser(request);
  if (resolved.kind === 'anonymous') throw redirect(`/sign-in?redirectTo=${back}`);
  if (resolved.kind === 'choose') throw redirect(`/choose-brand?redirectTo=${back}`);
  const access = resolved.brandUser;
  // A brand that requires two-factor sign-in: its pages wait until the person sets it up (on
  // their Account page, the one page they may open meanwhile).
  if (access.twoFactorMissing && url.pathname !== '/brand/account') {
    throw redirect('/brand/account?twoFactor=required');
  }
  assertCan(access, rule);
  return access;
}
