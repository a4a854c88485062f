import { getConfig, publicUrl } from '../config.server';
import { appendClickId, renderLinkDestination, validateDeepLink } from '../links/destination';
import { LINK_CODE_PATTERN } from '../links/link-code.server';
import { generateClickId } from './click-id.server';
import { recordClick, type ClickRow } from './click-writer.server';
import { linkCache, LinkLookupBusyError, type CachedLink } from './link-cache.server';
import {
  classifyUserAgent,
  countryFrom,
  hashIp,
  MAX_REFERRER,
  MAX_USER_AGENT,
  truncate,
} from './visitor.server';

/**
 * The redirect, `GET|HEAD /l/:code` (SPEC §5), free of any framework: the node:http fast path
 * (app/tracking/redirect-fast-path.server.ts) is its one entrance (docs/decisions/021).
 */
export interface RedirectRequest {
  method: string;
  code: string;
  /** The query string without its `?` ('' when none). */
  query: string;
  /** The headers the redirect reads ('' / undefined when absent). */
  userAgent: string;
  referrer: string | undefined;
  /** The value of the trusted country header (TRUSTED_COUNTRY_HEADER), if any. */
  country: string | string[] | undefined;
  /** The client's address (never stored, only hashed). */
  ip: string;
}

export interface RedirectResponse {
  status: number;
  /**
   * Header names and values, flat (`[name, value, name, value, …]`): the form node:http's
   * `writeHead` takes without enumerating an object's keys. `headersInit()` makes a Fetch init.
   */
  headers: string[];
  /** Null for a redirect; HEAD requests never send a body. */
  body: string | null;
}

/** A response's headers as a Fetch `HeadersInit` (for the Remix entrance). */
export function headersInit(headers: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < headers.length; i += 2) pairs.push([headers[i], headers[i + 1]]);
  return pairs;
}

/** Name of the first-party cookie carrying the last click id, read by the pixel. */
export const CLICK_COOKIE = 'ol_click';

const SUB_PARAMS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
/** Most links are opened without sub ids: one shared value instead of an array per click. */
const NO_SUBS: ClickRow['subs'] = Object.freeze([null, null, null, null, null] as const);
const MAX_SUB = 255;

export function handleRedirect(
  request: RedirectRequest,
): RedirectResponse | Promise<RedirectResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return page(405, 'Method not allowed', 'Tracking links are opened with GET.', {
      allow: 'GET, HEAD',
    });
  }
  if (!LINK_CODE_PATTERN.test(request.code)) return notFound();
  let link: ReturnType<ReturnType<typeof linkCache>['resolve']>;
  try {
    link = linkCache().resolve(request.code);
  } catch (error) {
    return unavailable(error);
  }
  if (link === null) return notFound();
  if (link instanceof Promise) {
    return link.then((loaded) => (loaded ? redirect(loaded, request) : notFound()), unavailable);
  }
  return redirect(link, request);
}

function redirect(link: CachedLink, request: RedirectRequest): RedirectResponse {
  const now = Date.now();
  const clickId = generateClickId(now);
  let subs = NO_SUBS;
  let location: string | undefined;
  if (request.query) {
    const params = new URLSearchParams(request.query);
    subs = SUB_PARAMS.map((name) => truncate(params.get(name) ?? undefined, MAX_SUB)) as never;
    const requested = params.get('url');
    // A creator's own deep link (`?url=`) only where the offer allows it and the domain rules
    // pass; otherwise it is ignored and the shopper goes to the link's usual destination.
    if (requested && link.allowCreatorDeepLinks && !link.hasDeepLink) {
      const checked = validateDeepLink(requested, link.offerUrl, link.additionalDomains);
      if (checked.ok) {
        try {
          location = appendClickId(
            renderLinkDestination(checked.url, link.utm, link.vars),
            link.clickIdParam,
            clickId,
          );
        } catch {
          location = undefined;
        }
      }
    }
  }
  location ??= link.locationHead + clickId + link.locationTail;

  const userAgent = request.userAgent;
  const visitor = classifyUserAgent(userAgent);
  // A HEAD request is never a person following a link (previews, link checkers).
  const isBot = visitor.isBot || request.method === 'HEAD';
  const ipHash = hashIp(request.ip);
  // Provisional: the click writer's batch decides uniqueness in PostgreSQL (decision 030).
  const isUnique = !isBot;
  const ended = link.expired || (link.endsAtMs !== null && link.endsAtMs <= now);
  recordClick({
    id: clickId,
    brandId: link.brandId,
    offerId: link.offerId,
    linkId: link.linkId,
    memberId: link.memberId,
    createdAt: new Date(now),
    ipHash,
    userAgent: truncate(userAgent, MAX_USER_AGENT),
    referrer: truncate(request.referrer, MAX_REFERRER),
    country: countryFrom(request.country),
    device: isBot ? 'bot' : visitor.device,
    isBot,
    isUnique,
    attributable: !isBot && !link.paused && !ended,
    subs,
    userAgentDigest: visitor.digest,
  });

  return {
    status: 302,
    headers: [
      'location',
      location,
      'cache-control',
      'no-store',
      'referrer-policy',
      'strict-origin-when-cross-origin',
      'set-cookie',
      clickCookie(clickId, link.attributionWindowDays),
      'content-length',
      '0',
    ],
    body: null,
  };
}

let cookieAttributes: { url: string; attributes: string } | undefined;

function clickCookie(clickId: string, windowDays: number): string {
  // The pixel is requested from the brand's pages, a cross-site context: the cookie must be
  // SameSite=None to reach it, which browsers only accept with Secure (https).
  const url = getConfig().PUBLIC_URL ?? '';
  if (cookieAttributes?.url !== url) {
    const secure = publicUrl().startsWith('https:');
    cookieAttributes = { url, attributes: secure ? 'SameSite=None; Secure' : 'SameSite=Lax' };
  }
  return `${CLICK_COOKIE}=${clickId}; Path=/; Max-Age=${windowDays * 86_400}; HttpOnly; ${cookieAttributes.attributes}`;
}

function notFound(): RedirectResponse {
  return page(
    404,
    'This link isn’t working',
    'The tracking link you followed doesn’t exist. It may have been mistyped or removed. Check the link with the person who shared it, or go straight to the shop’s website.',
  );
}

function unavailable(error: unknown): RedirectResponse {
  if (!(error instanceof LinkLookupBusyError)) {
    console.error(`[redirect] link lookup failed: ${String(error)}`);
  }
  return page(
    503,
    'Please try again',
    'We couldn’t open this link just now. Please try again in a moment.',
    { 'retry-after': '5' },
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A small, self-contained page (no scripts, no external resources) for the error answers. */
function page(
  status: number,
  title: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): RedirectResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f8fafc;color:#0f172a;display:grid;place-items:center;min-height:100vh}main{max-width:28rem;margin:1.5rem;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:0;color:#475569}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`;
  return {
    status,
    headers: Object.entries({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
      'x-robots-tag': 'noindex',
      ...extraHeaders,
    }).flat(),
    body,
  };
}
