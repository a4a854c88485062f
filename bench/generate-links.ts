/**
 * Link generation: 10,000 members added to an offer through `generateLinks`, the function the
 * Add Members page calls (one transaction, chunked multi-row inserts), against a fresh database.
 * Then the same request again, to show it is idempotent (0 new links). Target: <= 3 s for 10,000.
 * Run: npm run bench:generate-links [-- --members 10000]
 *
 * Uses DATABASE_URL's server when set (a throw-away database is created on it), else an embedded
 * PostgreSQL in .data/.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { arg, benchDatabase } from './setup';

const memberCount = Number(arg('members', '10000'));
const TARGET_MS = 3000;

const database = await benchDatabase('generate-links');

const { db, closeDb } = await import('../db/client');
const { createBrandWithUser, createOffer } = await import('../seed/factories');
const { generateLinks } = await import('../app/links/generate-links.server');

try {
  const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Bench offer',
    payouts: [
      { title: 'Standard', type: 'cps_percent', percent: '10' },
      { title: 'VIP', type: 'cpa_flat', amountMinor: 1500 },
    ],
  });
  const rows = await db.execute<{ id: string }>(sql`
    insert into members (brand_id, name, email, instagram)
    select ${brand.id}, 'Creator ' || g, 'creator-' || g || '@example.com', 'creator_' || g
    from generate_series(1, ${memberCount}) g
    returning id`);
  // As the page sends them: every tenth member with the second payout option.
  const selections = rows.map((row, i) => ({
    memberId: row.id,
    payoutOptionId: i % 10 === 0 ? payouts[1].id : null,
  }));

  const time = async () => {
    const start = performance.now();
    const result = await generateLinks(brand.id, offer.id, selections);
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(`generateLinks refused: ${JSON.stringify(result.fieldErrors)}`);
    return { ms, result };
  };
  const first = await time();
  const second = await time();
  const [{ n }] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from links where offer_id = ${offer.id}`,
  );
  const verdict = (ms: number) => (ms <= TARGET_MS ? 'OK' : 'OVER TARGET');
  console.log(
    `generate links for ${memberCount.toLocaleString('en-US')} members (target <= ${TARGET_MS} ms)`,
  );
  console.log(
    `  first run:  ${first.ms.toFixed(0)} ms, ${first.result.created} new links  [${verdict(first.ms)}]`,
  );
  console.log(
    `  second run: ${second.ms.toFixed(0)} ms, ${second.result.created} new links, ${second.result.alreadyOnOffer} already on the offer (idempotent)`,
  );
  console.log(`  links in the database: ${n}`);
  if (n !== memberCount || first.result.created !== memberCount || second.result.created !== 0) {
    process.exitCode = 1;
    console.error('  unexpected counts');
  }
} finally {
  await closeDb();
  await database.drop();
}
