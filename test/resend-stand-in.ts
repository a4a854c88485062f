import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * A local HTTP server standing in for the Resend API: it records what the `resend` client sends
 * and answers like Resend does. `failNext` makes the next answers errors, to test retries.
 * Like Resend, a request repeating an `Idempotency-Key` already delivered is answered with the
 * first delivery's id and delivers nothing: `deliveries` holds what a recipient would receive.
 */
export async function startResendStandIn() {
  const requests: RecordedRequest[] = [];
  const deliveries: RecordedRequest[] = [];
  const delivered = new Map<string, string>();
  let failures = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : null,
      });
      res.setHeader('content-type', 'application/json');
      if (failures > 0) {
        failures -= 1;
        res.statusCode = 500;
        res.end(
          JSON.stringify({
            name: 'internal_server_error',
            message: 'stand-in failure',
            statusCode: 500,
          }),
        );
        return;
      }
      const key = req.headers['idempotency-key'];
      const earlier = typeof key === 'string' ? delivered.get(key) : undefined;
      if (earlier) {
        res.end(JSON.stringify({ id: earlier }));
        return;
      }
      const id = `re_${requests.length}`;
      if (typeof key === 'string') delivered.set(key, id);
      deliveries.push(requests[requests.length - 1]);
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    failNext: (n = 1) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
