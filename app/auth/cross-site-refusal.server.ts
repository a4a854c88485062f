/**
 * The page a refused form post gets (the Origin check, ./origin.server.ts): status 403 in the
 * app's look (the root error page's layout and the app's stylesheet), saying that nothing was
 * changed, what to do (reload the page and submit again), and what the administrator checks when
 * it keeps happening (PUBLIC_URL). Written by hand, not by Remix: the refusal comes before Remix,
 * so that no action runs. It has no script; the stylesheet is the build's own (`root`'s links).
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export interface RefusedRequest {
  /** The Origin header as sent (`null`, another site's origin, or absent). */
  origin: string | undefined;
  /** Where "Open the page again" leads: a path of this site. */
  backTo: string;
  /** This site's public address (PUBLIC_URL, or its default). */
  publicUrl: string;
  /** The app's stylesheets (the build's root links); none when the app is not built. */
  stylesheets: readonly string[];
}

/** The page's title, also the plain-text answer's first words (`.data` requests, scripts). */
export const CROSS_SITE_REFUSED = 'Cross-site request refused: nothing was changed.';

/** A plain-text answer for clients that are not reading a page (`.data` requests, scripts). */
export function crossSiteRefusalText(request: Pick<RefusedRequest, 'publicUrl'>): string {
  return `${CROSS_SITE_REFUSED} The request did not come from a page of ${request.publicUrl} (the Origin header does not match this site). Reload the page and submit again; if it keeps happening, PUBLIC_URL must be the address shown in the browser.\n`;
}

/**
 * Where "Open the page again" leads: the page the form was on when the browser named it (Referer)
 * and it is on this site, else the address the form was sent to (most forms post to their own
 * page). Only a path: never another site.
 */
export function refusedPageBackTo(options: {
  referer: string | undefined;
  url: string;
  host: string | undefined;
  publicOrigin: string | undefined;
}): string {
  const ownPath = (url: string) => {
    const parsed = new URL(url, 'http://x');
    // One leading slash: `//host/…` would lead to another site.
    return `/${parsed.pathname.replace(/^\/+/, '')}${parsed.search}`;
  };
  if (options.referer) {
    try {
      const referer = new URL(options.referer);
      if (referer.host === options.host || referer.origin === options.publicOrigin) {
        return ownPath(options.referer);
      }
    } catch {
      // Not a URL: fall back to the form's own address.
    }
  }
  return ownPath(options.url);
}

export function crossSiteRefusalHtml(request: RefusedRequest): string {
  const seen =
    request.origin === undefined
      ? 'sent no Origin header'
      : request.origin === 'null'
        ? 'sent the form from a page it would not name (Origin: null)'
        : `said the form came from ${request.origin}`;
  const links = request.stylesheets
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Form not sent · Offerlink</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${links}
</head>
<body class="min-h-screen">
<main class="mx-auto max-w-lg px-6 py-24 text-center">
<p class="text-sm font-semibold text-brand-600">403</p>
<h1 class="mt-2 text-2xl font-bold">This form was not sent</h1>
<p class="mt-3 text-slate-600">Nothing was changed. Offerlink only accepts a form from its own pages, so that another website cannot act in your name, and this one could not be confirmed as coming from ${escapeHtml(request.publicUrl)}: your browser ${escapeHtml(seen)}.</p>
<h2 class="mt-8 text-base font-semibold">What to do</h2>
<p class="mt-2 text-slate-600">Go back, reload the page and submit the form again.</p>
<a class="mt-6 inline-block text-brand-600 underline" href="${escapeHtml(request.backTo)}">Open the page again</a>
<p class="mt-8 text-sm text-slate-500">If it keeps happening, tell your administrator: the address in your browser must be the one Offerlink is configured with (PUBLIC_URL, now ${escapeHtml(request.publicUrl)}), including https and the port, also behind a proxy or load balancer.</p>
</main>
</body>
</html>
`;
}
