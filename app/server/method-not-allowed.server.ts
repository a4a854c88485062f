import type { ServerResponse } from 'node:http';

/**
 * A 405 from a tracking endpoint's fast path: the `Allow` header with the methods it takes, and a
 * sentence saying how to call it (never Remix's "Unexpected Server Error").
 */
export function methodNotAllowed(res: ServerResponse, allow: string, message: string): void {
  const body = `Method not allowed. ${message}\n`;
  res.writeHead(405, {
    allow,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** What a Remix route takes: GET and HEAD; the form methods too when it has an action. */
export function routeAllow(hasAction: boolean): string {
  return hasAction ? 'GET, HEAD, POST, PUT, PATCH, DELETE' : 'GET, HEAD';
}

/** Remix's own 405 for a resource route (its JSON "Unexpected Server Error") → ours, with Allow. */
export function resourceMethodNotAllowed(method: string): Response {
  return new Response(
    `Method not allowed. This address answers GET and HEAD only; ${method} changes nothing here.\n`,
    {
      status: 405,
      headers: {
        allow: routeAllow(false),
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      },
    },
  );
}
