import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
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

export interface WebhookSender {
  /** POSTs one webhook over the sender's connection (a new one when there is none). */
  post: (headers: Record<string, string>, body: string) => Promise<SendResult>;
  /** Closes the sender's connection; call it when the batch is done. */
  close: () => void;
}

type Address = { address: string; family: number };

/**
 * A lookup that resolves and checks the name once (checkedLookup) and then hands every later
 * connection the same checked addresses: a connection opened again in the batch (the receiver
 * closed the last one) goes to an address that was checked, without a second resolution.
 * A failed resolution or a refusal is not kept: the next connection tries again.
 */
function pinnedLookup(allowPrivate: boolean): LookupFunction {
  const check = checkedLookup(allowPrivate);
  let pinned: Address[] | null = null;
  return (hostname, options, callback) => {
    const answer = (list: Address[]) => {
      if (options.all) {
        (callback as unknown as (e: null, a: Address[]) => void)(null, list);
      } else {
        callback(null, list[0].address, list[0].family);
      }
    };
    if (pinned) return answer(pinned);
    check(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      pinned = addresses as unknown as Address[];
      answer(pinned);
    });
  };
}

function failure(error: string, latencyMs = 0): SendResult {
  return { statusCode: null, error, latencyMs, excerpt: null };
}

/**
 * A sender for one endpoint's batch of deliveries (decision 064): one kept-alive connection,
 * the deliveries sent one after another over it. The policy of decision 051 holds for every
 * connection it opens: with `allowPrivate` false the URL must be https, a literal address is
 * checked, a name is resolved and checked by checkedLookup when the batch's first connection is
 * opened, and every connection of the batch goes to those checked addresses (pinned: no second
 * resolution, so no rebinding). Each POST has a 15 s limit for the whole exchange; redirects are
 * not followed (a 3xx is a failure). Close it at the end of the batch: the next batch resolves
 * and checks again.
 */
export function openWebhookSender(
  target: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): WebhookSender {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { post: async () => failure('Invalid URL.'), close: () => {} };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate) {
    if (url.protocol !== 'https:') {
      return { post: async () => failure('Only https URLs are allowed.'), close: () => {} };
    }
    // An address in the URL is never looked up: check it here.
    if (isIP(host) && isForbiddenAddress(host)) {
      const refused = `${host} is a private, loopback or link-local address: refused.`;
      return { post: async () => failure(refused), close: () => {} };
    }
  }
  const transport = url.protocol === 'https:' ? https : http;
  // One socket, kept between the batch's requests (and only for the batch: close() ends it).
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
  const lookup = pinnedLookup(options.allowPrivate);

  const once = (payload: Buffer, headers: Record<string, string>, started: number) =>
    new Promise<SendResult & { stale?: boolean }>((resolve) => {
      const elapsed = () => Math.round(performance.now() - started);
      let settled = false;
      const finish = (result: SendResult & { stale?: boolean }) => {
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
          agent,
          lookup,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = (complete: boolean) => {
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
            // An answer read to its end leaves the connection for the next request; a longer
            // one than we read is cut off with its connection.
            if (!complete) request.destroy();
          };
          response.on('data', (chunk: Buffer) => {
            if (size < EXCERPT_BYTES) chunks.push(chunk);
            size += chunk.length;
            if (size >= EXCERPT_BYTES) done(false);
          });
          response.on('end', () => done(true));
          response.on('error', () => done(false));
        },
      );
      const timer = setTimeout(() => {
        finish(failure(`No answer within ${Math.round(timeoutMs / 1000)} s.`, elapsed()));
        request.destroy();
      }, timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => {
        finish({
          ...failure(
            (error.message || error.code || 'Connection failed.').slice(0, 500),
            elapsed(),
          ),
          // The receiver closed the kept connection as we reused it: nothing reached it.
          stale: request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'),
        });
      });
      request.end(payload);
    });

  return {
    post: async (headers, body) => {
      const payload = Buffer.from(body, 'utf8');
      const started = performance.now();
      const result = await once(payload, headers, started);
      if (!result.stale) return withoutStale(result);
      // Node's documented retry for a kept-alive socket the server closed meanwhile: once, on
      // a new connection (to the same checked address).
      return withoutStale(await once(payload, headers, started));
    },
    close: () => agent.destroy(),
  };
}

function withoutStale({ stale: _stale, ...result }: SendResult & { stale?: boolean }): SendResult {
  return result;
}

/** POSTs one webhook on a connection of its own (a sender of one request). */
export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const sender = openWebhookSender(target, options);
  try {
    return await sender.post(headers, body);
  } finally {
    sender.close();
  }
}
