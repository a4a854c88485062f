/**
 * Reports at scale: one brand with 10,000,000 clicks and 200,000 conversions over 90 days (1,000
 * members, 2 offers, 2,000 links, 20 projects), 49 other brands beside it, all generated in
 * PostgreSQL (generate_series, set-based), folded into the rollups by `stats_fold()`. Measures
 * the reports page's loader (`loadDashboard`) for 7 and 90 days and every breakdown for 90 days
 * (p50/p95 of `--runs` runs each), and the brand's conversions list (keyset paging, 50 a page) at
 * page 1 and page 500 (reached by following the "Older conversions" cursor 499 times), at 1M, 5M and
 * 10M clicks, to show the time stays flat as the clicks grow. Baseline, side by side: the same 90-day totals counted from raw clicks. Prints the
 * query plans of the main queries. Target: p95 <= 150 ms each.
 *
 * Run: npm run bench:dashboard [-- --steps 1000000,5000000,10000000 --runs 30 --keep]
 * A small check that it works: -- --steps 200000 --runs 5 --other-clicks 1000 --conversion-share 0.2
 * Uses DATABASE_URL's server (a database `bench_dashboard` is created there; `--keep` leaves it,
 * and a later run with `--keep` reuses it when it holds the last step's clicks), else an embedded
 * PostgreSQL in .data/.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createDatabase, dropDatabase, startTestPostgres } from '../test/postgres-server';
import { arg } from './setup';

const steps = arg('steps', '1000000,5000000,10000000').split(',').map(Number);
const runs = Number(arg('runs', '30'));
const keep = process.argv.includes('--keep');
const TARGET_MS = 150;
const OTHER_BRANDS = 49;
const OTHER_CLICKS = Number(arg('other-clicks', '40000'));
const CONVERSION_SHARE = Number(arg('conversion-share', '0.02'));
const LIST_PAGE = 500;

const pg = await startTestPostgres('bench-dashboard');
const serverUrl = pg.url('postgres');
const name = 'bench_dashboard';
const url = pg.url(name);
process.env.DATABASE_URL = serverUrl;

const { db, closeDb } = await import('../db/client');
const existing = (await db.execute(
  sql`select 1 from pg_database where datname = ${name}`,
)) as unknown as unknown[];
await closeDb();
process.env.DATABASE_URL = url;

let reuse = false;
if (keep && existing.length) {
  const { migrate } = await import('../db/migrate');
  await migrate(url);
  const [{ n }] = (await db.execute(
    sql`select count(*)::int8 as n from clicks c join brands b on b.id = c.brand_id where b.name = 'Bench brand 0'`,
  )) as unknown as { n: string }[];
  reuse = Number(n) === steps.at(-1);
  if (!reuse) await closeDb();
}
if (!reuse) {
  await dropDatabase(serverUrl, name);
  await createDatabase(serverUrl, name);
  const { migrate } = await import('../db/migrate');
  await migrate(url);
}

const { loadDashboard } = await import('../app/reporting/dashboard.server');
const { getBreakdown, aggregateQuery } = await import('../app/reporting/figures.server');
const { DIMENSION_IDS } = await import('../app/reporting/dimensions');
const { reportQuerySchema } = await import('../app/reporting/report-query');
const { presetPeriod, todayIn } = await import('../app/reporting/period');
const { listConversions, CONVERSIONS_PAGE_SIZE } =
  await import('../app/conversions/conversion-list.server');

/**
 * The cursor of the conversions list's page `page` (its "Older conversions" link on page - 1),
 * found as a brand user would: following the cursor page after page. Fewer pages: the last one's.
 */
async function cursorOfPage(brandId: string, page: number, filter = {}) {
  let after: string | null = null;
  let reached = 1;
  for (; reached < page; reached++) {
    const next: string | null = (await listConversions(brandId, filter, after)).next;
    if (!next) break;
    after = next;
  }
  return { after, reached };
}

const log = (line: string) => console.log(line);
const exec = (query: ReturnType<typeof sql>) => db.execute(query);

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  log(`  ${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** Brands, offers, members, projects and links of the bench (once). */
async function generateCatalogue(): Promise<string> {
  await exec(sql`
    insert into brands (name, postback_token, publishable_key)
    select 'Bench brand ' || i, 'pb_bench_' || i, 'pk_bench_' || i from generate_series(0, ${OTHER_BRANDS}) i`);
  await exec(sql`
    insert into offers (brand_id, name, offer_url)
    select b.id, 'Offer ' || o, 'https://shop.example.com/' || o
      from brands b, generate_series(1, 2) o`);
  await exec(sql`
    insert into payout_options (brand_id, offer_id, title, type, percent, is_default)
    select brand_id, id, 'Standard', 'cps_percent', 10, true from offers`);
  // The measured brand: 1,000 members; the others: 20 each.
  await exec(sql`
    insert into members (brand_id, name, email)
    select b.id, 'Creator ' || m, 'creator' || m || '@example.com'
      from brands b, generate_series(1, 1000) m
     where b.name = 'Bench brand 0' or m <= 20`);
  await exec(sql`
    insert into projects (brand_id, name) select b.id, 'Project ' || p from brands b, generate_series(1, 20) p`);
  await exec(sql`
    insert into project_members (project_id, member_id, brand_id)
    select p.id, m.id, m.brand_id
      from members m
      join projects p on p.brand_id = m.brand_id
       and p.name = 'Project ' || (1 + abs(hashtext(m.email)) % 20)`);
  await exec(sql`
    insert into links (brand_id, offer_id, member_id, payout_option_id, code)
    select m.brand_id, o.id, m.id, po.id, md5(m.id::text || o.id::text)
      from members m
      join offers o on o.brand_id = m.brand_id
      join payout_options po on po.offer_id = o.id`);
  const [brand] = (await exec(
    sql`select id from brands where name = 'Bench brand 0'`,
  )) as unknown as { id: string }[];
  return brand.id;
}

/**
 * `count` clicks of the brands matching `brandFilter` over the last 90 days, spread over their
 * links (skewed: a few links get most clicks), devices, 20 countries, 30 referrer domains, 20
 * sub1 values and 100 sub2 values; 3 % bots, 80 % unique. Ids are time-ordered like UUIDv7.
 */
async function generateClicks(brandFilter: ReturnType<typeof sql>, count: number) {
  await exec(sql`
    with l as (
      select row_number() over (order by l.id) - 1 as n, l.id, l.brand_id, l.offer_id, l.member_id
        from links l join brands b on b.id = l.brand_id where ${brandFilter}
    ), k as (select count(*) as total from l), g as (
      select now() - random() * interval '90 days' as at,
             floor(power(random(), 2) * (select total from k)) as n, random() as r1, random() as r2,
             random() as r3
        from generate_series(1, ${count})
    )
    insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash, user_agent,
                        referrer, country, device, is_bot, is_unique, sub1, sub2)
    select (lpad(to_hex((extract(epoch from g.at) * 1000)::bigint), 12, '0') || '7'
              || substr(md5(random()::text), 1, 19))::uuid,
           l.brand_id, l.offer_id, l.id, l.member_id, g.at, md5(random()::text), 'Mozilla/5.0',
           case when g.r1 < 0.3 then null
                else 'https://' || (array['instagram.com', 'www.tiktok.com', 'youtube.com', 't.co',
                  'facebook.com', 'pinterest.com', 'reddit.com', 'snapchat.com', 'linkedin.com',
                  'twitch.tv'])[1 + floor(g.r1 * 1000)::int % 10] || '/p/' || floor(g.r1 * 30)::int end,
           (array['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'SE', 'PL', 'CA', 'AU', 'BR', 'MX',
                  'IN', 'JP', 'KR', 'ZA', 'AE', 'CH', 'NO'])[1 + floor(g.r2 * 20)::int],
           case when g.r3 < 0.03 then 'bot' when g.r3 < 0.6 then 'mobile' when g.r3 < 0.95
                then 'desktop' else 'tablet' end::device_class,
           g.r3 < 0.03, g.r2 * 10 - floor(g.r2 * 10) < 0.8,
           case when g.r1 * 7 - floor(g.r1 * 7) < 0.5 then null
                else 'tag' || floor(g.r2 * 400)::int % 20 end,
           'c' || floor(g.r3 * 1000)::int % 100
      from g join l on l.n = g.n
     order by g.at`);
}

/** Conversions (2 % of the new clicks): pending, approved, rejected and reversed, 10 % commission. */
async function generateConversions() {
  await exec(sql`
    insert into conversions (brand_id, offer_id, link_id, member_id, click_id, click_ref, order_id,
                             amount_minor, currency, commission_minor, status, source, created_at,
                             approved_at)
    select c.brand_id, c.offer_id, c.link_id, c.member_id, c.id, c.id::text, 'o-' || c.id,
           a.amount, 'USD', a.amount / 10,
           (case when a.r < 0.6 then 'pending' when a.r < 0.9 then 'approved'
                 when a.r < 0.95 then 'rejected' else 'reversed' end)::conversion_status,
           'postback', c.created_at + interval '5 minutes',
           case when a.r >= 0.6 and a.r < 0.9 then c.created_at + interval '1 day' end
      from clicks c
      cross join lateral (select 1000 + floor(random() * 19000)::int8 as amount, random() as r) a
     where c.xmin::text::bigint >= (select coalesce(max(x), 0) from bench_marks)
       and not c.is_bot and random() < ${CONVERSION_SHARE}`);
}

async function fold() {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`select stats_fold('100 days'::interval)`);
  });
  await exec(sql`vacuum analyze stats_hourly`);
  await exec(sql`vacuum analyze stats_daily`);
  await exec(sql`analyze clicks`);
  await exec(sql`analyze conversions`);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(work: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

try {
  let brandId: string;
  if (reuse) {
    log('Reusing the generated data (--keep).');
    const [brand] = (await exec(
      sql`select id from brands where name = 'Bench brand 0'`,
    )) as unknown as { id: string }[];
    brandId = brand.id;
  } else {
    log('Generating the catalogue and the 49 other brands’ clicks…');
    await exec(sql`create table if not exists bench_marks (x bigint)`);
    brandId = await timed('catalogue', generateCatalogue);
    // Bulk load: the primary key is rebuilt once after each step instead of kept row by row.
    await timed(`49 brands × ${OTHER_CLICKS} clicks`, () =>
      generateClicks(sql`b.name <> 'Bench brand 0'`, OTHER_BRANDS * OTHER_CLICKS),
    );
  }
  const results: { step: number; rows: [string, { p50: number; p95: number }][] }[] = [];
  let have = reuse ? steps.at(-1)! : 0;
  for (const step of steps) {
    if (step > have) {
      log(`Generating clicks of the measured brand up to ${step.toLocaleString('en-US')}…`);
      await timed(`${(step - have).toLocaleString('en-US')} clicks`, () =>
        generateClicks(sql`b.name = 'Bench brand 0'`, step - have),
      );
      await timed('conversions (2 % of the new clicks, every brand)', generateConversions);
      await exec(sql`insert into bench_marks select txid_current() % 4294967296`);
      await timed('fold into the rollups', fold);
      have = step;
    } else if (step < have) {
      continue; // reused data holds only the last step
    }
    const [{ clicks, conversions, hourly, daily }] = (await exec(sql`
      select (select count(*) from clicks where brand_id = ${brandId})::int8 as clicks,
             (select count(*) from conversions where brand_id = ${brandId})::int8 as conversions,
             (select count(*) from stats_hourly where brand_id = ${brandId})::int8 as hourly,
             (select count(*) from stats_daily where brand_id = ${brandId})::int8 as daily`)) as unknown as Record<
      string,
      string
    >[];
    log(
      `\nMeasured brand: ${Number(clicks).toLocaleString('en-US')} clicks, ${Number(conversions).toLocaleString('en-US')} conversions; rollup rows: hourly ${Number(hourly).toLocaleString('en-US')}, daily ${Number(daily).toLocaleString('en-US')}`,
    );
    const rows: [string, { p50: number; p95: number }][] = [];
    for (const period of ['7d', '90d'] as const) {
      const query = reportQuerySchema.parse({ period });
      rows.push([
        `dashboard loader, ${period}`,
        await measure(() => loadDashboard(brandId, query)),
      ]);
    }
    const today = todayIn('UTC');
    const p90 = presetPeriod('90d', today);
    for (const by of DIMENSION_IDS) {
      rows.push([
        `breakdown by ${by}, 90 days`,
        await measure(() => getBreakdown({ brandId, timeZone: 'UTC' }, p90, by, { limit: 100 })),
      ]);
    }
    // Cross-filters read the hourly rollup: a member (narrow) and a device (broad).
    const [member] = (await exec(
      sql`select member_id as id from links where brand_id = ${brandId} limit 1`,
    )) as unknown as { id: string }[];
    rows.push([
      'breakdown by country, one member × 90 days (hourly rollup)',
      await measure(() =>
        getBreakdown(
          { brandId, timeZone: 'UTC', filters: { member: member.id, device: 'mobile' } },
          p90,
          'country',
          { limit: 100 },
        ),
      ),
    ]);
    rows.push([
      'breakdown by country, device × sub1 × 7 days (hourly rollup)',
      await measure(() =>
        getBreakdown(
          { brandId, timeZone: 'UTC', filters: { device: 'mobile', sub1: 'tag3' } },
          presetPeriod('7d', today),
          'country',
          { limit: 100 },
        ),
      ),
    ]);
    // The conversions list: the first page, and page 500 from its cursor (keyset: the index on
    // brand and time seeks straight to it), unfiltered and filtered to pending.
    for (const [label, filter] of [
      ['', {}],
      [', status pending', { status: 'pending' as const }],
    ] as const) {
      rows.push([
        `conversions list${label}, page 1`,
        await measure(() => listConversions(brandId, filter, null)),
      ]);
      const { after, reached } = await cursorOfPage(brandId, LIST_PAGE, filter);
      rows.push([
        `conversions list${label}, page ${reached}${reached < LIST_PAGE ? ` (the last; fewer than ${LIST_PAGE} pages of ${CONVERSIONS_PAGE_SIZE})` : ''}`,
        await measure(() => listConversions(brandId, filter, after)),
      ]);
    }
    // Baseline: the 90-day totals counted from raw clicks, as a page without rollups would.
    const rawStart = performance.now();
    await exec(sql`
      select count(*) filter (where not is_bot), count(*) filter (where not is_bot and is_unique)
        from clicks where brand_id = ${brandId} and created_at >= now() - interval '90 days'`);
    const raw = performance.now() - rawStart;
    log(`\n| query (${Number(clicks).toLocaleString('en-US')} clicks) | p50 | p95 | target |`);
    log('| --- | --- | --- | --- |');
    for (const [what, t] of rows) {
      log(`| ${what} | ${fmt(t.p50)} | ${fmt(t.p95)} | ${t.p95 <= TARGET_MS ? 'met' : 'MISSED'} |`);
    }
    log(`| baseline: 90-day click totals from raw clicks (one run) | ${fmt(raw)} | | |`);
    results.push({ step: Number(clicks), rows });
  }

  if (results.length > 1) {
    log('\nGrowth (p95):');
    log(`| query | ${results.map((r) => `${(r.step / 1e6).toFixed(0)}M clicks`).join(' | ')} |`);
    log(`| --- | ${results.map(() => '---').join(' | ')} |`);
    for (let i = 0; i < results[0].rows.length; i++) {
      log(
        `| ${results[0].rows[i][0]} | ${results.map((r) => fmt(r.rows[i][1].p95)).join(' | ')} |`,
      );
    }
  }

  log('\nQuery plans (90 days):');
  const p90 = presetPeriod('90d', todayIn('UTC'));
  const { PgDialect } = await import('drizzle-orm/pg-core');
  const dialect = new PgDialect();
  for (const [label, scope, by] of [
    ['totals', { brandId, timeZone: 'UTC' }, null],
    ['series per day', { brandId, timeZone: 'UTC' }, 'day'],
    ['breakdown by member', { brandId, timeZone: 'UTC' }, 'member'],
    [
      'breakdown by country, one member, mobile',
      {
        brandId,
        timeZone: 'UTC',
        filters: {
          member: (
            (await exec(
              sql`select member_id as id from links where brand_id = ${brandId} limit 1`,
            )) as unknown as { id: string }[]
          )[0].id,
          device: 'mobile',
        },
      },
      'country',
    ],
  ] as const) {
    const q = dialect.sqlToQuery(
      aggregateQuery(scope as never, p90, { by: by as never, limit: 100 }),
    );
    const plan = (await db.$client.unsafe(
      `explain (analyze, buffers, costs off) ${q.sql}`,
      q.params as never[],
    )) as unknown as { 'QUERY PLAN': string }[];
    log(`\n${label}:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  {
    // The plan of listConversions' query at page 500 (its SQL, written out with the cursor).
    const { after, reached } = await cursorOfPage(brandId, LIST_PAGE);
    const [iso, id] = (
      after ?? `${new Date().toISOString()}_00000000-0000-0000-0000-000000000000`
    ).split('_');
    const plan = (await db.$client.unsafe(
      `explain (analyze, buffers, costs off)
       select c.id, c.created_at, c.order_id, c.status, o.name, m.name
         from conversions c left join offers o on o.id = c.offer_id
         left join members m on m.id = c.member_id
        where c.brand_id = $1 and c.created_at <= $2
          and (c.created_at < $2 or c.id < $3)
        order by c.created_at desc, c.id desc limit ${CONVERSIONS_PAGE_SIZE + 1}`,
      [brandId, iso, id],
    )) as unknown as { 'QUERY PLAN': string }[];
    log(`\nconversions list, page ${reached}:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
} finally {
  await closeDb();
  if (!keep) await dropDatabase(serverUrl, name).catch(() => {});
  await pg.stop();
}
