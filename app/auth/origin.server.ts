/**
 * Cross-site request forgery defence (the Lucia guide's): a request that changes state must carry
 * an Origin header naming this site: the Host the request reached, or the public origin
 * (PUBLIC_URL), which is what the browser sees behind a proxy or load balancer that passes each
 * process another Host (an upstream name, an internal address). Browsers always send Origin on cross-origin and on same-origin
 * non-GET fetches and form posts, so a missing Origin is refused too.
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
}): boolean {
  if (SAFE_METHODS.has(options.method.toUpperCase())) return true;
  if (isCsrfExempt(options.pathname)) return true;
  if (!options.origin) return false;
  let origin: URL;
  try {
    origin = new URL(options.origin);
  } catch {
    return false;
  }
  if (options.publicOrigin && origin.origin === options.publicOrigin) return true;
  return !!options.host && origin.host === options.host;
}
