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
