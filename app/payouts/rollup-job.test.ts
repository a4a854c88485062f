import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { checkLedger, ledgerSetup } from '../../test/payouts-fixtures';
import { statusHistory } from '../conversions/conversion-list.server';
import { getRollupRun, latestRollupRuns, requestRollup, rollupBrand } from './rollup.server';
import { runJobs } from '../../test/jobs';

test('"Run now" queues one rollup job per brand; its run goes queued → done with counts', async () => {
  const s = await ledgerSetup({ members: 2 });
  const other = await ledgerSetup();
  await s.convert({ member: 0, commissionMinor: 700 });
  await s.convert({ member: 1, commissionMinor: 300 });
  await other.convert({ commissionMinor: 999 });
  const run = await db.transaction((tx) => requestRollup(tx, s.brand.id, s.user.id));
  expect(run).toMatchObject({ status: 'queued', trigger: 'manual', approvedCount: 0 });
  // Asking again while it is queued returns the same run.
  const again = await db.transaction((tx) => requestRollup(tx, s.brand.id, s.user.id));
  expect(again.id).toBe(run.id);
  expect(await getRollupRun(other.brand.id, run.id)).toBeNull();
  await runJobs();
  const done = await getRollupRun(s.brand.id, run.id);
  expect(done).toMatchObject({
    status: 'done',
    approvedCount: 2,
    linesPlacedCount: 2,
    statementsTouchedCount: 2,
    error: null,
  });
  expect(done?.finishedAt).toBeInstanceOf(Date);
  // Only the brand asked for was rolled up.
  const [{ n }] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from statements where brand_id = ${other.brand.id}`,
  );
  expect(n).toBe(0);
  await checkLedger(s.brand.id);
});

test('the hourly run rolls up every brand with work and records a run for each', async () => {
  const a = await ledgerSetup();
  const b = await ledgerSetup();
  await a.convert({ commissionMinor: 100 });
  await b.convert({ commissionMinor: 200 });
  await db.execute(sql`select graphile_worker.add_job('payouts__rollup', '{}'::json)`);
  await runJobs();
  for (const s of [a, b]) {
    const [latest] = await latestRollupRuns(s.brand.id);
    expect(latest).toMatchObject({ status: 'done', trigger: 'schedule', approvedCount: 1 });
    const [f] = await checkLedger(s.brand.id);
    expect(f.due).toBe(s === a ? 100 : 200);
  }
});

test('the rollup’s approvals are one batch event: one line in the audit log, a line of each conversion’s history', async () => {
  const s = await ledgerSetup({ members: 2, offers: [{ currency: 'USD', holdingPeriodDays: 0 }] });
  const a = await s.convert({ member: 0, offer: 0, commissionMinor: 300 });
  const b = await s.convert({ member: 1, offer: 0, commissionMinor: 500 });
  expect(await rollupBrand(s.brand.id)).toMatchObject({ approved: 2 });
  const log = await statusHistory(s.brand.id);
  expect(log.rows).toHaveLength(1);
  expect(log.rows[0]).toMatchObject({
    conversionId: null,
    batchSize: 2,
    fromStatus: 'pending',
    toStatus: 'approved',
    actorKind: 'system',
  });
  for (const c of [a, b]) {
    const own = await statusHistory(s.brand.id, { conversionId: c.id });
    expect(own.rows).toEqual([
      expect.objectContaining({
        id: log.rows[0].id,
        conversionId: c.id,
        orderId: c.orderId,
        fromStatus: 'pending',
        toStatus: 'approved',
        actorKind: 'system',
      }),
    ]);
  }
  // Another brand sees neither the event nor the conversion's history.
  const other = await ledgerSetup({
    members: 1,
    offers: [{ currency: 'USD', holdingPeriodDays: 0 }],
  });
  expect((await statusHistory(other.brand.id)).rows).toEqual([]);
  expect((await statusHistory(other.brand.id, { conversionId: a.id })).rows).toEqual([]);
  // The queue is empty once they are placed; a second run finds nothing.
  const [{ n }] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from payout_queue where brand_id = ${s.brand.id}`,
  );
  expect(n).toBe(0);
  expect(await rollupBrand(s.brand.id)).toMatchObject({ approved: 0, placed: 0 });
});

test('a conversion stored already approved is placed by the next rollup, whatever the holding period', async () => {
  const s = await ledgerSetup({ members: 1, offers: [{ currency: 'USD', holdingPeriodDays: 30 }] });
  const held = await s.convert({ member: 0, offer: 0, commissionMinor: 400 });
  const link = s.offers[0].links[0];
  // As an import of already approved sales would store them: approved, in no statement.
  const [approved] = await db.execute<{ id: string }>(sql`
    insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                             amount_minor, currency, commission_minor, status, approved_at, source)
    values (${s.brand.id}, ${link.offerId}, ${link.id}, ${link.memberId},
            ${s.offers[0].payouts[0].id}, 'ORD-approved', 7000, 'USD', 700, 'approved', now(),
            'postback')
    returning id`);
  expect(await rollupBrand(s.brand.id)).toMatchObject({ approved: 0, placed: 1 });
  const rows = await db.execute<{ id: string; status: string; placed: boolean }>(sql`
    select id, status::text, statement_id is not null as placed from conversions
     where id in (${held.id}, ${approved.id}) order by amount_minor`);
  expect(rows).toEqual([
    { id: held.id, status: 'pending', placed: false },
    { id: approved.id, status: 'approved', placed: true },
  ]);
  const [f] = await checkLedger(s.brand.id);
  expect(f.due).toBe(700);
  expect(await rollupBrand(s.brand.id)).toMatchObject({ approved: 0, placed: 0 });
});
