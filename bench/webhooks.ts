/**
 * Webhook fan-out (issue 22): `--events` (default 10,000) events made at once (one INSERT of that
 * many members: the trigger writes the events, deliveries and jobs in its transaction) for a brand
 * with `--endpoints` (default 1) endpoints at a receiver on this machine, delivered by the
 * graphile-worker runner as in production (`webhooks__deliver`, one queue per endpoint, so one
 * delivery at a time per endpoint, in order). The receiver verifies every request with the
 * `standardwebhooks` package and notes when it arrived. Prints the time to write the events, the
 * delivery throughput, and the lag from the event's creation (its transaction's time) to its
 * arrival: p50, p95, max; and the load average. Baseline in the same run: the same receiver fed by
 * a bare loop of signed POSTs (no database, no queue), the ceiling of the HTTP part: on a new
 * connection each (as every delivery was sent before decision 064), and over one kept-alive
 * connection (as a batch is sent now).
 *
 * Run: npm run bench:webhooks [-- --events 10000 --endpoints 1 --concurrency 4]
 * Uses DATABASE_URL's server (a throw-away database), else an embedded PostgreSQL in .data/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { arg, benchDatabase } from './setup';

const events = Number(arg('events', '10000'));
const endpointCount = Number(arg('endpoints', '1'));
const concurrency = Number(arg('concurrency', '4'));
process.env.NODE_ENV ??= 'development';
process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';

const database = await benchDatabase('webhooks');
const { db, closeDb } = await import('../db/client');
const { createBrandWithUser } = await import('../seed/factories');
const { createEndpoint } = await import('../app/webhooks/endpoints.server');
const { openWebhookSender, postWebhook } = await import('../app/webhooks/send.server');
const { signedHeaders } = await import('../app/webhooks/deliver.server');
const { startWorker } = await import('../workers');

const secrets = new Map<string, Webhook>();
const arrivals = new Map<string, number>();
let duplicates = 0;
let invalid = 0;
let onArrival: () => void = () => {};
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    const body = Buffer.concat(chunks).toString();
    const key = req.url ?? '';
    try {
      secrets.get(key)!.verify(body, {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      });
    } catch {
      invalid++;
    }
    const id = `${key} ${String(req.headers['webhook-id'])}`;
    if (arrivals.has(id)) duplicates++;
    else arrivals.set(id, at);
    res.writeHead(204);
    res.end();
    onArrival();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

try {
  // Baseline: the HTTP part alone, signed POSTs from a loop, one at a time.
  const baselineSecret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
  secrets.set('/baseline', new Webhook(baselineSecret));
  const baselineCount = Math.min(events, 2000);
  const b0 = performance.now();
  // A signed envelope, as a delivery carries one.
  const envelope = (i: number) => {
    const id = crypto.randomUUID();
    const body = JSON.stringify({
      id,
      type: 'bench',
      created_at: new Date().toISOString(),
      data: { i },
    });
    return { headers: signedHeaders(id, body, [baselineSecret], new Date()), body };
  };
  for (let i = 0; i < baselineCount; i++) {
    const { headers, body } = envelope(i);
    await postWebhook(`${base}/baseline`, headers, body, { allowPrivate: true });
  }
  const baselineRate = baselineCount / ((performance.now() - b0) / 1000);
  // The same over one kept-alive connection, as the drain sends a batch (decision 064).
  secrets.set('/baseline-kept', new Webhook(baselineSecret));
  const sender = openWebhookSender(`${base}/baseline-kept`, { allowPrivate: true });
  const k0 = performance.now();
  for (let i = 0; i < baselineCount; i++) {
    const { headers, body } = envelope(i);
    await sender.post(headers, body);
  }
  sender.close();
  const keptRate = baselineCount / ((performance.now() - k0) / 1000);

  const { brand } = await createBrandWithUser({ brandName: 'Webhooks bench' });
  for (let e = 0; e < endpointCount; e++) {
    const path = `/hook-${e}`;
    const { secret } = await createEndpoint(brand.id, null, {
      url: `${base}${path}`,
      description: null,
      eventTypes: ['member.created'],
    });
    secrets.set(path, new Webhook(secret));
  }
  const expected = events * endpointCount;
  const everything = new Promise<void>((resolve) => {
    onArrival = () => {
      if (arrivals.size - 2 * baselineCount >= expected) resolve();
    };
  });

  const worker = await startWorker({
    connectionString: database.url,
    concurrency,
    pollInterval: 1000,
    crontab: false,
  });
  const loadBefore = load();
  const t0 = performance.now();
  await db.execute(sql`
    insert into members (brand_id, name, email)
    select ${brand.id}, 'Member ' || g, 'member-' || g || '@bench.example'
      from generate_series(1, ${events}) g`);
  const written = performance.now() - t0;
  const [{ createdAt }] = await db.execute<{ createdAt: string }>(
    sql`select min(created_at)::text as "createdAt" from webhook_events where brand_id = ${brand.id}`,
  );
  const progress = setInterval(
    () => console.error(`  … ${arrivals.size - 2 * baselineCount} delivered`),
    10_000,
  );
  await everything;
  clearInterval(progress);
  const elapsed = (performance.now() - t0) / 1000;
  const loadAfter = load();
  await worker.stop();

  const created = new Date(createdAt).getTime();
  const lags = [...arrivals.entries()]
    .filter(([key]) => !key.startsWith('/baseline'))
    .map(([, at]) => at - created)
    .sort((a, b) => a - b);
  console.log(
    `Webhook fan-out: ${events.toLocaleString('en-US')} events × ${endpointCount} endpoint(s), worker concurrency ${concurrency}, cpus ${os.cpus().length}`,
  );
  console.log(
    `  events, deliveries and jobs written by the trigger in the INSERT: ${written.toFixed(0)} ms`,
  );
  console.log(
    `  delivered ${lags.length.toLocaleString('en-US')} in ${elapsed.toFixed(1)} s: ${(lags.length / elapsed).toFixed(0)} deliveries/s`,
  );
  console.log(
    `  lag created → received: p50 ${(percentile(lags, 50) / 1000).toFixed(1)} s, p95 ${(percentile(lags, 95) / 1000).toFixed(1)} s, max ${(lags[lags.length - 1] / 1000).toFixed(1)} s`,
  );
  console.log(`  duplicates ${duplicates}, signatures failing standardwebhooks ${invalid}`);
  console.log(
    `  baseline (same receiver, bare signed POST loop, no queue): ${baselineRate.toFixed(0)} requests/s on a new connection each, ${keptRate.toFixed(0)} requests/s over one kept-alive connection`,
  );
  console.log(`  load average before ${loadBefore}, after ${loadAfter}`);
} finally {
  receiver.close();
  await closeDb();
  await database.drop();
}
