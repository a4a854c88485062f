import { sql } from 'drizzle-orm';
import { Logger, runOnce } from 'graphile-worker';
import { expect, test } from 'vitest';
import { db, directDatabaseUrl } from '../../db/client';
import { createBrandWithUser, createOffer } from '../../seed/factories';
import { offers } from '../../db/schema';
import { taskList } from '../../workers';
import { enqueue } from './enqueue.server';
import { eq } from 'drizzle-orm';

// The malformed-payload test fails a job on purpose: keep its error out of the test output.
const logger = new Logger(() => () => {});

const jobCount = async () =>
  Number(
    (await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs`))[0]
      .n,
  );

test('a job enqueued in a rolled-back transaction never exists; a committed one runs', async () => {
  const { brand } = await createBrandWithUser();
  const { offer } = await createOffer(brand.id, { endsAt: new Date(Date.now() - 60_000) });

  await db
    .transaction(async (tx) => {
      await enqueue(tx, 'offers__expire', { offerId: offer.id }, { jobKey: `t:${offer.id}` });
      expect(await jobCount()).toBe(0); // not visible outside the transaction
      throw new Error('roll back');
    })
    .catch(() => {});
  expect(await jobCount()).toBe(0);
  await runOnce({ connectionString: directDatabaseUrl(), taskList, logger });
  const [rolledBack] = await db.select().from(offers).where(eq(offers.id, offer.id));
  expect(rolledBack.expiredAt).toBeNull();

  await db.transaction(async (tx) => {
    await enqueue(tx, 'offers__expire', { offerId: offer.id }, { jobKey: `t:${offer.id}` });
    await enqueue(tx, 'offers__expire', { offerId: offer.id }, { jobKey: `t:${offer.id}` });
  });
  expect(await jobCount()).toBe(1); // the job key deduplicates
  await runOnce({ connectionString: directDatabaseUrl(), taskList, logger });
  const [committed] = await db.select().from(offers).where(eq(offers.id, offer.id));
  expect(committed.expiredAt).not.toBeNull();
  // runOnce can return before its "job completed" query lands (graphile-worker 0.17): wait for it.
  await expect.poll(jobCount, { timeout: 5_000 }).toBe(0);
});

test('a job with a malformed payload fails with a clear error and changes nothing', async () => {
  const { brand } = await createBrandWithUser();
  const { offer } = await createOffer(brand.id, { endsAt: new Date(Date.now() - 60_000) });
  await db.execute(
    sql`select graphile_worker.add_job('offers__expire', '{"offerId": "not-a-uuid"}'::json, max_attempts => 1)`,
  );
  await runOnce({ connectionString: directDatabaseUrl(), taskList, logger });
  const [failed] = await db.execute<{ last_error: string }>(
    sql`select last_error from graphile_worker.jobs`,
  );
  expect(failed.last_error).toContain('invalid payload');
  const [row] = await db.select().from(offers).where(eq(offers.id, offer.id));
  expect(row.expiredAt).toBeNull();
});
