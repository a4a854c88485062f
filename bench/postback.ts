/**
 * Postback throughput: durable conversions per second through GET /postback (the node:http fast
 * path, as in production), against a fresh database. Every success answer is then checked to be a
 * row in PostgreSQL. Run: npm run bench:postback [-- --duration 10 --connections 40]
 *
 * Uses DATABASE_URL's server when set (a throw-away database is created on it), else an embedded
 * PostgreSQL in .data/. synchronous_commit stays on: an answer means the row is on disk.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inArray, sql } from 'drizzle-orm';
import { arg, benchDatabase } from './setup';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const duration = arg('duration', '10');
const connections = arg('connections', '40');
const clickCount = Number(arg('clicks', '2000'));
/** postback, shopify (the Shopify connector, signed deliveries), or both in one run. */
const target = arg('target', 'both');
/** `--webhooks 1`: the brand has an endpoint for conversion.created (events queued, not sent). */
const withWebhooks = arg('webhooks', '0') === '1';

const database = await benchDatabase('postback');
process.env.DATABASE_POOL_SIZE ??= '20';

const { startServer } = await import('../server');
const { db, closeDb } = await import('../db/client');
const { clicks, conversions } = await import('../db/schema');
const { createBrandWithUser, createLink, createMember, createOffer } =
  await import('../seed/factories');

const server = await startServer({
  web: false,
  worker: false,
  seed: false,
  port: 0,
  host: '127.0.0.1',
  log: () => {},
});
const work = mkdtempSync(path.join(tmpdir(), 'offerlink-bench-'));
try {
  const [{ synchronous_commit: syncCommit }] = (await db.execute(
    sql`show synchronous_commit`,
  )) as unknown as Array<{ synchronous_commit: string }>;
  const { brand } = await createBrandWithUser();
  const member = await createMember(brand.id);
  const { offer, payouts } = await createOffer(brand.id, {
    payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
  });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  if (withWebhooks) {
    const { createEndpoint } = await import('../app/webhooks/endpoints.server');
    await createEndpoint(brand.id, null, {
      url: 'https://receiver.example/webhooks',
      description: null,
      eventTypes: ['conversion.created'],
    });
  }
  const ids = Array.from({ length: clickCount }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 1000) {
    await db.insert(clicks).values(
      ids.slice(i, i + 1000).map((id) => ({
        id,
        brandId: brand.id,
        offerId: offer.id,
        linkId: link.id,
        memberId: member.id,
        createdAt: new Date(),
        ipHash: 'bench',
      })),
    );
  }
  const clickFile = path.join(work, 'clicks.json');
  const ackFile = path.join(work, 'acknowledged.json');
  writeFileSync(clickFile, JSON.stringify(ids));

  const url = `http://127.0.0.1:${server.port}`;
  const { saveConnector } = await import('../app/connectors/connectors.server');
  const secret = 'bench-shopify-secret-0123456789';
  const saved = await saveConnector(brand.id, offer.id, {
    kind: 'shopify',
    signingSecret: secret,
    includeShipping: false,
  });
  if (!saved.ok) throw new Error('could not create the Shopify connector');
  const fixtureFile = path.join(root, 'test/fixtures/stores/shopify-orders-paid.json');
  const modes =
    target === 'both'
      ? (['postback', 'shopify'] as const)
      : ([target] as ('postback' | 'shopify')[]);
  const load = await execLoad();
  console.log(`\nload average before: ${load}`);
  for (const mode of modes) {
    const credential =
      mode === 'shopify' ? `${saved.connector.token}:${secret}` : brand.postbackToken;
    // Warm-up (JIT, pools, caches), not counted.
    await runLoad(
      url,
      credential,
      clickFile,
      path.join(work, 'warm.json'),
      '2',
      connections,
      mode,
      fixtureFile,
    );
    await db.execute(sql`delete from connector_deliveries`);
    await db.execute(sql`delete from conversions`);

    const cpuBefore = await cpuNow();
    const stats = await runLoad(
      url,
      credential,
      clickFile,
      ackFile,
      duration,
      connections,
      mode,
      fixtureFile,
    );
    const cpuAfter = await cpuNow();
    const acknowledged: string[] = JSON.parse(readFileSync(ackFile, 'utf8'));
    let stored = 0;
    for (let i = 0; i < acknowledged.length; i += 5000) {
      const chunk = acknowledged.slice(i, i + 5000);
      const rows = await db
        .select({ id: conversions.id })
        .from(conversions)
        .where(inArray(conversions.id, chunk));
      stored += rows.length;
    }
    const perSecond = stats.acknowledged / Number(duration);
    const hooks = withWebhooks ? ', brand with a conversion.created webhook endpoint' : '';
    console.log(
      mode === 'shopify'
        ? `\nShopify connector throughput (POST /connectors/shopify/<token>, signed orders/paid, fresh database${hooks})`
        : `\nPOST-back throughput (GET /postback, fast path, fresh database${hooks})`,
    );
    console.log(
      `  cpus ${execFileSync('nproc').toString().trim()}, connections ${connections}, duration ${duration}s, synchronous_commit=${syncCommit}`,
    );
    console.log(
      `  durable ${mode === 'shopify' ? 'orders' : 'conversions'}/s  ${perSecond.toFixed(0)}   (target ≥ 2,000)`,
    );
    console.log(
      `  latency p50 ${stats.p50} ms, p99 ${stats.p99} ms, max ${stats.max} ms   (target p99 ≤ 50 ms)`,
    );
    // CPU per request, which the machine's other load changes far less than the rate does.
    const perRequest = (ms: number) => ((ms * 1000) / Math.max(1, stats.requests)).toFixed(0);
    console.log(
      `  CPU per request: server ${perRequest(cpuAfter.server - cpuBefore.server)} µs, PostgreSQL backends ${perRequest(cpuAfter.postgres - cpuBefore.postgres)} µs, load generator ${perRequest(stats.cpuMs)} µs`,
    );
    console.log(
      `  requests ${stats.requests}, acknowledged ${stats.acknowledged}, refused ${stats.refused}, errors ${stats.errors}, non-2xx ${stats.non2xx}`,
    );
    console.log(
      `  acknowledged and found in PostgreSQL: ${stored} / ${acknowledged.length} ${stored === acknowledged.length ? 'OK' : 'MISSING ROWS'}`,
    );
    if (stored !== acknowledged.length) process.exitCode = 1;
  }
  console.log(`\nload average after: ${await execLoad()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
  await server.stop();
  await closeDb();
  await database.drop();
}

interface LoadStats {
  requests: number;
  /** The load generator's own CPU time (ms). */
  cpuMs: number;
  p50: number;
  p99: number;
  max: number;
  acknowledged: number;
  refused: number;
  errors: number;
  non2xx: number;
}

function runLoad(
  url: string,
  token: string,
  clickFile: string,
  out: string,
  seconds: string,
  conns: string,
  mode: 'postback' | 'shopify',
  fixtureFile: string,
): Promise<LoadStats> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'bench/postback-load.ts'),
        url,
        token,
        clickFile,
        out,
        seconds,
        conns,
        mode,
        fixtureFile,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').pop()!) as LoadStats);
    });
  });
}

/**
 * CPU time used so far (ms): this process (the server) and the PostgreSQL backends connected to
 * the bench database (from /proc; the shared WAL writer and checkpointer are not counted).
 */
async function cpuNow(): Promise<{ server: number; postgres: number }> {
  const usage = process.cpuUsage();
  const pids = (await db.execute(
    sql`select pid from pg_stat_activity where datname = current_database()`,
  )) as unknown as { pid: number }[];
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  let postgres = 0;
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      postgres += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // Not on this machine (a remote server) or gone: counted as nothing.
    }
  }
  return { server: (usage.user + usage.system) / 1000, postgres };
}

async function execLoad(): Promise<string> {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
