import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { checkLedger, ledgerSetup } from '../../test/payouts-fixtures';
import { approveConversions, rejectConversions, reverseConversions } from './lifecycle.server';
import { markStatementsPaid, setMinimumPayout } from './payments.server';
import { PayoutError } from './payout-error';
import { REJECT_REASONS } from './schemas';
import { rollupBrand } from './rollup.server';

/**
 * Random sequences of conversions, early approvals, rejections, reversals (before and after
 * payment), rollups (also two at once, and one 40 days on so held commissions mature), payments
 * and minimum-payout changes. After every sequence: for every member and currency, paid + due +
 * carried forward = the approved commissions (reversals of paid ones counted by their clawbacks),
 * to the minor unit; every statement's total is the sum of its lines; no commission is in two
 * statements; each conversion's status is what the legal transitions say it must be; and a
 * refused operation changed nothing.
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
  | { kind: 'minimum'; minor: number };

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
      kind: fc.constant('minimum' as const),
      minor: fc.integer({ min: 0, max: 6000 }),
    }),
    weight: 1,
  },
);

type Status = 'pending' | 'approved' | 'rejected' | 'reversed';

async function ledgerState(brandId: string) {
  const [row] = await db.execute(sql`
    select
      (select json_agg(json_build_array(c.id, c.status, c.statement_id) order by c.id)
         from conversions c where c.brand_id = ${brandId}) as c,
      (select json_agg(json_build_array(s.id, s.status, s.amount_minor) order by s.id)
         from statements s where s.brand_id = ${brandId}) as s,
      (select count(*) from statement_adjustments a where a.brand_id = ${brandId}) as a,
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
            const open = await db.execute<{ id: string }>(sql`
              select id from statements
               where brand_id = ${s.brand.id} and member_id = ${s.members[o.member].id}
                 and status = 'open' and amount_minor > 0
               order by period_start`);
            const ids = o.all ? open.map((r) => r.id) : open.slice(0, 1).map((r) => r.id);
            if (ids.length) {
              await markStatementsPaid(
                db,
                s.brand.id,
                ids,
                { paidOn: today, method: 'paypal' },
                user,
              );
              // Paying the same statements again is refused and changes nothing.
              const before = await ledgerState(s.brand.id);
              await expect(
                markStatementsPaid(db, s.brand.id, ids, { paidOn: today, method: 'paypal' }, user),
              ).rejects.toMatchObject({ code: 'already_paid' });
              expect(await ledgerState(s.brand.id)).toEqual(before);
            }
            break;
          }
          case 'minimum':
            await setMinimumPayout(db, s.brand.id, o.minor, user);
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
