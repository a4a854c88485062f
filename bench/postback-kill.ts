/**
 * Durability under a crash: runs Offerlink as a child process, fires postbacks at it, SIGKILLs it
 * mid-load, then opens a fresh database connection and checks that every acknowledged conversion
 * is stored. Prints acknowledged vs stored. Run: npm run bench:postback-kill [-- --acks 2000]
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { arg, benchDatabase } from './setup';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const killAfterAcks = Number(arg('acks', '2000'));
const concurrency = Number(arg('connections', '32'));

const database = await benchDatabase('postback-kill');

const { db, closeDb } = await import('../db/client');
const { clicks } = await import('../db/schema');
const factories = await import('../seed/factories');
const { loadAndKill, startChildServer } = await import('../test/kill-load');

try {
  const { brand } = await factories.createBrandWithUser();
  const member = await factories.createMember(brand.id);
  const { offer, payouts } = await factories.createOffer(brand.id);
  const link = await factories.createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  const clickIds = Array.from({ length: 500 }, () => randomUUID());
  await db.insert(clicks).values(
    clickIds.map((id) => ({
      id,
      brandId: brand.id,
      offerId: offer.id,
      linkId: link.id,
      memberId: member.id,
      createdAt: new Date(),
      ipHash: 'bench',
    })),
  );
  await closeDb();

  const { child, url } = await startChildServer(database.url);
  const started = Date.now();
  const run = await loadAndKill({
    child,
    url,
    token: brand.postbackToken,
    clickIds,
    concurrency,
    killAfterAcks,
  });
  const seconds = (Date.now() - started) / 1000;

  // A fresh connection, as a restarted server would open.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  let stored = 0;
  for (let i = 0; i < run.acknowledged.length; i += 5000) {
    const chunk = run.acknowledged.slice(i, i + 5000);
    const [row] = await sql<
      { n: string }[]
    >`select count(*)::text as n from conversions where id = any(${chunk}::uuid[])`;
    stored += Number(row.n);
  }
  const [total] = await sql<
    { n: string }[]
  >`select count(*)::text as n from conversions where status = 'pending'`;
  await sql.end();

  console.log('\nPostback durability: SIGKILL of the server mid-load');
  console.log(
    `  server ${path.relative(root, 'bench/postback-server.ts')} killed after ${seconds.toFixed(1)} s, ${concurrency} concurrent senders`,
  );
  console.log(
    `  requests sent ${run.sent}, acknowledged ${run.acknowledged.length}, not acknowledged ${run.failed}`,
  );
  console.log(
    `  acknowledged and stored: ${stored} / ${run.acknowledged.length} ${stored === run.acknowledged.length ? 'OK' : 'LOST CONVERSIONS'}`,
  );
  console.log(
    `  rows in the database: ${total.n} (more than acknowledged = committed but the answer was cut by the kill; the merchant's retry is a duplicate_order)`,
  );
  if (stored !== run.acknowledged.length) process.exitCode = 1;
} finally {
  await closeDb();
  await database.drop();
}
