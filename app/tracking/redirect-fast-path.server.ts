import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeClientAddress } from '../auth/client-address.server';
import { getConfig } from '../config.server';
import type { FastPathHandler } from '../server/fast-path.server';
import { handleRedirect, type RedirectResponse } from './redirect.server';

const PREFIX = '/l/';

/**
 * `/l/:code` at the node:http level, before Express and Remix (docs/decisions/010): parses only
 * what the redirect needs and writes the answer directly. It is the redirect's one entrance
 * (decision 021): other methods get handleRedirect's 405 with `Allow: GET, HEAD`; deeper paths
 * fall through to Remix (a 404 page). (node:http has already built `req.headers` when a request is handed over: it
 * reads `host` and `expect` from it first, so reading headers from it costs nothing extra.)
 */
export const redirectFastPath: FastPathHandler = (req, res) => {
  const url = req.url;
  if (!url || !url.startsWith(PREFIX)) return false;
  const q = url.indexOf('?', PREFIX.length);
  const code = q === -1 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q);
  if (code.includes('/')) return false;
  try {
    const answer = handleRedirect({
      method: req.method ?? 'GET',
      code,
      query: q === -1 ? '' : url.slice(q + 1),
      userAgent: req.headers['user-agent'] ?? '',
      referrer: req.headers.referer,
      country: req.headers[getConfig().TRUSTED_COUNTRY_HEADER],
      ip: nodeClientAddress(req),
    });
    if (answer instanceof Promise) {
      answer.then((a) => send(req, res, a)).catch((error: unknown) => fail(res, error));
    } else {
      send(req, res, answer);
    }
  } catch (error) {
    // Never let one bad request take the process down (this runs outside Express's handlers).
    fail(res, error);
  }
  return true;
};

function fail(res: ServerResponse, error: unknown) {
  console.error(`[redirect] ${String(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('Something went wrong. Please try again.');
}

function send(req: IncomingMessage, res: ServerResponse, answer: RedirectResponse) {
  res.writeHead(answer.status, answer.headers);
  res.end(req.method === 'HEAD' ? undefined : (answer.body ?? undefined));
}
