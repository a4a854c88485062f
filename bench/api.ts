/**
 * The REST API's conversions list at scale, measured from outside (issue #22): a database with the
 * realistic data of bench/realistic-data.ts (`--clicks`, default 1M; 2 % converted: 200k
 * conversions at 10M clicks, 55 % pending, 30 % approved, 10 % rejected, 5 % reversed), then
 * Offerlink's production server (the Remix build, no job runner) answers `GET /api/v1/conversions`
 * with an API key over HTTP, 100 per page: the first page, a page 100 deep, the last page, and the
 * same with a status filter (approved: 30 % of rows) and a member filter. Each request is timed
 * sequentially over keep-alive (p50 / p95 of `--runs` runs after 3 warm-ups), with the 1-minute
 * load average beside it. Baseline in the same run: the same deep pages paged by OFFSET (what a
 * page number would cost), timed in SQL alone. Also prints the plan of the deepest page.
 *
 * Run: npm run bench:api [-- --clicks 10000000 --runs 30 --keep --build]
 *   --keep leaves the database (bench_api_<clicks>) and reuses it next time;
 *   --build builds the Remix app first (needed once: the server serves build/).
 * Uses DATABASE_URL's server, else an embedded PostgreSQL in .data/. Target: p95 <= 100 ms for
 * every request at 10M clicks / 200k conversions.
 */
import { execSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { arg } from './setup';

const here = fileURLToPath(import.meta.url);
const PAGE = 100;
const TARGET_MS = 100;

if (process.argv[2] === 'server') {
  process.env.DATABASE_URL = process.argv[3];
  process.env.NODE_ENV = 'production';
  const { startServer } = await import('../server');
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    worker: false,
    seed: false,
    log: () => {},
  });
  process.once('SIGINT', () => void server.stop().then(() => process.exit(0)));
  process.send!({ port: server.port });
} else {
  await main();
}

interface Timing {
  p50: number;
  p95: number;
  load: number;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), load: os.loadavg()[0] };
}

async function main() {
  const clicks = Number(arg('clicks', '1000000'));
  const runs = Number(arg('runs', '30'));
  const keep = process.argv.includes('--keep');
  const log = (line: string) => console.log(line);
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (
    process.argv.includes('--build') ||
    !existsSync(new URL('../build/server', import.meta.url))
  ) {
    log('Building the Remix app (npm run build)…');
    execSync('npm run build', { stdio: 'ignore', cwd: root });
  }
  const { createDatabase, dropDatabase, startTestPostgres } =
    await import('../test/postgres-server');
  const pg = await startTestPostgres('bench-api');
  const serverUrl = pg.url('postgres');
  const name = `bench_api_${clicks}`;
  const url = pg.url(name);
  try {
    const exists = await (async () => {
      process.env.DATABASE_URL = serverUrl;
      const { db, closeDb } = await import('../db/client');
      const rows = (await db.execute(
        sql`select 1 from pg_database where datname = ${name}`,
      )) as unknown[];
      await closeDb();
      return rows.length > 0;
    })();
    process.env.DATABASE_URL = url;
    const { migrate } = await import('../db/migrate');
    if (!(keep && exists)) {
      await dropDatabase(serverUrl, name);
      await createDatabase(serverUrl, name);
    }
    await migrate(url);
    const { db, closeDb } = await import('../db/client');
    try {
      let [brand] = (await db.execute(
        sql`select id from brands where name = 'Bench brand'`,
      )) as unknown as { id: string }[];
      if (!brand) {
        const { createBrandWithUser } = await import('../seed/factories');
        const made = await createBrandWithUser({
          brandName: 'Bench brand',
          email: 'bench@example.com',
        });
        brand = { id: made.brand.id };
        log(`\n# ${fmtCount(clicks)} clicks: generating…`);
        const start = performance.now();
        const { generateRealistic } = await import('./realistic-data');
        await generateRealistic(db, brand.id, { clicks, log });
        log(`  generated in ${((performance.now() - start) / 1000).toFixed(0)} s`);
        await db.execute(sql`vacuum analyze conversions`);
      } else {
        log(`\n# ${fmtCount(clicks)} clicks: reusing ${name} (--keep)`);
      }
      await measure(db, brand.id);
    } finally {
      await closeDb();
      if (!keep) await dropDatabase(serverUrl, name).catch(() => {});
    }
  } finally {
    await pg.stop();
  }

  async function measure(db: Db, brandId: string) {
    const [{ n: total }] = (await db.execute(
      sql`select count(*)::int as n from conversions where brand_id = ${brandId}`,
    )) as unknown as { n: number }[];
    const [{ member }] = (await db.execute(sql`
      select member_id as member from conversions where brand_id = ${brandId}
       group by 1 order by count(*) desc limit 1`)) as unknown as { member: string }[];
    const { encodeCursor } = await import('../app/api/paging.server');
    /** The cursor that starts page `page` (1-based) of the filtered list. */
    const cursorOf = async (where: ReturnType<typeof sql>, page: number) => {
      if (page <= 1) return null;
      const [row] = (await db.execute(sql`
        select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id
          from conversions where brand_id = ${brandId} and ${where}
         order by created_at desc, id desc offset ${(page - 1) * PAGE - 1} limit 1`)) as unknown as {
        at: string;
        id: string;
      }[];
      return encodeCursor(row);
    };
    const countOf = async (where: ReturnType<typeof sql>) =>
      (
        (await db.execute(
          sql`select count(*)::int as n from conversions where brand_id = ${brandId} and ${where}`,
        )) as unknown as { n: number }[]
      )[0].n;

    const { createApiKey } = await import('../app/api/keys.server');
    const cases: { label: string; query: string; where: ReturnType<typeof sql>; page: number }[] = [
      // The floor: the same endpoint answering an empty page (key lookup, rate limit, one
      // indexed query, no rows): what every API request costs on this machine now.
      {
        label: 'floor: an empty page (created_from a future day)',
        query: 'created_from=2099-01-01',
        where: sql`created_at >= '2099-01-01'`,
        page: 1,
      },
    ];
    for (const [what, query, where] of [
      ['all', '', sql`true`],
      ['status=approved', 'status=approved', sql`status = 'approved'`],
      ['busiest member', `member_id=${member}`, sql`member_id = ${member}`],
    ] as const) {
      const pages = Math.max(1, Math.ceil((await countOf(where)) / PAGE));
      for (const page of [...new Set([1, Math.min(100, pages), pages])]) {
        cases.push({ label: `${what}, page ${page} of ${pages}`, query, where, page });
      }
    }

    const child = fork(here, ['server', url], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string, secret: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(
          { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${secret}` } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () =>
              res.statusCode === 200
                ? resolve((JSON.parse(body) as { data: unknown[] }).data.length)
                : reject(new Error(`${path}: HTTP ${res.statusCode} ${body.slice(0, 300)}`)),
            );
          },
        );
        req.on('error', reject);
      });
    const rows: [string, Timing, Timing, Timing | null][] = [];
    try {
      for (const c of cases) {
        // A key per case: the rate limit (600 a minute per key) never answers instead.
        const key = await createApiKey(brandId, null, {
          name: `bench ${c.label}`.slice(0, 80),
          scopes: ['conversions:read'],
          expiresAt: null,
        });
        const cursor = await cursorOf(c.where, c.page);
        const params = new URLSearchParams(c.query);
        params.set('limit', String(PAGE));
        if (cursor) params.set('starting_after', cursor);
        const path = `/api/v1/conversions?${params}`;
        const n = await get(path, key.secret);
        if (n === 0 && !c.label.startsWith('floor')) throw new Error(`${c.label}: empty page`);
        const api = await timed(runs, () => get(path, key.secret));
        // The keyset query alone, as the module sends it (no HTTP, no JSON).
        const { conversionRowsAfter } = await import('../app/conversions/conversion-list.server');
        const { decodeCursor } = await import('../app/api/paging.server');
        const filter =
          c.query === ''
            ? {}
            : c.query.startsWith('status=')
              ? { status: 'approved' as const }
              : c.query.startsWith('member_id=')
                ? { memberId: member }
                : { from: '2099-01-01' };
        const position = decodeCursor(cursor ?? undefined);
        const keyset = await timed(runs, () =>
          conversionRowsAfter(brandId, filter, position, PAGE),
        );
        // Baseline: the same page by OFFSET, in SQL alone (no HTTP, no JSON).
        const offset =
          c.page > 1
            ? await timed(Math.min(runs, 10), () =>
                db.execute(sql`
                  select * from conversions where brand_id = ${brandId} and ${c.where}
                   order by created_at desc, id desc offset ${(c.page - 1) * PAGE} limit ${PAGE + 1}`),
              )
            : null;
        rows.push([c.label, api, keyset, offset]);
      }
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      agent.destroy();
    }

    log(
      `\n| GET /api/v1/conversions, ${PAGE} per page (${fmtCount(clicks)} clicks, ${total.toLocaleString('en-US')} conversions) | p50 | p95 | load avg | target p95 ≤ ${TARGET_MS} ms | the keyset query alone (p50 / p95) | baseline: same page by OFFSET, SQL only (p50 / p95) |`,
    );
    log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
    for (const [label, t, keyset, offset] of rows) {
      log(
        `| ${label} | ${t.p50.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.load.toFixed(2)} | ${t.p95 <= TARGET_MS ? 'met' : 'MISSED'} | ${keyset.p50.toFixed(1)} / ${keyset.p95.toFixed(1)} ms | ${offset ? `${offset.p50.toFixed(1)} / ${offset.p95.toFixed(1)} ms` : '—'} |`,
      );
    }

    // The plan of the deepest page of the whole list, as the module asks it.
    const deepest = cases.filter((c) => c.query === '').at(-1)!;
    const { conversionFilterSql } = await import('../app/conversions/conversion-list.server');
    const { decodeCursor } = await import('../app/api/paging.server');
    const { olderThanSql } = await import('../app/paging/keyset.server');
    const { PgDialect } = await import('drizzle-orm/pg-core');
    const { conversions } = await import('../db/schema');
    const position = decodeCursor((await cursorOf(deepest.where, deepest.page)) ?? undefined);
    const where = [conversionFilterSql(brandId, {})];
    if (position) where.push(...olderThanSql(conversions.createdAt, conversions.id, position));
    const q = new PgDialect().sqlToQuery(sql`
      select * from ${conversions} where ${sql.join(where, sql` and `)}
       order by ${conversions.createdAt} desc, ${conversions.id} desc limit ${PAGE + 1}`);
    const plan = (await db.$client.unsafe(
      `explain (analyze, buffers, costs off) ${q.sql}`,
      q.params as never[],
    )) as unknown as { 'QUERY PLAN': string }[];
    log(
      `\nPlan of ${deepest.label}:\n\`\`\`\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``,
    );
  }
}

function fmtCount(n: number) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)}M` : n.toLocaleString('en-US');
}
