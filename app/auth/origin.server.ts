/**
 * Cross-site request forgery defence (the Lucia guide's): a request that changes state must carry
 * an Origin header naming this site: the Host the request reached, or the public origin
 * (PUBLIC_URL), which is what the browser sees behind a proxy or load balancer that passes each
 * process another Host (an upstream name, an internal address). Browsers always send Origin on
 * cross-origin and on same-origin non-GET fetches and form posts, so a missing Origin is refused
 * too, with one exception below.
 *
 * A page whose referrer policy is `no-referrer` (set by the page, a browser setting or an
 * extension) makes the browser send `Origin: null` even on a post to its own site. Such a request
 * passes only when the browser itself vouches for it with `Sec-Fetch-Site: same-origin` (Fetch
 * Metadata): a header no page can set or forge, sent as `same-origin` only when the page that
 * made the request and every redirect on its way are this exact origin. A sandboxed frame, a
 * `data:` page or another site's page, which also send `Origin: null`, get `cross-site` (or
 * `same-site`, never accepted: a sibling subdomain is not this site). A real Origin always decides
 * on its own: one naming another site is refused whatever else the request says
 * (docs/decisions/035).
 *
 * Endpoints called by other sites or servers by design are exempt: they authenticate with their
 * own tokens (postbacks), publishable keys and allowed origins (the snippet), or change nothing.
 */
const EXEMPT_PREFIXES = ['/postback', '/aff_lsr', '/api/', '/js/', '/pixel.gif', '/l/', '/convert'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCsrfExempt(pathname: string): boolean {
  return EXEMPT_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix));
}

export function originAllowed(options: {
  method: string;
  pathname: string;
  origin: string | null | undefined;
  host: string | null | undefined;
  /** The public origin (`scheme://host[:port]` of PUBLIC_URL), when configured. */
  publicOrigin?: string;
  /** The request's `Sec-Fetch-Site` header (Fetch Metadata), when the browser sent one. */
  fetchSite?: string | null;
}): boolean {
  if (SAFE_METHODS.has(options.method.toUpperCase())) return true;
  if (isCsrfExempt(options.pathname)) return true;
  if (!options.origin || options.origin === 'null') return options.fetchSite === 'same-origin';
  let origin: URL;
  try {
    origin = new URL(options.origin);
  } catch {
    return false;
  }
  if (options.publicOrigin && origin.origin === options.publicOrigin) return true;
  return !!options.host && origin.host === options.host;
}

/**
 * Whether to take the Origin header off a request `originAllowed` accepted before Remix sees it.
 * Remix 2.17 repeats a weaker form of the check on document posts (Origin's host against Host, or
 * X-Forwarded-Host, which any client can send) and answers 500 where this one rightly accepted: an
 * opaque Origin (`null`) the browser vouched for, or the public origin behind a proxy that passes
 * another Host. The check above decides; tracking endpoints keep their Origin (CORS needs it).
 */
export function hideOriginFromRemix(options: {
  method: string;
  pathname: string;
  origin: string | null | undefined;
  host: string | null | undefined;
}): boolean {
  if (!options.origin || SAFE_METHODS.has(options.method.toUpperCase())) return false;
  if (isCsrfExempt(options.pathname)) return false;
  if (options.origin === 'null') return true;
  try {
    return new URL(options.origin).host !== options.host;
  } catch {
    return true;
  }
}
