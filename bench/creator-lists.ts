/**
 * The creator's Conversions and Payments pages at scale: one creator with `--conversions`
 * (default 200,000) conversions over 24 months beside 50 other creators of the same brand with as
 * many together (generated in PostgreSQL, set-based): 70 % approved in monthly statements (the
 * older 22 months paid), 15 % pending, 10 % rejected, 5 % reversed. Measures (p50 / p95 of
 * `--runs` runs): the first page, a page 150,000 rows deep by keyset, the same depth by OFFSET
 * (the baseline keyset paging replaces), the status filters, the statements list, a statement's
 * first and a deep page of lines, and the whole lines CSV streamed. Prints the deep page's plan.
 *
 * Run: npm run bench:creator-lists [-- --conversions 200000 --runs 20]
 * Uses DATABASE_URL's server (a throw-away database), else an embedded PostgreSQL in .data/.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { arg, benchDatabase } from './setup';

const total = Number(arg('conversions', '200000'));
const runs = Number(arg('runs', '20'));
const database = await benchDatabase('creator-lists');
const { db, closeDb } = await import('../db/client');
const { createBrandWithUser, createLink, createMember, createOffer } =
  await import('../seed/factories');
const { listCreatorConversions } = await import('../app/creators/creator-conversions.server');
const { listCreatorStatements, getCreatorStatement, creatorStatementLinesCsv } =
  await import('../app/creators/creator-payments.server');

const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
const { offer, payouts } = await createOffer(brand.id, { name: 'Bench offer' });
const members = [];
for (let i = 0; i < 51; i++) {
  const member = await createMember(brand.id, { name: `Creator ${i}` });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  members.push({ member, link });
}
const creator = members[0].member;
const started = performance.now();
// Statements: one per member and month (24 months back from this one), open for now.
await db.execute(sql`
  insert into statements (brand_id, member_id, period_start, period_end, currency, status)
  select ${brand.id}::uuid, m.id, (date_trunc('month', now()) - make_interval(months => k))::date,
         (date_trunc('month', now()) - make_interval(months => k - 1) - interval '1 day')::date,
         'USD', 'open'
    from members m, generate_series(0, 23) k
   where m.brand_id = ${brand.id}`);
// Conversions: `total` for the creator, `total` spread over the others.
for (const [memberFilter, count] of [
  [sql`m.id = ${creator.id}`, total],
  [sql`m.id <> ${creator.id} and m.brand_id = ${brand.id}`, total / 50],
] as const) {
  await db.execute(sql`
    with gen as (
      select m.id as member_id, l.id as link_id, g,
             now() - make_interval(secs => (g::float8 / ${count}) * 86400 * 720) as at,
             (g * 7919) % 100 as bucket
        from members m join links l on l.member_id = m.id, generate_series(1, ${count}) g
       where ${memberFilter}
    )
    insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                             amount_minor, currency, commission_minor, status, reject_reason,
                             status_note, source, created_at, approved_at, statement_id)
    select ${brand.id}::uuid, ${offer.id}::uuid, gen.link_id, gen.member_id,
           ${payouts[0].id}::uuid, 'ORD-' || gen.member_id || '-' || g, 10000, 'USD', 1000,
           (case when bucket < 70 then 'approved' when bucket < 85 then 'pending'
                 when bucket < 95 then 'rejected' else 'reversed' end)::conversion_status,
           case when bucket between 85 and 94 then 'returned_order'::reject_reason end,
           case when bucket >= 85 then 'Returned' end, 'postback', gen.at,
           case when bucket < 70 or bucket >= 95 then gen.at end,
           case when bucket < 70 or bucket >= 95 then
             (select s.id from statements s where s.member_id = gen.member_id
                 and s.period_start = date_trunc('month', gen.at)::date) end
      from gen`);
}
await db.execute(sql`
  update statements s set amount_minor = coalesce(
           (select sum(commission_minor) from conversions c where c.statement_id = s.id), 0)
   where s.brand_id = ${brand.id}`);
await db.execute(sql`
  update statements set status = 'paid', paid_on = period_end + 5, payment_method = 'paypal',
         paid_at = now(), payment_reference = 'BENCH'
   where brand_id = ${brand.id} and period_start < date_trunc('month', now()) - interval '1 month'`);
await db.execute(sql`analyze`);
console.log(
  `generated ${total.toLocaleString('en')} + ${total.toLocaleString('en')} conversions in ${Math.round(performance.now() - started)} ms`,
);

async function measure(name: string, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    `${name.padEnd(44)} p50 ${p(0.5).toFixed(1).padStart(7)} ms   p95 ${p(0.95).toFixed(1).padStart(7)} ms`,
  );
}

const [deep] = await db.execute<{ after: string }>(sql`
  select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id as after
    from conversions where member_id = ${creator.id} and status <> 'refused'
   order by created_at desc, id desc offset 150000 limit 1`);
const [paidStatement] = await db.execute<{ id: string }>(sql`
  select id from statements where member_id = ${creator.id} and status = 'paid'
   order by period_start desc limit 1`);

await measure('conversions: first page', () => listCreatorConversions(brand.id, creator.id, {}));
await measure('conversions: 150,000 deep (keyset)', () =>
  listCreatorConversions(brand.id, creator.id, {}, deep.after),
);
await measure('baseline: 150,000 deep (OFFSET)', () =>
  db.execute(sql`
    select c.id from conversions c left join statements s on s.id = c.statement_id
     where c.brand_id = ${brand.id} and c.member_id = ${creator.id} and c.status <> 'refused'
     order by c.created_at desc, c.id desc offset 150000 limit 26`),
);
for (const status of ['pending', 'paid', 'approved', 'rejected'] as const) {
  await measure(`conversions: status ${status}, first page`, () =>
    listCreatorConversions(brand.id, creator.id, { status }),
  );
}
await measure('statements: first page', () => listCreatorStatements(brand.id, creator.id));
await measure('a statement: first 100 lines', () =>
  getCreatorStatement(brand.id, creator.id, paidStatement.id),
);
const csvRuns = Math.max(3, Math.floor(runs / 5));
const csvTimes: number[] = [];
let bytes = 0;
for (let i = 0; i < csvRuns; i++) {
  const t = performance.now();
  const reader = creatorStatementLinesCsv(brand.id, creator.id).getReader();
  bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  csvTimes.push(performance.now() - t);
}
csvTimes.sort((a, b) => a - b);
console.log(
  `lines CSV (every line, ${(bytes / 1e6).toFixed(1)} MB)`.padEnd(44) +
    ` p50 ${csvTimes[Math.floor(csvTimes.length / 2)].toFixed(0).padStart(7)} ms   (${csvRuns} runs)`,
);

const [at, id] = deep.after.split('_');
const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`
  explain (analyze, buffers, costs off)
  select c.id from conversions c
    join brands b on b.id = c.brand_id
    left join offers o on o.id = c.offer_id
    left join statements s on s.id = c.statement_id and s.member_id = c.member_id
   where c.brand_id = ${brand.id} and c.member_id = ${creator.id} and c.status <> 'refused'
     and c.created_at <= ${at}::timestamptz
     and (c.created_at < ${at}::timestamptz or c.id < ${id}::uuid)
   order by c.created_at desc, c.id desc limit 26`);
console.log('\nplan of the 150,000-deep keyset page:');
for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);

await closeDb();
await database.drop();
