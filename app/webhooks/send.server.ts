import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkedLookup, isForbiddenAddress } from './address-policy.server';

export const TIMEOUT_MS = 15_000;
export const EXCERPT_BYTES = 1024;

export interface SendResult {
  /** The HTTP status, or null when no answer came. */
  statusCode: number | null;
  /** Why no answer came, or why the answer counts as a failure (a redirect). */
  error: string | null;
  latencyMs: number;
  /** The first 1 KB of the answer's body (UTF-8, cut at a character). */
  excerpt: string | null;
}

/**
 * POSTs one webhook: a 15 s limit for the whole exchange; redirects are not followed (a 3xx is a
 * failure: following one would let a receiver point us anywhere); with `allowPrivate` false the
 * host is resolved and checked by checkedLookup, and the socket connects to the checked address.
 */
export function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({ statusCode: null, error: 'Invalid URL.', latencyMs: 0, excerpt: null });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate) {
      if (url.protocol !== 'https:') {
        resolve({
          statusCode: null,
          error: 'Only https URLs are allowed.',
          latencyMs: 0,
          excerpt: null,
        });
        return;
      }
      // An address in the URL is never looked up: check it here.
      if (isIP(host) && isForbiddenAddress(host)) {
        resolve({
          statusCode: null,
          error: `${host} is a private, loopback or link-local address: refused.`,
          latencyMs: 0,
          excerpt: null,
        });
        return;
      }
    }
    const transport = url.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body, 'utf8');
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'Offerlink-Webhooks/1',
        },
        lookup: checkedLookup(options.allowPrivate),
        // A fresh connection per delivery: a pooled socket would skip the address check.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          const statusCode = response.statusCode ?? null;
          finish({
            statusCode,
            error:
              statusCode && statusCode >= 300 && statusCode < 400
                ? `Redirect to ${String(response.headers.location ?? '(no location)').slice(0, 200)} not followed.`
                : null,
            latencyMs: elapsed(),
            excerpt: excerpt.replace(/\uFFFD+$/, '') || null,
          });
          request.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({
        statusCode: null,
        error: `No answer within ${Math.round((options.timeoutMs ?? TIMEOUT_MS) / 1000)} s.`,
        latencyMs: elapsed(),
        excerpt: null,
      });
      request.destroy();
    }, options.timeoutMs ?? TIMEOUT_MS);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({
        statusCode: null,
        error: (error.message || error.code || 'Connection failed.').slice(0, 500),
        latencyMs: elapsed(),
        excerpt: null,
      });
    });
    request.end(payload);
  });
}
