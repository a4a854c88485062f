/**
 * Statement lines CSV export: 100,000 lines (1,000 members × 100 commissions, generated in
 * PostgreSQL) streamed through the export the Payouts page serves (cursor → csv-stringify →
 * backpressured writer) into a socket-like sink, against the baseline of the same query and CSV
 * built in memory at once. Prints the most JavaScript heap either keeps alive (sampled after garbage collection), side by side.
 * Run: npm run bench:export-lines [-- --lines 100000]
 *
 * Uses DATABASE_URL's server when set (a throw-away database is created on it), else an embedded
 * PostgreSQL in .data/.
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { arg, benchDatabase } from './setup';

const lineCount = Number(arg('lines', '100000'));
const perMember = 100;
const memberCount = Math.ceil(lineCount / perMember);

const database = await benchDatabase('export-lines');
const { db, closeDb } = await import('../db/client');
const { createBrandWithUser, createOffer } = await import('../seed/factories');
const { statementLinesCsv } = await import('../app/payouts/exports.server');
const { writeWithBackpressure } = await import('../app/server/remix-handler.server');

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Runs `work` and reports the most memory it kept alive: `checkpoint()` (called by the work as it
 * goes) collects garbage and samples the heap, so the figure is live data, not garbage waiting
 * for the collector. In MB above the heap at the start.
 */
async function measure(work: (checkpoint: () => void) => Promise<number>) {
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const checkpoint = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const began = performance.now();
  const bytes = await work(checkpoint);
  const ms = performance.now() - began;
  return { bytes, ms, peakMb: (peak - start) / 1024 / 1024 };
}

try {
  const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
  const { offer, payouts } = await createOffer(brand.id, { name: 'Bench offer' });
  await db.execute(sql`
    insert into members (brand_id, name, email, payout_email)
    select ${brand.id}, 'Creator ' || g, 'creator-' || g || '@example.com',
           'paypal-' || g || '@example.com'
      from generate_series(1, ${memberCount}) g`);
  await db.execute(sql`
    insert into statements (brand_id, member_id, period_start, period_end, currency, amount_minor, status)
    select ${brand.id}, m.id, '2026-11-01', '2026-11-30', 'USD', ${perMember} * 1234, 'open'
      from members m where m.brand_id = ${brand.id}`);
  await db.execute(sql`
    insert into conversions (brand_id, offer_id, member_id, payout_option_id, order_id, amount_minor,
                             currency, commission_minor, status, source, created_at, approved_at,
                             statement_id)
    select ${brand.id}, ${offer.id}, s.member_id, ${payouts[0].id}, 'ORDER-' || s.member_id || '-' || g,
           12340, 'USD', 1234, 'approved', 'postback', '2026-11-15', '2026-11-15', s.id
      from statements s cross join generate_series(1, ${perMember}) g
     where s.brand_id = ${brand.id}`);
  await db.execute(sql`analyze`);

  // A socket that takes 64 kB before pushing back and drains on the next turn of the event loop.
  // Every 512 kB received, a checkpoint (live heap sample).
  const sink = (checkpoint: () => void) => {
    let bytes = 0;
    let next = 512 * 1024;
    const out = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes >= next) {
          next += 512 * 1024;
          checkpoint();
        }
        setImmediate(callback);
      },
    });
    return { out, bytes: () => bytes };
  };

  const streamed = await measure(async (checkpoint) => {
    const { out, bytes } = sink(checkpoint);
    await writeWithBackpressure(statementLinesCsv(brand.id, {}), out);
    return bytes();
  });

  // Baseline: the same lines read at once and turned into one CSV string.
  const inMemory = await measure(async (checkpoint) => {
    const rows = await db.execute<Record<string, unknown>>(sql`
      select s.id as statement_id, m.name, m.email, s.period_start::text, s.currency, 'Commission',
             c.created_at, o.name as offer, c.order_id, c.amount_minor, c.commission_minor,
             c.status, c.reject_reason, c.status_note, c.id
        from conversions c join statements s on s.id = c.statement_id
        join members m on m.id = s.member_id left join offers o on o.id = c.offer_id
       where c.brand_id = ${brand.id} order by s.period_start desc, m.name, s.id, c.created_at, c.id`);
    checkpoint();
    const text = stringify(rows.map((r) => Object.values(r).map((v) => String(v ?? ''))));
    checkpoint();
    const { out, bytes } = sink(checkpoint);
    await new Promise<void>((resolve) => out.end(text, resolve));
    return bytes();
  });

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(`statement lines CSV, ${lineCount.toLocaleString('en-US')} lines`);
  console.log('                          live heap at most       time      file');
  console.log(
    `  streamed (the export)   ${streamed.peakMb.toFixed(1).padStart(8)} MB            ${streamed.ms.toFixed(0).padStart(5)} ms  ${mb(streamed.bytes)}`,
  );
  console.log(
    `  baseline (in memory)    ${inMemory.peakMb.toFixed(1).padStart(8)} MB            ${inMemory.ms.toFixed(0).padStart(5)} ms  ${mb(inMemory.bytes)}`,
  );
} finally {
  await closeDb();
  await database.drop();
}
