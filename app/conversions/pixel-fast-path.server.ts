import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastPathHandler } from '../server/fast-path.server';
import { methodNotAllowed } from '../server/method-not-allowed.server';
import { isPendingClick } from './attribute.server';
import { recordPixelConversion, TRANSPARENT_GIF } from './pixel.server';
import { repeatedParameter } from './postback.server';

const PATH = '/pixel.gif';

/**
 * `/pixel.gif` at the node:http level: the one entrance of the pixel (docs/decisions/021). Always
 * a 1×1 GIF, `no-store`, even when nothing could be recorded (a broken image on the brand's
 * thank-you page helps nobody); a 503 with Retry-After when the click is too new to be visible.
 * HEAD answers the headers and records nothing; other methods are 405; a repeated parameter is a
 * 400 that records nothing.
 */
export const pixelFastPath: FastPathHandler = (req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (pathname !== PATH) return false;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    methodNotAllowed(res, 'GET, HEAD', 'The pixel is an image: load it with GET.');
    return true;
  }
  if (method === 'HEAD') {
    gif(req, res, 200);
    return true;
  }
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  // amount=1&amount=2: which one was meant is not ours to guess; nothing is recorded (a 400, still
  // the GIF: the page shows no broken image).
  if (repeatedParameter(params) !== null) {
    gif(req, res, 400);
    return true;
  }
  recordPixelConversion(req.headers.cookie ?? null, params).then(
    (result) =>
      result && isPendingClick(result)
        ? gif(req, res, 503, { 'retry-after': String(result.retryAfterSeconds) })
        : gif(req, res, 200),
    (error: unknown) => {
      console.error('pixel conversion failed:', error);
      gif(req, res, 200);
    },
  );
  return true;
};

function gif(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': 'image/gif',
    'content-length': TRANSPARENT_GIF.length,
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : TRANSPARENT_GIF);
}
