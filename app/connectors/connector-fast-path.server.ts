import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastPathHandler } from '../server/fast-path.server';
import {
  MAX_DELIVERY_BYTES,
  receiveDelivery,
  type ConnectorAnswer,
  type StoreKind,
} from './deliveries.server';

const PATH = /^\/connectors\/(shopify|woocommerce|stripe)\/([A-Za-z0-9_-]{16,64})\/?$/;

function send(res: ServerResponse, answer: ConnectorAnswer, extra: Record<string, string> = {}) {
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(answer.body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_DELIVERY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_DELIVERY_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/**
 * `/connectors/<shopify|woocommerce|stripe>/<token>`, the store webhooks, at the node:http level
 * like the postbacks (their one entrance: decision 021; throughput: decision 055).
 */
export const connectorFastPath: FastPathHandler = (req, res) => {
  const url = req.url ?? '/';
  if (!url.startsWith('/connectors/')) return false;
  const q = url.indexOf('?');
  const match = PATH.exec(q === -1 ? url : url.slice(0, q));
  if (!match) return false;
  if (req.method !== 'POST') {
    send(
      res,
      { status: 405, body: JSON.stringify({ success: false, message: 'Stores POST here.' }) },
      { allow: 'POST' },
    );
    return true;
  }
  void (async () => {
    try {
      const rawBody = await readBody(req);
      if (rawBody === null) {
        send(res, { status: 413, body: JSON.stringify({ success: false, message: 'Too large.' }) });
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        headers[key] = Array.isArray(value) ? value[0] : value;
      }
      send(res, await receiveDelivery(match[1] as StoreKind, match[2], headers, rawBody));
    } catch (error) {
      console.error('store connector failed:', error);
      if (!res.headersSent) {
        send(res, {
          status: 500,
          body: JSON.stringify({ success: false, message: 'Try again later.' }),
        });
      } else {
        res.destroy();
      }
    }
  })();
  return true;
};
