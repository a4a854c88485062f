import { inArray } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { loadAndKill, startChildServer } from '../../test/kill-load';
import { conversionSetup } from '../../test/conversion-setup';

test('an acknowledged conversion survives SIGKILL of the server mid-load', async () => {
  const s = await conversionSetup();
  const clickIds = await Promise.all(Array.from({ length: 20 }, async () => (await s.click()).id));
  const { child, url } = await startChildServer(process.env.DATABASE_URL!);
  const run = await loadAndKill({
    child,
    url,
    token: s.brand.postbackToken,
    clickIds,
    concurrency: 16,
    killAfterAcks: 150,
  });
  expect(child.signalCode).toBe('SIGKILL');
  expect(run.acknowledged.length).toBeGreaterThanOrEqual(150);
  const stored = await db
    .select({ id: conversions.id })
    .from(conversions)
    .where(inArray(conversions.id, run.acknowledged));
  expect(stored.length).toBe(run.acknowledged.length);
}, 120_000);
