/**
 * CSV import of members: 5,000 rows (with projects) through `importMembers`, the function the
 * import page calls, against a fresh database. Target: "5,000 rows import in seconds".
 * Run: npm run bench:csv-import [-- --rows 5000]
 *
 * Uses DATABASE_URL's server when set (a throw-away database is created on it), else an embedded
 * PostgreSQL in .data/.
 */
import { performance } from 'node:perf_hooks';
import { arg, benchDatabase } from './setup';

const rowCount = Number(arg('rows', '5000'));
const database = await benchDatabase('csv-import');

const { closeDb } = await import('../db/client');
const { createBrandWithUser } = await import('../seed/factories');
const { importMembers } = await import('../app/members/csv-import.server');

try {
  const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
  const lines = ['name,email,instagram,tiktok,projects'];
  for (let n = 0; n < rowCount; n++) {
    lines.push(
      `"Creator ${n}, Jr",creator${n}@example.com,@creator_${n},tt${n},Wave ${n % 10};All`,
    );
  }
  const start = performance.now();
  const result = await importMembers(brand.id, lines.join('\r\n'));
  const ms = performance.now() - start;
  console.log(`CSV import of ${rowCount.toLocaleString('en-US')} rows: ${ms.toFixed(0)} ms`);
  console.log(`  result: ${JSON.stringify(result)}`);
  if (!result.ok || result.imported !== rowCount) process.exitCode = 1;
} finally {
  await closeDb();
  await database.drop();
}
