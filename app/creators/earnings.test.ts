import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { balancesOf, ledgerSetup } from '../../test/payouts-fixtures';
import { amountsDue } from '../payouts/payouts-overview.server';
import { reverseConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
import { clearingMessage, formatDayLong, minimumPayoutMessage } from './earnings';
import { clearingDay, clearsAt, getCreatorEarnings } from './earnings.server';

const DAY = 86_400_000;
const statusOf = async (id: string) =>
  (await db.select({ s: conversions.status }).from(conversions).where(eq(conversions.id, id)))[0].s;

describe('when pending earnings clear', () => {
  test('the clearing day is the conversion plus the holding period, and the rollup approves on it, not before', async () => {
    const s = await ledgerSetup({ offers: [{ holdingPeriodDays: 14 }, { holdingPeriodDays: 0 }] });
    await db.execute(
      sql`update brands set time_zone = 'America/New_York' where id = ${s.brand.id}`,
    );
    // 1 Dec 2026 03:00 UTC is still 30 Nov in New York: it clears on 14 Dec there.
    const createdAt = new Date('2026-12-01T03:00:00Z');
    const now = new Date('2026-12-02T12:00:00Z');
    const young = await s.convert({ offer: 0, commissionMinor: 800, createdAt });
    await s.convert({
      offer: 0,
      commissionMinor: 150,
      createdAt: new Date(createdAt.getTime() + DAY),
    });
    const instant = await s.convert({ offer: 1, commissionMinor: 400, createdAt });
    // Another member's pending commission is never counted.
    await s.convert({ member: 1, offer: 0, commissionMinor: 9_999, createdAt });

    expect(clearsAt(createdAt, 14).toISOString()).toBe('2026-12-15T03:00:00.000Z');
    expect(clearingDay(createdAt, 14, 'America/New_York', now)).toBe('2026-12-14');
    // Past its holding period but not yet approved: it clears today (with the next rollup).
    expect(clearingDay(createdAt, 0, 'America/New_York', now)).toBe('2026-12-02');

    const memberId = s.members[0].id;
    const earnings = await getCreatorEarnings(s.brand.id, memberId, { now });
    expect(earnings.timeZone).toBe('America/New_York');
    expect(earnings.pending).toEqual([
      {
        currency: 'USD',
        pendingMinor: 1_350,
        pendingCount: 3,
        schedule: [
          { day: '2026-12-02', amountMinor: 400, count: 1 },
          { day: '2026-12-14', amountMinor: 800, count: 1 },
          { day: '2026-12-15', amountMinor: 150, count: 1 },
        ],
      },
    ]);
    const perOffer = await getCreatorEarnings(s.brand.id, memberId, {
      now,
      offerId: s.offers[0].offer.id,
    });
    expect(perOffer.pending[0].schedule.map((d) => d.day)).toEqual(['2026-12-14', '2026-12-15']);
    expect(clearingMessage(800, 'USD', '2026-12-14')).toBe('$8.00 pending clears on 14 Dec 2026');

    // The rollup's rule is the same: a minute before the clearing moment it stays pending.
    await rollupBrand(s.brand.id, { now: new Date(clearsAt(createdAt, 14).getTime() - 60_000) });
    expect(await statusOf(young.id)).toBe('pending');
    expect(await statusOf(instant.id)).toBe('approved');
    await rollupBrand(s.brand.id, { now: clearsAt(createdAt, 14) });
    expect(await statusOf(young.id)).toBe('approved');
  });
});

describe('amount due and the minimum payout', () => {
  test('equals the brand’s Payouts page for the member and says whether it reaches the minimum', async () => {
    const s = await ledgerSetup({ minimumPayouts: { USD: 5_000 } });
    const [ann, bob] = s.members;
    const brandRow = async (memberId: string) =>
      (await amountsDue(s.brand.id)).members.find((m) => m.memberId === memberId);
    const creatorDue = async (memberId: string) =>
      (await getCreatorEarnings(s.brand.id, memberId)).due;

    expect(await creatorDue(ann.id)).toEqual([]);
    await s.convert({ member: 0, commissionMinor: 3_800 });
    await s.convert({ member: 1, commissionMinor: 7_000 });
    await rollupBrand(s.brand.id);

    let [due] = await creatorDue(ann.id);
    expect(due).toMatchObject({ currency: 'USD', dueMinor: 3_800, reachesMinimum: false });
    const annOnBrandPage = await brandRow(ann.id);
    expect(due.payableMinor).toBe(annOnBrandPage!.payableMinor);
    expect(due.carriedMinor).toBe(annOnBrandPage!.carriedMinor);
    expect(minimumPayoutMessage(due)).toBe('$12.00 more to reach the $50.00 minimum payout');

    await s.convert({ member: 0, commissionMinor: 1_500 });
    await rollupBrand(s.brand.id);
    [due] = await creatorDue(ann.id);
    expect(due).toMatchObject({ dueMinor: 5_300, payableMinor: 5_300, reachesMinimum: true });
    expect(due.payableMinor).toBe((await brandRow(ann.id))!.payableMinor);
    expect(minimumPayoutMessage(due)).toBe(
      'Above the $50.00 minimum payout — will be paid with the next payout',
    );
    const [bobDue] = await creatorDue(bob.id);
    expect(bobDue.dueMinor).toBe(7_000);
    expect(bobDue.payableMinor).toBe((await brandRow(bob.id))!.payableMinor);

    // Paid: nothing due any more; a reversal of the paid sale is a balance to make up.
    const [statement] = await db.execute<{ id: string }>(
      sql`select id from statements where member_id = ${ann.id}`,
    );
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: '2026-12-01', method: 'paypal' },
      { kind: 'user', userId: s.user.id },
    );
    expect(await creatorDue(ann.id)).toEqual([]);
    expect(await brandRow(ann.id)).toBeUndefined();
    const [paidSale] = await db.execute<{ id: string }>(
      sql`select id from conversions where member_id = ${ann.id} and commission_minor = 1500`,
    );
    await reverseConversions(db, s.brand.id, [paidSale.id], {}, { kind: 'postback' });
    [due] = await creatorDue(ann.id);
    expect(due).toMatchObject({ dueMinor: -1_500, reachesMinimum: false, shortMinor: 6_500 });
    expect(due.carriedMinor).toBe((await brandRow(ann.id))!.carriedMinor);
    expect(minimumPayoutMessage(due)).toBe(
      'A reversal of a paid sale left -$15.00 to make up from new earnings; $65.00 more reaches the $50.00 minimum payout',
    );
  });

  test('each currency’s balance is held to the brand’s minimum in that currency', async () => {
    // $50.00 and ¥5,000: a yen balance of ¥3,000 is short of ¥5,000 (not of "50.00"), a dollar
    // balance of $60.00 reaches $50.00, and EUR has no minimum.
    const s = await ledgerSetup({
      offers: [{ currency: 'USD' }, { currency: 'JPY' }, { currency: 'EUR' }],
      minimumPayouts: { USD: 5_000, JPY: 5_000 },
    });
    await s.convert({ offer: 0, commissionMinor: 6_000 });
    await s.convert({ offer: 1, commissionMinor: 3_000 });
    await s.convert({ offer: 2, commissionMinor: 100 });
    await rollupBrand(s.brand.id);
    const due = (await getCreatorEarnings(s.brand.id, s.members[0].id)).due;
    expect(
      due.map((d) => [d.currency, d.dueMinor, d.minimumMinor, d.reachesMinimum, d.shortMinor]),
    ).toEqual([
      ['EUR', 100, 0, true, 0],
      ['JPY', 3_000, 5_000, false, 2_000],
      ['USD', 6_000, 5_000, true, 0],
    ]);
    expect(due.map(minimumPayoutMessage)).toEqual([
      'Will be paid with the next payout (this brand has no minimum payout)',
      '¥2,000 more to reach the ¥5,000 minimum payout',
      'Above the $50.00 minimum payout — will be paid with the next payout',
    ]);
  });

  test('another brand’s or member’s ids see nothing', async () => {
    const s = await ledgerSetup();
    const other = await ledgerSetup();
    await s.convert({ member: 0, commissionMinor: 1_000 });
    await rollupBrand(s.brand.id);
    expect((await getCreatorEarnings(s.brand.id, s.members[0].id)).due).toHaveLength(1);
    for (const [brandId, memberId] of [
      [other.brand.id, s.members[0].id],
      [s.brand.id, other.members[0].id],
      [s.brand.id, randomUUID()],
      [s.brand.id, 'not-a-uuid'],
      [randomUUID(), s.members[0].id],
    ]) {
      const e = await getCreatorEarnings(brandId, memberId);
      expect(e.due).toEqual([]);
      expect(e.pending).toEqual([]);
    }
    expect(
      (await getCreatorEarnings(s.brand.id, s.members[0].id, { offerId: 'x' })).pending,
    ).toEqual([]);
  });
});

test('days read as people write them', () => {
  expect(formatDayLong('2026-12-14')).toBe('14 Dec 2026');
});
