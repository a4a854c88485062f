/**
 * Reports at scale, measured from outside (issue 20, docs/decisions/040-narrow-rollups.md): for
 * each scale of `--clicks` (default 1M and 10M), a database with the realistic data of
 * bench/realistic-data.ts (one brand with 20 offers, 2,000 members, ~5,000 links, the clicks over
 * 90 days, 2 % of them converted, 10 other brands with a tenth as many clicks), folded into the
 * rollups by `stats_fold()`. Then Offerlink's production server (the Remix build, no job runner)
 * answers over HTTP with a signed-in session (one server per scale, all running), and each request
 * is timed (p50 / p95 of `--runs` runs after 3 warm-ups, sequential, keep-alive; the scales
 * interleaved run by run, so background work falls on every scale alike), with the 1-minute load
 * average beside it:
 * the reports page (document, and the loader's data as the browser asks for it: `.data`, Remix
 * single fetch) for 7 and 90 days, every breakdown for 90
 * days, the cross-filter (members in one country) and a member's countries, a short period per
 * hour, the offer and member pages, the conversions list's first and a deep page, the creator's
 * dashboard, and a trivial signed-in page (the floor). Baseline in the same run: a naive
 * `count(*) … group by day` over the brand's raw clicks for 90 days. Also prints each rollup's
 * rows per million clicks and the plans of the slowest reports query.
 *
 * Run: npm run bench:dashboard [-- --clicks 1000000,10000000 --runs 30 --keep]
 *   One scale on a quiet machine: npm run bench:dashboard -- --clicks 10000000
 *   --keep leaves each scale's database (bench_dashboard_<clicks>) and reuses it next time.
 *   --build builds the Remix app first (needed once: the server serves build/).
 * Uses DATABASE_URL's server, else an embedded PostgreSQL in .data/. Target: p95 <= 150 ms for
 * every request at 10M clicks, 10M/1M <= 1.3, rollups >= x20 fewer rows than clicks.
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

const ROLLUPS = [
  'stats_hours',
  'stats_offers',
  'stats_members',
  'stats_links',
  'stats_values',
  'stats_offer_values',
  'stats_member_values',
  'stats_conversion_days',
  'stats_conversion_member_days',
  'stats_pending',
];

if (process.argv[2] === 'server') {
  // The child: Offerlink's production server on the bench database.
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

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Timing {
  p50: number;
  p95: number;
  load: number;
}

/** A scale ready to be measured: its server running, its requests listed. */
interface Prepared {
  clicks: number;
  name: string;
  brandId: string;
  topId: string;
  tables: [string, number][];
  raw: Timing;
  fold: number | null;
  generate: number | null;
  requests: [string, string, string][];
  get: (path: string, cookie: string) => Promise<void>;
  stop: () => Promise<void>;
}

async function main() {
  const scales = arg('clicks', '1000000,10000000').split(',').map(Number);
  const runs = Number(arg('runs', '30'));
  const keep = process.argv.includes('--keep') || process.argv.includes('--prepare');
  const prepareOnly = process.argv.includes('--prepare');
  // Databases named after DATABASE_URL's database when it is not 'postgres' (several people
  // sharing one server), else bench_dashboard_<clicks>.
  const dbName = new URL(process.env.DATABASE_URL ?? 'postgres://x/postgres').pathname.slice(1);
  const prefix = dbName && dbName !== 'postgres' ? dbName : 'bench';
  const TARGET_MS = 150;
  const log = (line: string) => console.log(line);
  const { createDatabase, dropDatabase, startTestPostgres } =
    await import('../test/postgres-server');

  if (
    prepareOnly
      ? false
      : process.argv.includes('--build') || !existsSync(new URL('../build/server', import.meta.url))
  ) {
    log('Building the Remix app (npm run build)…');
    execSync('npm run build', {
      stdio: 'ignore',
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
  }

  const pg = await startTestPostgres('bench-dashboard');
  const serverUrl = pg.url('postgres');
  const results: {
    clicks: number;
    rows: [string, Timing][];
    tables: [string, number][];
    raw: Timing;
    fold: number | null;
    generate: number | null;
  }[] = [];
  const prepared: Prepared[] = [];
  try {
    for (const scale of scales) {
      const handle = await prepareScale(scale);
      if (handle) prepared.push(handle);
    }
    if (prepared.length) {
      // Every request is timed on every scale in turn, run after run, so that whatever else the
      // machine does (a checkpoint, autovacuum) falls on all scales alike, not on one column.
      log(
        `\nMeasuring ${prepared[0].requests.length} requests on ${prepared.length} scale(s), interleaved…`,
      );
      const measureStart = performance.now();
      const timings = prepared.map(() => [] as [string, Timing][]);
      for (let i = 0; i < prepared[0].requests.length; i++) {
        const works = prepared.map((h) => () => h.get(h.requests[i][1], h.requests[i][2]));
        for (const work of works) for (let w = 0; w < 3; w++) await work();
        const times = prepared.map(() => [] as number[]);
        for (let r = 0; r < runs; r++) {
          for (let k = 0; k < works.length; k++) {
            const start = performance.now();
            await works[k]();
            times[k].push(performance.now() - start);
          }
        }
        const load = os.loadavg()[0];
        for (let k = 0; k < works.length; k++) {
          const sorted = times[k].sort((a, b) => a - b);
          timings[k].push([
            prepared[k].requests[i][0],
            { p50: percentile(sorted, 50), p95: percentile(sorted, 95), load },
          ]);
        }
      }
      log(`  measured in ${((performance.now() - measureStart) / 1000).toFixed(0)} s`);
      for (let k = 0; k < prepared.length; k++) {
        results.push(await report(prepared[k], timings[k]));
      }
    }
  } finally {
    for (const h of prepared) await h.stop();
    await pg.stop();
  }

  if (results.length > 1) {
    log('\n## Side by side (p95, load average in brackets)\n');
    log(`| request | ${results.map((r) => `${fmtCount(r.clicks)} clicks`).join(' | ')} | ratio |`);
    log(`| --- | ${results.map(() => '---').join(' | ')} | --- |`);
    for (let i = 0; i < results[0].rows.length; i++) {
      const cells = results.map((r) => r.rows[i][1]);
      const ratio = cells.at(-1)!.p95 / cells[0].p95;
      log(
        `| ${results[0].rows[i][0]} | ${cells.map((t) => `${t.p95.toFixed(1)} ms (${t.load.toFixed(1)})`).join(' | ')} | ${ratio.toFixed(2)} |`,
      );
    }
    log(
      `| baseline: raw count(*) group by day, 90 days | ${results.map((r) => `${r.raw.p50.toFixed(0)} ms (${r.raw.load.toFixed(1)})`).join(' | ')} | ${(results.at(-1)!.raw.p50 / results[0].raw.p50).toFixed(2)} |`,
    );
    log('\n## Rows per million clicks of the measured brand, side by side\n');
    log(`| table | ${results.map((r) => `${fmtCount(r.clicks)} clicks`).join(' | ')} |`);
    log(`| --- | ${results.map(() => '---:').join(' | ')} |`);
    for (let i = 0; i < results[0].tables.length; i++) {
      const cells = results.map((r) => {
        const n = r.tables[i]?.[1] ?? 0;
        return `${Math.round((n * 1e6) / r.clicks).toLocaleString('en-US')} (×${(r.clicks / Math.max(n, 1)).toFixed(0)})`;
      });
      log(`| ${results[0].tables[i][0]} | ${cells.join(' | ')} |`);
    }
  }
  log('\n## Phases\n');
  for (const r of results) {
    log(
      `- ${fmtCount(r.clicks)} clicks: ${r.generate === null ? 'data reused (--keep)' : `generated in ${r.generate.toFixed(0)} s`}, ${r.fold === null ? 'rollups reused' : `folded in ${r.fold.toFixed(0)} s`}`,
    );
  }

  async function prepareScale(clicks: number): Promise<Prepared | null> {
    const name = `${prefix}_dashboard_${clicks}`;
    const url = pg.url(name);
    process.env.DATABASE_URL = serverUrl;
    const { db: admin, closeDb: closeAdmin } = await import('../db/client');
    const exists =
      ((await admin.execute(sql`select 1 from pg_database where datname = ${name}`)) as unknown[])
        .length > 0;
    await closeAdmin();
    process.env.DATABASE_URL = url;
    const { migrate } = await import('../db/migrate');
    let reuse = false;
    if (keep && exists) {
      await migrate(url);
      const { db, closeDb } = await import('../db/client');
      const [row] = (await db.execute(
        sql`select count(*)::int8 as n from brands where name = 'Bench brand'`,
      )) as unknown as { n: string }[];
      reuse = Number(row.n) === 1;
      await closeDb();
    }
    let foldSeconds: number | null = null;
    let generateSeconds: number | null = null;
    if (!reuse) {
      await dropDatabase(serverUrl, name);
      await createDatabase(serverUrl, name);
      await migrate(url);
    }
    const { db, closeDb } = await import('../db/client');
    try {
      if (!reuse) {
        const { createBrandWithUser } = await import('../seed/factories');
        const { brand } = await createBrandWithUser({
          brandName: 'Bench brand',
          email: 'bench@example.com',
        });
        log(`\n# ${fmtCount(clicks)} clicks: generating…`);
        const start = performance.now();
        const { generateRealistic } = await import('./realistic-data');
        await generateRealistic(db, brand.id, { clicks, log });
        generateSeconds = (performance.now() - start) / 1000;
        log(`  generated in ${generateSeconds.toFixed(0)} s`);
        await db.execute(sql`vacuum analyze clicks`);
        await db.execute(sql`vacuum analyze conversions`);
      } else {
        log(`\n# ${fmtCount(clicks)} clicks: reusing ${name} (--keep)`);
      }
      // Fold when the rollups are not built (new data, or a migration reset them).
      const [mark] = (await db.execute(
        sql`select snapshot is null as empty from stats_watermark where id = 1`,
      )) as unknown as { empty: boolean }[];
      if (mark.empty) {
        log(`  folding (load ${os.loadavg()[0].toFixed(1)})…`);
        const start = performance.now();
        // One fold of everything (a bulk load: more work_mem for this session only).
        await db.transaction(async (tx) => {
          await tx.execute(sql`set local work_mem = '256MB'`);
          await tx.execute(sql`select stats_fold('100 days'::interval)`);
        });
        foldSeconds = (performance.now() - start) / 1000;
        log(`  folded in ${foldSeconds.toFixed(0)} s (load ${os.loadavg()[0].toFixed(1)})`);
        for (const t of ROLLUPS) await db.execute(sql.raw(`vacuum analyze ${t}`));
      }
      if (prepareOnly) return null;
      const [brand] = (await db.execute(
        sql`select b.id, m.user_id from brands b join brand_memberships m on m.brand_id = b.id
             where b.name = 'Bench brand'`,
      )) as unknown as { id: string; user_id: string }[];
      const brandId = brand.id;

      // Rows per table.
      const [{ n: clickCount }] = (await db.execute(
        sql`select count(*)::int8 as n from clicks where brand_id = ${brandId}`,
      )) as unknown as { n: string }[];
      const tables: [string, number][] = [];
      for (const t of ROLLUPS) {
        const [{ n }] = (await db.execute(
          sql`select count(*)::int8 as n from ${sql.raw(t)} where brand_id = ${brandId}`,
        )) as unknown as { n: string }[];
        tables.push([t, Number(n)]);
      }
      const perDim = (await db.execute(sql`
        select 'stats_values ' || dim as t, count(*)::int8 as n from stats_values
         where brand_id = ${brandId} group by dim
        union all
        select 'stats_offer_values ' || dim, count(*)::int8 from stats_offer_values
         where brand_id = ${brandId} group by dim
        union all
        select 'stats_member_values ' || dim, count(*)::int8 from stats_member_values
         where brand_id = ${brandId} group by dim order by 1`)) as unknown as {
        t: string;
        n: string;
      }[];
      log(`\nRows of the measured brand (${Number(clickCount).toLocaleString('en-US')} clicks):`);
      log('| table | rows | rows per million clicks | clicks per row |');
      log('| --- | ---: | ---: | ---: |');
      for (const [t, n] of [
        ...tables,
        ...perDim.map((r) => [r.t, Number(r.n)] as [string, number]),
      ]) {
        log(
          `| ${t} | ${n.toLocaleString('en-US')} | ${Math.round((n * 1e6) / Number(clickCount)).toLocaleString('en-US')} | ×${(Number(clickCount) / n).toFixed(0)} |`,
        );
      }

      // Requests.
      const { sessionCookieFor } = await import('../test/routes');
      const brandCookie = await sessionCookieFor({ userId: brand.user_id });
      const [top] = (await db.execute(sql`
        select member_id as id, sum(clicks)::int8 from stats_links where brand_id = ${brandId}
         group by 1 order by 2 desc limit 1`)) as unknown as { id: string }[];
      const [offer] = (await db.execute(sql`
        select offer_id as id, sum(clicks)::int8 from stats_links where brand_id = ${brandId}
         group by 1 order by 2 desc limit 1`)) as unknown as { id: string }[];
      const creatorCookie = await sessionCookieFor({ memberId: top.id });
      const { listConversions } = await import('../app/conversions/conversion-list.server');
      let after: string | null = null;
      let page = 1;
      for (; page < 500; page++) {
        const next: string | null = (await listConversions(brandId, {}, after)).next;
        if (!next) break;
        after = next;
      }

      // Baseline: what a page without rollups would run.
      const raw = await measureRaw(db, brandId);

      const child = fork(here, ['server', url], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m) => resolve((m as { port: number }).port));
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const get = (path: string, cookie: string) =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(
            { host: '127.0.0.1', port, path, agent, headers: { cookie } },
            (res) => {
              res.resume();
              res.on('end', () =>
                res.statusCode === 200
                  ? resolve()
                  : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
              );
            },
          );
          req.on('error', reject);
        });
      const requests: [string, string, string][] = [
        ['floor: a trivial signed-in page (settings, ?_data)', '/brand/settings.data', brandCookie],
        ['reports, 7 days (document)', '/brand/reports?period=7d', brandCookie],
        ['reports, 7 days (.data)', `/brand/reports.data?period=7d`, brandCookie],
        ['reports, 90 days (document)', '/brand/reports?period=90d', brandCookie],
        ['reports, 90 days (.data)', `/brand/reports.data?period=90d`, brandCookie],
        ['reports, today per hour (.data)', `/brand/reports.data?period=today`, brandCookie],
      ];
      for (const by of [
        'member',
        'link',
        'project',
        'device',
        'country',
        'referrer',
        'sub1',
        'sub2',
        'sub3',
        'sub4',
        'sub5',
      ]) {
        requests.push([
          `reports, 90 days by ${by} (.data)`,
          `/brand/reports.data?period=90d&by=${by}`,
          brandCookie,
        ]);
      }
      requests.push(
        ['cross-filter: 90 days by member, country = DE (.data)', `/brand/reports.data?period=90d&by=member&country=DE`, brandCookie],
        ['cross-filter: 90 days by country, top member (.data)', `/brand/reports.data?period=90d&by=country&member=${top.id}`, brandCookie],
        ['90 days by sub1, one offer (.data)', `/brand/reports.data?period=90d&by=sub1&offer=${offer.id}`, brandCookie],
        ['offer page, busiest offer (document)', `/brand/offers/${offer.id}`, brandCookie],
        ['member page, top member (document)', `/brand/members/${top.id}`, brandCookie],
        ['conversions list, page 1 (document)', '/brand/conversions', brandCookie],
        [`conversions list, page ${page} (document)`, `/brand/conversions?after=${encodeURIComponent(after ?? '')}`, brandCookie],
        ['creator dashboard, top member, 30 days (document)', `/creator/${brandId}`, creatorCookie],
        ['creator dashboard, top member, 90 days (.data)', `/creator/${brandId}.data?period=90d`, creatorCookie],
      ); // prettier-ignore
      return {
        clicks: Number(clickCount),
        name,
        brandId,
        topId: top.id,
        tables,
        raw,
        fold: foldSeconds,
        generate: generateSeconds,
        requests,
        get,
        stop: async () => {
          child.kill('SIGINT');
          await new Promise((resolve) => child.once('exit', resolve));
          agent.destroy();
          if (!keep) await dropDatabase(serverUrl, name).catch(() => {});
        },
      };
    } finally {
      await closeDb();
    }
  }

  /** A scale's table of figures and the EXPLAIN of its slowest reports request. */
  async function report(h: Prepared, rows: [string, Timing][]) {
    log(`\n| request (${fmtCount(h.clicks)} clicks) | p50 | p95 | load avg | target |`);
    log('| --- | ---: | ---: | ---: | --- |');
    for (const [label, t] of rows) {
      log(
        `| ${label} | ${t.p50.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.load.toFixed(2)} | ${t.p95 <= TARGET_MS ? 'met' : 'MISSED'} |`,
      );
    }
    log(
      `| baseline: raw count(*) group by day, 90 days (3 runs) | ${h.raw.p50.toFixed(0)} ms | ${h.raw.p95.toFixed(0)} ms | ${h.raw.load.toFixed(2)} | |`,
    );
    process.env.DATABASE_URL = pg.url(h.name);
    const { db, closeDb } = await import('../db/client');
    try {
      await explainSlowest(db, h.brandId, rows, h.topId);
    } finally {
      await closeDb();
    }
    return {
      clicks: h.clicks,
      rows,
      tables: h.tables,
      raw: h.raw,
      fold: h.fold,
      generate: h.generate,
    };
  }

  async function measureRaw(db: Db, brandId: string) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await db.execute(sql`
        select date_trunc('day', created_at) as day, count(*) filter (where not is_bot) as clicks,
               count(*) filter (where not is_bot and is_unique) as unique_clicks
          from clicks where brand_id = ${brandId} and created_at >= now() - interval '90 days'
         group by 1 order by 1`);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { p50: times[1], p95: times[2], load: os.loadavg()[0] };
  }

  /** EXPLAIN ANALYZE of the reports queries of the slowest reports request. */
  async function explainSlowest(
    db: Db,
    brandId: string,
    rows: [string, Timing][],
    memberId: string,
  ) {
    const reportsRows = rows.filter(
      ([label]) => label.startsWith('reports') || label.startsWith('cross'),
    );
    const [slowest] = [...reportsRows].sort((a, b) => b[1].p95 - a[1].p95);
    log(`\nSlowest reports request: ${slowest[0]} (p95 ${slowest[1].p95.toFixed(1)} ms)`);
    const by = /by (\w+)/.exec(slowest[0])?.[1] ?? null;
    const filters = slowest[0].includes('country = DE')
      ? { country: 'DE' }
      : slowest[0].includes('top member')
        ? { member: memberId }
        : {};
    const { aggregateQuery } = await import('../app/reporting/figures.server');
    const { presetPeriod, todayIn } = await import('../app/reporting/period');
    const { PgDialect } = await import('drizzle-orm/pg-core');
    const dialect = new PgDialect();
    const p90 = presetPeriod('90d', todayIn('UTC'));
    const scope = { brandId, timeZone: 'UTC', filters };
    for (const [label, options] of [
      ['totals', { by: null }],
      ['series per day', { by: 'day' }],
      ...(by ? [[`breakdown by ${by}`, { by, limit: 101 }]] : []),
      ['top members', { by: 'member', sort: 'commission', limit: 5 }],
    ] as [string, Record<string, unknown>][]) {
      let q;
      try {
        q = dialect.sqlToQuery(aggregateQuery(scope as never, p90, options as never));
      } catch {
        continue;
      }
      const plan = (await db.$client.unsafe(
        `explain (analyze, buffers, costs off) ${q.sql}`,
        q.params as never[],
      )) as unknown as { 'QUERY PLAN': string }[];
      log(`\n${label}:\n\`\`\`\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``);
    }
  }
}

function fmtCount(n: number) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(n % 1e6 ? 1 : 0)}M` : n.toLocaleString('en-US');
}
