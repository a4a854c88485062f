/**
 * The creator's pending commissions come from a rollup (decision 066): after any interleaving of
 * new conversions (pending and refused), approvals by hand and by the payout rollup, rejections,
 * reversals, refunds that lower a commission, deletions, a changed holding period, a changed time
 * zone, and folds or no folds, they equal the same figures computed from the conversions
 * themselves, per currency and clearing day, for the member and per offer.
 */
import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { ledgerSetup } from '../../test/payouts-fixtures';
import type { Actor } from '../payouts/ledger.server';
import {
  approveConversions,
  rejectConversions,
  reverseConversions,
} from '../payouts/lifecycle.server';
import { rollupBrand } from '../payouts/rollup.server';
import { foldStats, rebuildDailyStats } from '../reporting/rollups.server';
import { setReportingTimeZone } from '../reporting/time-zone.server';
import { CLEARING_DAYS_SHOWN, getCreatorEarnings, type PendingClearing } from './earnings.server';

const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so a failure can be replayed by its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The figures from the conversions themselves: what getCreatorEarnings read before the rollup. */
async function fromConversions(
  brandId: string,
  memberId: string,
  now: Date,
  offerId?: string,
): Promise<PendingClearing[]> {
  const rows = await db.execute<{ currency: string; day: string; amount: string; n: number }>(sql`
    select c.currency,
           (greatest(c.created_at + make_interval(hours => 24 * o.holding_period_days),
                     ${now.toISOString()}::timestamptz) at time zone b.time_zone)::date::text as day,
           sum(c.commission_minor)::text as amount, count(*)::int as n
      from conversions c
      join offers o on o.id = c.offer_id
      join brands b on b.id = c.brand_id
     where c.brand_id = ${brandId} and c.member_id = ${memberId} and c.status = 'pending'
       ${offerId ? sql`and c.offer_id = ${offerId}` : sql``}
     group by 1, 2
     order by 1, 2`);
  const byCurrency = new Map<string, PendingClearing>();
  for (const r of rows) {
    const p = byCurrency.get(r.currency) ?? {
      currency: r.currency,
      pendingMinor: 0,
      pendingCount: 0,
      schedule: [],
    };
    byCurrency.set(r.currency, p);
    p.pendingMinor += Number(r.amount);
    p.pendingCount += r.n;
    if (p.schedule.length < CLEARING_DAYS_SHOWN) {
      p.schedule.push({ day: r.day, amountMinor: Number(r.amount), count: r.n });
    }
  }
  return [...byCurrency.values()];
}

test.each([1, 2, 3])(
  'pending and clearing days from the rollup equal the conversions after random operations (seed %i)',
  async (seed) => {
    const rand = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
    const s = await ledgerSetup({
      members: 3,
      offers: [
        { holdingPeriodDays: 14 },
        { holdingPeriodDays: 0 },
        { holdingPeriodDays: 30, currency: 'EUR' },
      ],
    });
    const actor: Actor = { kind: 'user', userId: s.user.id };
    const brandId = s.brand.id;
    const now = new Date('2026-12-05T15:00:00Z');
    const ids = async (status: string) =>
      (
        await db.execute<{ id: string }>(sql`
          select id from conversions where brand_id = ${brandId} and status = ${status}
           order by random() limit ${1 + Math.floor(rand() * 3)}`)
      ).map((r) => r.id);

    const operations: (() => Promise<unknown>)[] = [
      ...Array.from(
        { length: 4 },
        () => async () =>
          s.convert({
            member: Math.floor(rand() * 3),
            offer: Math.floor(rand() * 3),
            commissionMinor: Math.floor(rand() * 5_000),
            // Some near midnight in the brand's zones, some long past their holding period.
            createdAt: new Date(now.getTime() - Math.floor(rand() * 45 * 96) * (DAY / 96)),
          }),
      ),
      async () => s.convert({ commissionMinor: 700, status: 'refused' }),
      async () => {
        const some = await ids('pending');
        if (some.length) await approveConversions(db, brandId, some, actor, { now });
      },
      async () => {
        const some = await ids('pending');
        if (some.length) {
          await rejectConversions(db, brandId, some, { reason: 'fraud' }, actor, { now });
        }
      },
      async () => {
        const some = await ids('approved');
        if (some.length) await reverseConversions(db, brandId, some, {}, actor, { now });
      },
      async () =>
        rollupBrand(brandId, { now: new Date(now.getTime() - Math.floor(rand() * 20) * DAY) }),
      async () => {
        const [id] = await ids('pending');
        if (id) {
          await db.execute(sql`
            update conversions set commission_minor = commission_minor / 2 where id = ${id}`);
        }
      },
      async () => {
        const [id] = await ids(pick(['pending', 'refused']));
        if (id) await db.execute(sql`delete from conversions where id = ${id}`);
      },
      async () =>
        db.execute(sql`
          update offers set holding_period_days = ${pick([0, 7, 14, 30, 60])}
           where id = ${pick(s.offers).offer.id}`),
      async () => {
        await setReportingTimeZone(brandId, pick(['UTC', 'America/New_York', 'Asia/Kolkata']));
        await rebuildDailyStats(brandId);
      },
      async () => foldStats(),
      async () => foldStats(),
    ];

    for (let step = 0; step < 60; step++) {
      await pick(operations)();
      for (const member of s.members) {
        const earnings = await getCreatorEarnings(brandId, member.id, { now });
        expect(earnings.pending, `step ${step}`).toEqual(
          await fromConversions(brandId, member.id, now),
        );
      }
      const offerId = pick(s.offers).offer.id;
      const perOffer = await getCreatorEarnings(brandId, s.members[0].id, { now, offerId });
      expect(perOffer.pending, `step ${step}, one offer`).toEqual(
        await fromConversions(brandId, s.members[0].id, now, offerId),
      );
    }
    // Folded, the waiting deltas are gone and no emptied day is kept.
    await foldStats();
    const [left] = await db.execute<{ deltas: number; empty: number }>(sql`
      select (select count(*)::int from stats_pending_delta where brand_id = ${brandId}) as deltas,
             (select count(*)::int from stats_pending
               where brand_id = ${brandId} and pending_count = 0) as empty`);
    expect(left).toEqual({ deltas: 0, empty: 0 });
  },
);
