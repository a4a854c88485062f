/**
 * The payout rollup (`rollupBrand`, what the payouts__rollup job runs) over 1,000,000 conversions
 * of one brand across 10,000 members and 20 offers, generated in PostgreSQL: created over the
 * last 120 days, offers with holding periods of 0, 7, 14, 30, 60 and 90 days. First rollup
 * (approves the matured ones, builds every statement): target <= 10 s. Then 10,000 new
 * conversions on offers without a holding period and a second rollup: target <= 1 s. A third run
 * shows it is idempotent (nothing to do). With --explain, prints the plan of the rollup's
 * search of payout_queue for the second run; with --trace, every statement's plan (auto_explain).
 * Run: npm run bench:rollup [-- --conversions 1000000 --members 10000 --explain]
 *
 * Uses DATABASE_URL's server when set (a throw-away database is created on it), else an embedded
 * PostgreSQL in .data/.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Tx } from '../db/client';
import { arg, benchDatabase } from './setup';

const conversionCount = Number(arg('conversions', '1000000'));
const memberCount = Number(arg('members', '10000'));
const newCount = Number(arg('new', '10000'));
const explain = process.argv.includes('--explain');
/** --trace: every statement of the rollups (triggers' too) with its EXPLAIN ANALYZE (auto_explain). */
const trace = process.argv.includes('--trace');
const FIRST_TARGET_MS = 10_000;
const SECOND_TARGET_MS = 1_000;
const HOLDING = [0, 0, 0, 0, 7, 7, 14, 14, 30, 30, 30, 30, 60, 60, 60, 90, 90, 90, 0, 14];

const database = await benchDatabase('rollup');

const { db, closeDb } = await import('../db/client');
const { createBrandWithUser, createOffer } = await import('../seed/factories');
const { rollupBrand, vacuumPayoutQueue } = await import('../app/payouts/rollup.server');

const fmt = (n: number) => n.toLocaleString('en-US');

/** CPU time (ms) a local PostgreSQL backend has used, from /proc: less at the mercy of load. */
function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** With --trace, a client of its own that prints auto_explain's plans (sent as notices). */
const traced = trace
  ? drizzle(
      postgres(database.url, {
        max: 1,
        onnotice: (n) => console.log(`${n.message}\n`),
      }),
    )
  : null;

/** One rollup in a transaction whose backend we know, with its wall and backend CPU time. */
async function timedRollup(brandId: string) {
  return (traced ?? db).transaction(async (tx) => {
    if (traced) {
      await tx.execute(sql`load 'auto_explain'`);
      await tx.execute(sql`set local auto_explain.log_min_duration = 20`);
      await tx.execute(sql`set local auto_explain.log_analyze = on`);
      await tx.execute(sql`set local auto_explain.log_buffers = on`);
      await tx.execute(sql`set local auto_explain.log_timing = on`);
      await tx.execute(sql`set local auto_explain.log_nested_statements = on`);
      await tx.execute(sql`set local client_min_messages = log`);
    }
    const [{ pid }] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    const cpuBefore = backendCpuMs(pid);
    const counts = await rollupBrand(brandId, { tx: tx as Tx });
    const cpuAfter = backendCpuMs(pid);
    return {
      ...counts,
      cpu: cpuBefore == null || cpuAfter == null ? null : Math.round(cpuAfter - cpuBefore),
    };
  });
}

try {
  const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
  const offerIds: string[] = [];
  for (let i = 0; i < HOLDING.length; i++) {
    const { offer } = await createOffer(brand.id, {
      name: `Bench offer ${i + 1}`,
      holdingPeriodDays: HOLDING[i],
    });
    offerIds.push(offer.id);
  }
  await db.execute(sql`
    insert into members (brand_id, name, email)
    select ${brand.id}, 'Creator ' || g, 'creator-' || g || '@example.com'
      from generate_series(1, ${memberCount}) g`);

  /** Conversions as the writer stores them: pending, with commission, on a member and offer. */
  const generate = async (count: number, from: number, ageDays: number, offers: string[]) => {
    await db.execute(sql`
      with m as (select array_agg(id order by id) as ids from members where brand_id = ${brand.id}),
           o as (select ${sql.param(offers)}::uuid[] as ids)
      insert into conversions
        (brand_id, offer_id, member_id, order_id, amount_minor, currency, commission_minor,
         status, source, created_at)
      select ${brand.id}, o.ids[1 + (g % array_length(o.ids, 1))],
             m.ids[1 + ((g::int8 * 7919) % array_length(m.ids, 1))::int], 'B-' || g,
             (1000 + (g * 37) % 20000), 'USD', (100 + (g * 37) % 2000), 'pending', 'postback',
             now() - make_interval(secs => ((g::int8 * 104729) % (${ageDays}::int * 86400 + 1))::float8)
        from generate_series(${from}::int, ${from + count - 1}::int) g, m, o`);
  };

  let start = performance.now();
  await generate(conversionCount, 1, 120, offerIds);
  await db.execute(sql`vacuum analyze conversions`);
  await db.execute(sql`vacuum analyze payout_queue`);
  console.log(
    `generated ${fmt(conversionCount)} conversions (${fmt(memberCount)} members, ${offerIds.length} offers) in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );

  const first = await timedRollup(brand.id);
  // What the rollup job does after a run this large (runRecordedRollup), before the next run.
  await vacuumPayoutQueue();
  start = performance.now();
  const noHolding = offerIds.filter((_, i) => HOLDING[i] === 0);
  await generate(newCount, conversionCount + 1, 0, noHolding);
  await db.execute(sql`analyze conversions`);
  if (explain) {
    await db.transaction(async (tx) => {
      const plan = await tx.execute<{ 'QUERY PLAN': string }>(sql`
        explain (costs off)
        select q.conversion_id from offers o
          join payout_queue q
            on q.brand_id = o.brand_id and q.offer_id = o.id
           and q.created_at <= now() - make_interval(days => o.holding_period_days)
         where o.brand_id = ${brand.id}`);
      console.log('\nplan: the rollup’s search for lines to place');
      for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);
    });
  }
  const second = await timedRollup(brand.id);
  const third = await timedRollup(brand.id);

  const [totals] = await db.execute<{ statements: string; sum: string; approved: string }>(sql`
    select (select count(*) from statements where brand_id = ${brand.id}) as statements,
           (select sum(amount_minor) from statements where brand_id = ${brand.id}) as sum,
           (select sum(commission_minor) from conversions
             where brand_id = ${brand.id} and status = 'approved') as approved`);
  if (totals.sum !== totals.approved) {
    throw new Error(`statements sum ${totals.sum} <> approved commissions ${totals.approved}`);
  }
  const verdict = (ms: number, target: number) => (ms <= target ? 'OK' : 'OVER TARGET');
  const cpu = (r: { cpu: number | null }) =>
    r.cpu == null ? '' : ` (PostgreSQL CPU ${fmt(r.cpu)} ms)`;
  const [load] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  console.log(
    `\npayout rollup, one brand (targets: first <= ${FIRST_TARGET_MS} ms, second <= ${SECOND_TARGET_MS} ms)`,
  );
  console.log(
    `  first run:  ${fmt(first.ms)} ms${cpu(first)}  approved ${fmt(first.approved)}, placed ${fmt(first.placed)} lines in ${fmt(first.statements)} statements  [${verdict(first.ms, FIRST_TARGET_MS)}]`,
  );
  console.log(
    `  second run: ${fmt(second.ms)} ms${cpu(second)}  approved ${fmt(second.approved)}, placed ${fmt(second.placed)} lines in ${fmt(second.statements)} statements  [${verdict(second.ms, SECOND_TARGET_MS)}]`,
  );
  console.log(
    `  third run:  ${fmt(third.ms)} ms  approved ${fmt(third.approved)}, placed ${fmt(third.placed)} (idempotent: nothing to do)`,
  );
  console.log(
    `  ledger: ${fmt(Number(totals.statements))} statements, total ${fmt(Number(totals.sum))} = approved commissions`,
  );
  console.log(`  load average during the run: ${load} (${availableParallelism()} cores)`);
} finally {
  await traced?.$client.end({ timeout: 5 });
  await closeDb();
  await database.drop();
}
