/**
 * Where a tracking link sends the shopper: deep-link rules, UTM rendering and the click id.
 * Plain TypeScript with no server-only imports: the redirect uses it, and so do the offer form's
 * live UTM preview and the creator portal's deep-link builder in the browser.
 */

export const UTM_PARAMS = {
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmContent: 'utm_content',
  utmTerm: 'utm_term',
} as const;

export type UtmSettings = { [K in keyof typeof UTM_PARAMS]: string | null | undefined };

export const UTM_VARIABLES = [
  'creator_name',
  'creator_ig_username',
  'project_name',
  'link_offer_name',
  'creator_tiktok_username',
  'member_id',
] as const;

export type UtmVariable = (typeof UTM_VARIABLES)[number];
export type UtmVariables = Record<UtmVariable, string | null | undefined>;

const VARIABLE_PATTERN = /\{([a-z_]+)\}/g;

/** A UTM setting's problem, or null when it is valid (empty, static, or known variables only). */
export function utmTemplateError(template: string | null | undefined): string | null {
  if (!template) return null;
  if (template.length > 200) return 'A UTM value is at most 200 characters.';
  for (const match of template.matchAll(VARIABLE_PATTERN)) {
    if (!(UTM_VARIABLES as readonly string[]).includes(match[1])) {
      return `Unknown variable {${match[1]}}. Use one of ${UTM_VARIABLES.map((v) => `{${v}}`).join(', ')}.`;
    }
  }
  if (/[{}]/.test(template.replace(VARIABLE_PATTERN, ''))) {
    return 'Write variables as {name}, with both braces.';
  }
  return null;
}

/**
 * The value of one UTM parameter for a member: a static value as is, a template with its variables
 * filled in. Null (leave the parameter out) when the setting is empty, or when every variable of a
 * template is empty for this member.
 */
export function renderUtmValue(
  template: string | null | undefined,
  vars: Partial<UtmVariables>,
): string | null {
  if (!template) return null;
  let anyVariable = false;
  let anyFilled = false;
  const value = template.replace(VARIABLE_PATTERN, (whole, name: string) => {
    if (!(UTM_VARIABLES as readonly string[]).includes(name)) return whole;
    anyVariable = true;
    const filled = vars[name as UtmVariable] ?? '';
    if (filled) anyFilled = true;
    return filled;
  });
  if (anyVariable && !anyFilled) return null;
  return value.trim() === '' ? null : value;
}

/**
 * The link's destination before the click id: the base URL with the offer's UTM parameters
 * rendered for the member. UTM values from the offer override the same parameters already in the
 * URL; values are URL-encoded by URLSearchParams.
 */
export function renderLinkDestination(
  baseUrl: string,
  utm: UtmSettings,
  vars: Partial<UtmVariables>,
): string {
  const url = new URL(baseUrl);
  for (const [field, param] of Object.entries(UTM_PARAMS) as [keyof UtmSettings, string][]) {
    const value = renderUtmValue(utm[field], vars);
    if (value !== null) url.searchParams.set(param, value);
  }
  return url.toString();
}

/** Adds (or replaces) the click-id parameter of a destination. */
export function appendClickId(destination: string, clickIdParam: string, clickId: string): string {
  const url = new URL(destination);
  url.searchParams.set(clickIdParam, clickId);
  return url.toString();
}

/** Lower-case ASCII (punycode) host of a domain the brand typed, or null when it is not one. */
export function normalizeDomain(input: string): string | null {
  const trimmed = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (!trimmed || trimmed.length > 253 || /[\s\\@:/?#]/.test(trimmed)) return null;
  let host: string;
  try {
    host = new URL(`http://${trimmed}`).hostname;
  } catch {
    return null;
  }
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => label.test(l))) return null;
  return host;
}

function hostMatches(host: string, allowed: string): boolean {
  return host === allowed || host.endsWith(`.${allowed}`);
}

export type DeepLinkResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * Checks a deep-link destination: an absolute http(s) URL whose host is the offer URL's host, one
 * of the offer's additional domains, or a subdomain of either (on a label boundary). Offerlink is
 * never an open redirect: user-info, backslashes, protocol-relative and non-http URLs are refused,
 * and hosts are compared in their ASCII (punycode) form so look-alike Unicode hosts do not match.
 */
export function validateDeepLink(
  input: string,
  offerUrl: string,
  additionalDomains: readonly string[],
): DeepLinkResult {
  const value = input.trim();
  const allowedHosts = [
    new URL(offerUrl).hostname,
    ...additionalDomains.map((d) => normalizeDomain(d)),
  ]
    .filter((h): h is string => Boolean(h))
    .map((h) => h.replace(/^www\./, ''));
  const allowedText = [...new Set(allowedHosts)].join(', ');
  if (!value) return { ok: false, message: 'Enter the page address, starting with https://.' };
  if (value.length > 2000)
    return { ok: false, message: 'A deep link is at most 2,000 characters.' };
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f\s]/.test(value)) {
    return {
      ok: false,
      message: 'A deep link cannot contain spaces, backslashes or control characters.',
    };
  }
  if (!/^https?:\/\//i.test(value)) {
    return {
      ok: false,
      message: 'A deep link must be a full address starting with https:// or http://.',
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'That is not a valid web address.' };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: 'A deep link cannot contain a user name or password (an "@" before the host).',
    };
  }
  const host = url.hostname.replace(/\.$/, '');
  if (!allowedHosts.some((allowed) => hostMatches(host, allowed))) {
    return { ok: false, message: `Deep links must point to ${allowedText} (or a subdomain).` };
  }
  return { ok: true, url: url.toString() };
}
