import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastPathHandler } from '../server/fast-path.server';
import {
  handlePostback,
  MAX_BODY_BYTES,
  postbackEndpointFor,
  SIGNATURE_HEADER,
  type PostbackAnswer,
} from './postback.server';

function send(res: ServerResponse, answer: PostbackAnswer): void {
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': 'no-store',
    ...(answer.retryAfter === undefined ? {} : { 'retry-after': String(answer.retryAfter) }),
    ...(answer.allow === undefined ? {} : { allow: answer.allow }),
  });
  res.end(answer.body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/**
 * `/postback`, `/postback/reverse` and `/aff_lsr` at the node:http level (throughput: Express and
 * Remix would cost most of the budget): their one entrance (docs/decisions/021).
 */
export const postbackFastPath: FastPathHandler = (req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const endpoint = postbackEndpointFor(pathname);
  if (!endpoint) return false;
  const method = req.method ?? 'GET';
  void (async () => {
    try {
      const rawBody = method === 'POST' ? await readBody(req) : '';
      if (rawBody === null) {
        send(res, {
          status: 413,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({
            success: false,
            reason: 'malformed',
            message: 'The body is too large.',
          }),
        });
        return;
      }
      const signature = req.headers[SIGNATURE_HEADER];
      const answer = await handlePostback(endpoint, {
        method,
        rawQuery: q === -1 ? '' : url.slice(q + 1),
        rawBody,
        contentType: req.headers['content-type'] ?? null,
        signature: Array.isArray(signature) ? signature[0] : (signature ?? null),
      });
      send(res, answer);
    } catch (error) {
      console.error('postback failed:', error);
      if (!res.headersSent) {
        // Not acknowledged: the merchant retries, and the order id keeps the retry idempotent.
        send(res, {
          status: 500,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({
            success: false,
            reason: 'server_error',
            message: 'Try again later.',
          }),
        });
      } else {
        res.destroy();
      }
    }
  })();
  return true;
};
