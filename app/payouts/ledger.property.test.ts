import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { checkLedger, ledgerSetup, unpaidOf } from '../../test/payouts-fixtures';
import { approveConversions, rejectConversions, reverseConversions } from './lifecycle.server';
import { markStatementsPaid, setMinimumPayouts, type ShownStatement } from './payments.server';
import { PayoutError } from './payout-error';
import { REJECT_REASONS } from './schemas';
import { rollupBrand } from './rollup.server';
import { paypalPayees } from './exports.server';
import { amountsDue } from './payouts-overview.server';
import { getCreatorEarnings } from '../creators/earnings.server';

/**
 * Random sequences of conversions, early approvals, rejections, reversals (before and after
 * payment), rollups (also two at once, and one 40 days on so held commissions mature), payments
 * (also with totals gone stale: something changed between showing and paying) and minimum-payout
 * changes per currency. After every step: for every member and currency, paid + due + carried
 * forward = the approved commissions (reversals of paid ones counted by their clawbacks), to the
 * minor unit; money sent (the payouts) = the paid statements, each payout the net of every
 * statement it settled (checkLedger); every statement's total is the sum of its lines; no
 * commission is in two statements; each conversion's status is what the legal transitions say it
 * must be; a payment pays exactly the member's net balance and leaves nothing unpaid in that
 * currency; a payment whose totals changed since they were shown is refused; and a refused
 * operation changed nothing.
 */

const MEMBERS = 3;
// Offer 0: USD, no holding period; 1: EUR, none; 2: USD, 30 days.
const OFFERS = [
  { currency: 'USD', holdingPeriodDays: 0 },
  { currency: 'EUR', holdingPeriodDays: 0 },
  { currency: 'USD', holdingPeriodDays: 30 },
];

type Op =
  | { kind: 'convert'; member: number; offer: number; commission: number }
  | { kind: 'approve' | 'reverse'; pick: number[] }
  | { kind: 'reject'; pick: number[]; reason: number }
  | { kind: 'rollup' | 'rollupTwice' | 'rollupLater' }
  | { kind: 'pay'; member: number; all: boolean }
  | {
      kind: 'payStale';
      member: number;
      meanwhile: 'convert' | 'reverse' | 'nothing';
      commission: number;
    }
  | { kind: 'minimum'; currency: 'USD' | 'EUR'; minor: number };

const picks = fc.array(fc.nat(1000), { minLength: 1, maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('convert' as const),
      member: fc.nat(MEMBERS - 1),
      offer: fc.nat(OFFERS.length - 1),
      commission: fc.integer({ min: 0, max: 5000 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: picks }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: picks }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      pick: picks,
      reason: fc.nat(REJECT_REASONS.length - 2), // not `other`: it needs a note
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'rollup' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'rollupTwice' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'rollupLater' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      member: fc.nat(MEMBERS - 1),
      all: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('payStale' as const),
      member: fc.nat(MEMBERS - 1),
      meanwhile: fc.constantFrom('convert' as const, 'reverse' as const, 'nothing' as const),
      commission: fc.integer({ min: 1, max: 3000 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('minimum' as const),
      currency: fc.constantFrom('USD' as const, 'EUR' as const),
      minor: fc.integer({ min: 0, max: 6000 }),
    }),
    weight: 1,
  },
);

const sumOf = (list: readonly ShownStatement[]) => list.reduce((sum, s) => sum + s.amountMinor, 0);

/** The member's balances: per currency, their unpaid statements and whether they are due. */
async function balancesOfMember(brandId: string, memberId: string) {
  const rows = await db.execute<{ currency: string; open: boolean }>(sql`
    select currency, bool_and(status = 'open') as open from statements
     where brand_id = ${brandId} and member_id = ${memberId} and status <> 'paid'
     group by currency order by currency`);
  return Promise.all(
    rows.map(async (r) => ({
      currency: r.currency,
      open: r.open,
      shown: await unpaidOf(brandId, memberId, r.currency),
    })),
  );
}

/** The payouts recorded for a member in a currency, oldest first. */
async function payoutsOf(brandId: string, memberId: string, currency: string) {
  return db.execute<{ id: string; amount_minor: string; statement_count: number }>(sql`
    select id, amount_minor::text, statement_count from payouts
     where brand_id = ${brandId} and member_id = ${memberId} and currency = ${currency}
     order by paid_at, id`);
}

type Status = 'pending' | 'approved' | 'rejected' | 'reversed';

async function ledgerState(brandId: string) {
  const [row] = await db.execute(sql`
    select
      (select json_agg(json_build_array(c.id, c.status, c.statement_id) order by c.id)
         from conversions c where c.brand_id = ${brandId}) as c,
      (select json_agg(json_build_array(s.id, s.status, s.amount_minor) order by s.id)
         from statements s where s.brand_id = ${brandId}) as s,
      (select count(*) from statement_adjustments a where a.brand_id = ${brandId}) as a,
      (select count(*) from payouts p where p.brand_id = ${brandId}) as p,
      (select count(*) from conversion_status_history h where h.brand_id = ${brandId}) as h`);
  return row;
}

test('paid + due + carried forward = approved commissions, whatever happens', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), async (ops) => {
      const s = await ledgerSetup({ members: MEMBERS, offers: OFFERS });
      const user = { kind: 'user' as const, userId: s.user.id };
      const today = new Date().toISOString().slice(0, 10);
      // The model: each conversion's offer and the status the rules say it has.
      const model: { id: string; offer: number; status: Status }[] = [];
      const chosen = (pick: number[]) => [...new Set(pick.map((p) => model[p % model.length]))];
      const matured = (later: boolean) => {
        for (const c of model) {
          if (c.status === 'pending' && (later || OFFERS[c.offer].holdingPeriodDays === 0)) {
            c.status = 'approved';
          }
        }
      };
      /** Runs a lifecycle call; a refusal must be a PayoutError that changed nothing. */
      const attempt = async (run: () => Promise<{ changed: string[] }>, to: Status) => {
        const before = await ledgerState(s.brand.id);
        try {
          const result = await run();
          for (const id of result.changed) model.find((c) => c.id === id)!.status = to;
        } catch (error) {
          expect(error).toBeInstanceOf(PayoutError);
          expect(await ledgerState(s.brand.id)).toEqual(before);
        }
      };

      for (const o of ops) {
        switch (o.kind) {
          case 'convert': {
            const c = await s.convert({
              member: o.member,
              offer: o.offer,
              commissionMinor: o.commission,
            });
            model.push({ id: c.id, offer: o.offer, status: 'pending' });
            break;
          }
          case 'approve':
            if (model.length) {
              const targets = chosen(o.pick);
              await attempt(
                () =>
                  approveConversions(
                    db,
                    s.brand.id,
                    targets.map((c) => c.id),
                    user,
                  ),
                'approved',
              );
            }
            break;
          case 'reject':
            if (model.length) {
              const targets = chosen(o.pick);
              await attempt(
                () =>
                  rejectConversions(
                    db,
                    s.brand.id,
                    targets.map((c) => c.id),
                    { reason: REJECT_REASONS[o.reason] },
                    user,
                  ),
                'rejected',
              );
            }
            break;
          case 'reverse':
            if (model.length) {
              const targets = chosen(o.pick);
              await attempt(
                () =>
                  reverseConversions(
                    db,
                    s.brand.id,
                    targets.map((c) => c.id),
                    {},
                    {
                      kind: 'postback',
                    },
                  ),
                'reversed',
              );
            }
            break;
          case 'rollup':
            await rollupBrand(s.brand.id);
            matured(false);
            break;
          case 'rollupTwice':
            await Promise.all([rollupBrand(s.brand.id), rollupBrand(s.brand.id)]);
            matured(false);
            break;
          case 'rollupLater':
            await rollupBrand(s.brand.id, { now: new Date(Date.now() + 40 * 86_400_000) });
            matured(true);
            break;
          case 'pay': {
            // Pay the member's balance in a currency (or in each): the net of all their unpaid
            // statements, as the page shows it.
            const member = s.members[o.member].id;
            const balances = await balancesOfMember(s.brand.id, member);
            for (const b of o.all ? balances : balances.slice(0, 1)) {
              const before = await ledgerState(s.brand.id);
              const paying = markStatementsPaid(
                db,
                s.brand.id,
                b.shown,
                { paidOn: today, method: 'bank_transfer' },
                user,
              );
              if (!b.open) {
                // Below the minimum, or a negative balance: nothing is paid.
                await expect(paying).rejects.toMatchObject({ code: 'not_payable' });
                expect(await ledgerState(s.brand.id)).toEqual(before);
                continue;
              }
              const paid = await paying;
              // Money sent = the net balance, and it settled every statement it netted.
              expect(paid.payouts).toHaveLength(1);
              expect(paid.payouts[0].amountMinor).toBe(sumOf(b.shown));
              expect(paid.payouts[0].amountMinor).toBeGreaterThan(0);
              expect(paid.statements.map((x) => x.id).sort()).toEqual(
                b.shown.map((x) => x.id).sort(),
              );
              expect(await unpaidOf(s.brand.id, member, b.currency)).toEqual([]);
              const [last] = (await payoutsOf(s.brand.id, member, b.currency)).slice(-1);
              expect(Number(last.amount_minor)).toBe(sumOf(b.shown));
              // Paying the same statements again is refused and changes nothing.
              const again = await ledgerState(s.brand.id);
              await expect(
                markStatementsPaid(
                  db,
                  s.brand.id,
                  b.shown,
                  { paidOn: today, method: 'bank_transfer' },
                  user,
                ),
              ).rejects.toMatchObject({ code: 'already_paid' });
              expect(await ledgerState(s.brand.id)).toEqual(again);
            }
            break;
          }
          case 'payStale': {
            // The page shows a balance; something may change before "Mark paid" is submitted.
            const member = s.members[o.member].id;
            const [b] = await balancesOfMember(s.brand.id, member);
            if (!b) break;
            if (o.meanwhile === 'convert') {
              const c = await s.convert({
                member: o.member,
                offer: OFFERS.findIndex((x) => x.currency === b.currency),
                commissionMinor: o.commission,
              });
              model.push({
                id: c.id,
                offer: OFFERS.findIndex((x) => x.currency === b.currency),
                status: 'pending',
              });
              await attempt(() => approveConversions(db, s.brand.id, [c.id], user), 'approved');
            } else if (o.meanwhile === 'reverse') {
              const [line] = await db.execute<{ id: string }>(sql`
                select c.id from conversions c
                 where c.brand_id = ${s.brand.id} and c.member_id = ${member}
                   and c.currency = ${b.currency} and c.status = 'approved'
                 order by c.id limit 1`);
              if (line) {
                await attempt(
                  () => reverseConversions(db, s.brand.id, [line.id], {}, { kind: 'postback' }),
                  'reversed',
                );
              }
            }
            const now = await unpaidOf(s.brand.id, member, b.currency);
            const stale =
              JSON.stringify([...now].sort((x, y) => x.id.localeCompare(y.id))) !==
              JSON.stringify([...b.shown].sort((x, y) => x.id.localeCompare(y.id)));
            const before = await ledgerState(s.brand.id);
            const paying = markStatementsPaid(
              db,
              s.brand.id,
              b.shown,
              { paidOn: today, method: 'other' },
              user,
            );
            const gone = b.shown.every((x) => !now.some((y) => y.id === x.id));
            if (stale && gone) {
              // Every statement shown was emptied and removed since: not found any more.
              await expect(paying).rejects.toMatchObject({ code: 'not_found' });
              expect(await ledgerState(s.brand.id)).toEqual(before);
            } else if (stale) {
              // "The total changed from … to … since you opened this page. Nothing was marked
              // paid." — whatever the payment's other faults.
              await expect(paying).rejects.toMatchObject({
                code: 'changed',
                message: expect.stringMatching(
                  /since you opened this page\. Nothing was marked paid\.$/,
                ),
              });
              expect(await ledgerState(s.brand.id)).toEqual(before);
            } else if (!b.open) {
              await expect(paying).rejects.toMatchObject({ code: 'not_payable' });
              expect(await ledgerState(s.brand.id)).toEqual(before);
            } else {
              const paid = await paying;
              expect(paid.payouts.map((p) => p.amountMinor)).toEqual([sumOf(b.shown)]);
            }
            break;
          }
          case 'minimum':
            await setMinimumPayouts(db, s.brand.id, { [o.currency]: o.minor }, user);
            break;
        }
        await checkLedger(s.brand.id);
      }

      await rollupBrand(s.brand.id);
      matured(false);
      const figures = await checkLedger(s.brand.id);
      // Everything approved is placed after a rollup: paid + due + carried forward = approved.
      for (const f of figures) {
        expect(f.unplaced).toBe(0);
        expect(f.paid + f.due + f.carriedForward).toBe(f.approved);
        // Money sent = the approved commissions less what is still unpaid (a negative balance is
        // a clawback still to recover from the member's next earnings).
        const sent = (await payoutsOf(s.brand.id, f.memberId, f.currency)).reduce(
          (sum, p) => sum + Number(p.amount_minor),
          0,
        );
        expect(sent).toBe(f.approved - f.due - f.carriedForward);
      }
      const rows = await db
        .select({ id: conversions.id, status: conversions.status })
        .from(conversions)
        .where(eq(conversions.brandId, s.brand.id));
      const statuses = new Map(rows.map((r) => [r.id, r.status]));
      for (const c of model) expect([c.id, statuses.get(c.id)]).toEqual([c.id, c.status]);
      // No commission in two statements: a conversion has one statement_id; a clawback is never
      // in its conversion's own statement (checkLedger), and each conversion has at most one.
      const [{ doubled }] = await db.execute<{ doubled: number }>(sql`
        select count(*)::int as doubled from (
          select conversion_id from statement_adjustments where brand_id = ${s.brand.id}
           group by conversion_id having count(*) > 1) d`);
      expect(doubled).toBe(0);
    }),
    { numRuns: 25 },
  );
}, 600_000);

test('a clawback larger than the next month’s earnings is carried until covered, then netted', async () => {
  const s = await ledgerSetup({ members: 1, minimumPayouts: { USD: 2000 } });
  const user = { kind: 'user' as const, userId: s.user.id };
  const member = s.members[0].id;
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const pay = (shown: ShownStatement[], day: string) =>
    markStatementsPaid(db, s.brand.id, shown, { paidOn: day, method: 'bank_transfer' }, user, {
      now: at(day),
    });
  const net = async () => sumOf(await unpaidOf(s.brand.id, member));
  const payee = async () =>
    (await paypalPayees(s.brand.id)).find((p) => p.memberId === member)?.amountMinor ?? null;

  // January: $100.00 earned and paid.
  const sale = await s.convert({ commissionMinor: 10_000, createdAt: at('2026-01-14') });
  await rollupBrand(s.brand.id, { now: at('2026-01-15') });
  await pay(await unpaidOf(s.brand.id, member), '2026-01-20');

  // February: the sale is refunded (a $100.00 clawback) and only $30.00 is earned: −$70.00,
  // carried forward; nothing is payable, nothing is in the PayPal file.
  await reverseConversions(
    db,
    s.brand.id,
    [sale.id],
    {},
    { kind: 'postback' },
    {
      now: at('2026-02-10'),
    },
  );
  await s.convert({ commissionMinor: 3_000, createdAt: at('2026-02-11') });
  await rollupBrand(s.brand.id, { now: at('2026-02-12') });
  expect(await net()).toBe(-7_000);
  expect(await payee()).toBeNull();
  const february = await unpaidOf(s.brand.id, member);
  await expect(pay(february, '2026-02-20')).rejects.toMatchObject({
    code: 'not_payable',
    message: expect.stringContaining('nothing to pay until new earnings cover it'),
  });
  await checkLedger(s.brand.id);

  // March: $90.00 earned. The member is owed the net, $20.00 (not $90.00): the PayPal file, the
  // amounts due and the creator's amount due say so, and paying settles both statements.
  await s.convert({ commissionMinor: 9_000, createdAt: at('2026-03-09') });
  await rollupBrand(s.brand.id, { now: at('2026-03-10') });
  const march = await unpaidOf(s.brand.id, member);
  expect(march.map((x) => x.amountMinor)).toEqual([-7_000, 9_000]);
  expect(await payee()).toBe(2_000n);
  const [row] = (await amountsDue(s.brand.id)).members;
  expect([row.payableMinor, row.carriedMinor]).toEqual([2_000, 0]);
  expect((await getCreatorEarnings(s.brand.id, member)).due[0]).toMatchObject({
    dueMinor: 2_000,
    reachesMinimum: true,
  });
  // Paying only the positive statement is refused: the page must show (and pay) the net.
  await expect(pay(march.slice(1), '2026-03-20')).rejects.toMatchObject({
    code: 'changed',
    message:
      'The total changed from $90.00 to $20.00 since you opened this page. Nothing was marked paid.',
  });
  const paid = await pay(march, '2026-03-20');
  expect(paid.payouts.map((p) => [p.amountMinor, p.statementIds.length])).toEqual([[2_000, 2]]);
  expect(await unpaidOf(s.brand.id, member)).toEqual([]);

  // Money sent = the net balance: $100.00 + $20.00 = the $120.00 still approved ($30 + $90).
  const sent = (await payoutsOf(s.brand.id, member, 'USD')).map((p) => Number(p.amount_minor));
  expect(sent).toEqual([10_000, 2_000]);
  const [f] = await checkLedger(s.brand.id);
  expect(f).toMatchObject({ approved: 12_000, paid: 12_000, due: 0, carriedForward: 0 });
});
