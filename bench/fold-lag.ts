/**
 * Does the reporting fold keep up (issue 20)? On the realistic data of bench/realistic-data.ts
 * (`--clicks`, default 1M, already folded), clicks arrive at `--rate` per second (default 2,000;
 * an INSERT of rate/10 clicks every 100 ms, spread over the brand's links with the generator's
 * shapes) for `--seconds` (default 600), while the fold runs as the `reporting__fold` job does:
 * `stats_fold()` again 2 s after the previous one ended. Prints each minute's fold times and the
 * worst lag: a click committed just after fold k-1 took its snapshot is in the rollups when fold k
 * commits, so the lag is at most max(end of fold k − start of fold k−1). At the end the rollups'
 * clicks are checked against a count of the raw clicks.
 *
 * Run: npm run bench:fold-lag [-- --seconds 600 --rate 2000 --clicks 1000000]
 * Uses DATABASE_URL's server (a throw-away database), else an embedded PostgreSQL in .data/.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { arg, benchDatabase } from './setup';

const seconds = Number(arg('seconds', '600'));
const rate = Number(arg('rate', '2000'));
const clicks = Number(arg('clicks', '1000000'));
const database = await benchDatabase('fold-lag');
const { db, closeDb } = await import('../db/client');
const { createBrandWithUser } = await import('../seed/factories');
const { generateRealistic } = await import('./realistic-data');
const { foldStats, FOLD_EVERY_MS } = await import('../app/reporting/rollups.server');

const log = (line: string) => console.log(line);
try {
  const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
  log(`Generating ${clicks.toLocaleString('en-US')} clicks…`);
  await generateRealistic(db, brand.id, { clicks });
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`select stats_fold('100 days'::interval)`);
  });
  await db.execute(sql`vacuum analyze`);
  const links = (await db.execute(
    sql`select id from links where brand_id = ${brand.id}`,
  )) as unknown as { id: string }[];
  const linkIds = links.map((l) => l.id);
  const perTick = Math.round(rate / 10);

  let stop = false;
  let inserted = 0;
  const writer = (async () => {
    const start = performance.now();
    for (let tick = 0; !stop; tick++) {
      const pick = Array.from(
        { length: perTick },
        // A skew like the generator's: the first links (the popular members') more often.
        () => linkIds[Math.floor(Math.random() ** 2 * linkIds.length)],
      );
      // With the batch's row, as the click writer writes it (docs/decisions/059-fold-by-batch.md).
      await db.execute(sql`
        with batch as (insert into stats_click_batches (created_from) values (now()) returning 1)
        insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash,
                            referrer, country, device, is_bot, is_unique, sub1)
        select gen_random_uuid(), l.brand_id, l.offer_id, l.id, l.member_id, now(), md5(random()::text),
               case when random() < 0.4 then null else 'https://www.instagram.com/p/1' end,
               (array['US','GB','DE','FR','CA','AU','ES','IT','NL','BR'])[1 + floor(random() * 10)::int],
               (case when random() < 0.05 then 'bot' when random() < 0.7 then 'mobile' else 'desktop' end)::device_class,
               false, random() < 0.75,
               case when random() < 0.2 then 'reel_' || floor(random() * 300)::int end
          from unnest(${`{${pick.join(',')}}`}::text::uuid[]) as x(link_id)
          join links l on l.id = x.link_id`);
      inserted += perTick;
      const wait = start + (tick + 1) * 100 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();

  const folds: { start: number; end: number }[] = [];
  const began = performance.now();
  let minute = 0;
  let minuteFolds: number[] = [];
  while (performance.now() - began < seconds * 1000) {
    const start = performance.now();
    await foldStats();
    const end = performance.now();
    folds.push({ start, end });
    minuteFolds.push(end - start);
    if (end - began >= (minute + 1) * 60_000) {
      minuteFolds.sort((a, b) => a - b);
      log(
        `minute ${minute + 1}: ${minuteFolds.length} folds, median ${minuteFolds[Math.floor(minuteFolds.length / 2)].toFixed(0)} ms, max ${minuteFolds.at(-1)!.toFixed(0)} ms; ${inserted.toLocaleString('en-US')} clicks inserted; load ${os.loadavg()[0].toFixed(2)}`,
      );
      minute += 1;
      minuteFolds = [];
    }
    await new Promise((r) => setTimeout(r, FOLD_EVERY_MS));
  }
  stop = true;
  await writer;
  await foldStats();
  let lag = 0;
  for (let k = 1; k < folds.length; k++) lag = Math.max(lag, folds[k].end - folds[k - 1].start);
  const times = folds.map((f) => f.end - f.start).sort((a, b) => a - b);
  const elapsed = (performance.now() - began) / 1000;
  log(
    `\n${seconds} s at ${(inserted / elapsed).toFixed(0)} clicks/s: ${folds.length} folds, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms; worst lag ${(lag / 1000).toFixed(1)} s (target ≤ 10 s); load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  const [check] = (await db.execute(sql`
    select (select count(*) filter (where not is_bot) from clicks where brand_id = ${brand.id})::int8 as raw,
           (select sum(clicks) from stats_offers where brand_id = ${brand.id} and grain = 'm')::int8 as rolled`)) as unknown as {
    raw: string;
    rolled: string;
  }[];
  log(
    `clicks: raw ${check.raw}, rollups ${check.rolled} (${check.raw === check.rolled ? 'equal' : 'DIFFERENT'})`,
  );
} finally {
  await closeDb();
  await database.drop();
}
