import { eq, or, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  conversionStatusHistory,
  conversions,
  statementAdjustments,
  statements,
} from '../../db/schema';
import { balancesOf, checkLedger, ledgerSetup } from '../../test/payouts-fixtures';
import { approveConversions, rejectConversions, reverseConversions } from './lifecycle.server';
import { markStatementsPaid, setMinimumPayouts } from './payments.server';
import { PayoutError } from './payout-error';
import { rollupBrand } from './rollup.server';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

async function conversion(id: string) {
  const [row] = await db.select().from(conversions).where(eq(conversions.id, id));
  return row;
}

async function statementsOf(brandId: string) {
  return db
    .select()
    .from(statements)
    .where(eq(statements.brandId, brandId))
    .orderBy(statements.periodStart, statements.memberId);
}

/** A conversion's status history: its own rows and the rollup's batch event that approved it. */
async function historyOf(conversionId: string) {
  return db
    .select()
    .from(conversionStatusHistory)
    .where(
      or(
        eq(conversionStatusHistory.conversionId, conversionId),
        eq(
          conversionStatusHistory.id,
          sql`(select approval_event_id from conversions where id = ${conversionId})`,
        ),
      ),
    )
    .orderBy(conversionStatusHistory.id);
}

/** Everything the ledger holds for a brand, to prove a refusal changed nothing. */
async function snapshot(brandId: string) {
  return db.execute(sql`
    select
      (select json_agg(c order by c.id) from conversions c where c.brand_id = ${brandId}) as c,
      (select json_agg(s order by s.id) from statements s where s.brand_id = ${brandId}) as s,
      (select json_agg(a order by a.id) from statement_adjustments a where a.brand_id = ${brandId}) as a,
      (select count(*) from conversion_status_history h where h.brand_id = ${brandId}) as h`);
}

async function expectRefusal(
  promise: Promise<unknown>,
  code: PayoutError['code'],
  message: RegExp,
) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PayoutError);
  expect((error as PayoutError).code).toBe(code);
  expect((error as PayoutError).message).toMatch(message);
  return error as PayoutError;
}

/** The database's message for a refused query (drizzle wraps it: the cause has it). */
async function dbRefusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { message: string; cause?: { message?: string } },
  );
  return error ? (error.cause?.message ?? error.message) : 'no error';
}

describe('approve', () => {
  test('a pending commission is approved early into its member’s statement, recorded once', async () => {
    const s = await ledgerSetup({ offers: [{ holdingPeriodDays: 30 }] });
    const c = await s.convert({ commissionMinor: 1234 });
    const actor = { kind: 'user' as const, userId: s.user.id };
    const first = await approveConversions(db, s.brand.id, [c.id], actor);
    expect(first).toEqual({ changed: [c.id], unchanged: [] });
    const row = await conversion(c.id);
    expect(row.status).toBe('approved');
    expect(row.approvedAt).toBeInstanceOf(Date);
    const [statement] = await statementsOf(s.brand.id);
    expect(row.statementId).toBe(statement.id);
    expect(statement).toMatchObject({ amountMinor: 1234, status: 'open', currency: 'USD' });
    expect(statement.periodStart).toBe(`${today().slice(0, 7)}-01`);
    const history = await historyOf(c.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorKind, h.actorUserId])).toEqual([
      ['pending', 'approved', 'user', s.user.id],
    ]);
    // Approving again changes nothing.
    const again = await approveConversions(db, s.brand.id, [c.id], actor);
    expect(again).toEqual({ changed: [], unchanged: [c.id] });
    expect(await historyOf(c.id)).toHaveLength(1);
    expect((await statementsOf(s.brand.id))[0].amountMinor).toBe(1234);
    await checkLedger(s.brand.id);
  });

  test('approving a reversed, rejected or refused commission is refused and changes nothing', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const reversed = await s.convert({ commissionMinor: 500 });
    const rejected = await s.convert({ commissionMinor: 600 });
    const refused = await s.convert({ commissionMinor: 0, status: 'refused' });
    const pending = await s.convert({ commissionMinor: 700 });
    await reverseConversions(db, s.brand.id, [reversed.id], { note: 'refund' }, actor);
    await rejectConversions(db, s.brand.id, [rejected.id], { reason: 'fraud' }, actor);
    const before = await snapshot(s.brand.id);
    const error = await expectRefusal(
      approveConversions(db, s.brand.id, [pending.id, reversed.id], actor),
      'illegal_transition',
      new RegExp(
        `Only a pending commission can be approved: order ${reversed.orderId} is reversed`,
      ),
    );
    expect(error.status).toBe(400);
    expect(error.ids).toEqual([reversed.id]);
    await expectRefusal(
      approveConversions(db, s.brand.id, [rejected.id], actor),
      'illegal_transition',
      /is rejected/,
    );
    await expectRefusal(
      approveConversions(db, s.brand.id, [refused.id], actor),
      'illegal_transition',
      /refused at attribution/,
    );
    expect(await snapshot(s.brand.id)).toEqual(before);
  });

  test('an unknown id or another brand’s is a 404 and changes nothing', async () => {
    const s = await ledgerSetup();
    const other = await ledgerSetup();
    const mine = await s.convert({ commissionMinor: 100 });
    const theirs = await other.convert({ commissionMinor: 100 });
    const actor = { kind: 'user' as const, userId: s.user.id };
    const before = await snapshot(other.brand.id);
    for (const ids of [[mine.id, theirs.id], ['not-a-uuid'], [crypto.randomUUID()]]) {
      const error = await expectRefusal(
        approveConversions(db, s.brand.id, ids, actor),
        'not_found',
        /not found/,
      );
      expect(error.status).toBe(404);
    }
    expect((await conversion(mine.id)).status).toBe('pending');
    expect(await snapshot(other.brand.id)).toEqual(before);
  });
});

describe('reject', () => {
  test('rejecting an approved commission takes it out of its statement; the total follows', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const a = await s.convert({ commissionMinor: 1000 });
    const b = await s.convert({ commissionMinor: 250 });
    await rollupBrand(s.brand.id);
    expect((await statementsOf(s.brand.id))[0].amountMinor).toBe(1250);
    const result = await rejectConversions(
      db,
      s.brand.id,
      [b.id],
      { reason: 'returned_order', note: 'Returned on the 3rd' },
      actor,
    );
    expect(result.changed).toEqual([b.id]);
    const row = await conversion(b.id);
    expect(row).toMatchObject({
      status: 'rejected',
      rejectReason: 'returned_order',
      statusNote: 'Returned on the 3rd',
      statementId: null,
    });
    expect((await statementsOf(s.brand.id))[0].amountMinor).toBe(1000);
    const [, rejection] = await historyOf(b.id);
    expect(rejection).toMatchObject({
      fromStatus: 'approved',
      toStatus: 'rejected',
      reason: 'returned_order',
      note: 'Returned on the 3rd',
      actorKind: 'user',
    });
    expect((await conversion(a.id)).status).toBe('approved');
    await checkLedger(s.brand.id);
  });

  test('a reason is required, "other" needs a note, a reversed or paid commission is refused', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const c = await s.convert({ commissionMinor: 800 });
    const paid = await s.convert({ commissionMinor: 900 });
    await rollupBrand(s.brand.id);
    const [statement] = await statementsOf(s.brand.id);
    await rejectConversions(db, s.brand.id, [c.id], { reason: 'test_order' }, actor);
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: today(), method: 'paypal' },
      actor,
    );
    const r = await s.convert({ commissionMinor: 50 });
    await reverseConversions(db, s.brand.id, [r.id], {}, actor);
    const before = await snapshot(s.brand.id);
    const other = await expectRefusal(
      rejectConversions(db, s.brand.id, [r.id], { reason: 'other' }, actor),
      'invalid_input',
      /reason/,
    );
    expect(other.fieldErrors.note?.[0]).toMatch(/Other/);
    await expectRefusal(
      // @ts-expect-error: not a reason of the list
      rejectConversions(db, s.brand.id, [r.id], { reason: 'bored' }, actor),
      'invalid_input',
      /reason/,
    );
    await expectRefusal(
      rejectConversions(db, s.brand.id, [r.id], { reason: 'fraud' }, actor),
      'illegal_transition',
      /is reversed/,
    );
    await expectRefusal(
      rejectConversions(db, s.brand.id, [paid.id], { reason: 'fraud' }, actor),
      'already_paid',
      /was paid on .*reverse it instead/,
    );
    expect(await snapshot(s.brand.id)).toEqual(before);
  });
});

describe('reverse', () => {
  test('a reversal of a paid commission is a clawback in the next statement; the paid one stays', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const c = await s.convert({ commissionMinor: 1500 });
    await rollupBrand(s.brand.id);
    const [statement] = await statementsOf(s.brand.id);
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: today(), method: 'bank_transfer', reference: 'TRX-1' },
      actor,
    );
    const later = await s.convert({ commissionMinor: 2000 });
    const result = await reverseConversions(db, s.brand.id, [c.id], { note: 'chargeback' }, actor);
    expect(result.changed).toEqual([c.id]);
    expect(result.clawbacks).toHaveLength(1);
    const after = await statementsOf(s.brand.id);
    expect(after).toHaveLength(2);
    const [paidAfter, next] = after;
    expect(paidAfter).toMatchObject({ id: statement.id, amountMinor: 1500, status: 'paid' });
    expect(next.periodStart > paidAfter.periodStart).toBe(true);
    expect(next).toMatchObject({ amountMinor: -1500, status: 'carried_forward' });
    const [adjustment] = await db
      .select()
      .from(statementAdjustments)
      .where(eq(statementAdjustments.brandId, s.brand.id));
    expect(adjustment).toMatchObject({
      id: result.clawbacks[0].adjustmentId,
      statementId: next.id,
      amountMinor: -1500,
      conversionId: c.id,
    });
    expect(adjustment.note).toMatch(/chargeback/);
    expect(await conversion(c.id)).toMatchObject({ status: 'reversed', statementId: statement.id });
    // The next commission lands in the same next statement and makes it payable again.
    await rollupBrand(s.brand.id);
    const [, nextAfter] = await statementsOf(s.brand.id);
    expect(nextAfter).toMatchObject({ id: next.id, amountMinor: 500, status: 'open' });
    expect((await conversion(later.id)).statementId).toBe(next.id);
    // Reversing again changes nothing.
    const again = await reverseConversions(db, s.brand.id, [c.id], {}, actor);
    expect(again).toEqual({ changed: [], unchanged: [c.id], clawbacks: [] });
    await checkLedger(s.brand.id);
  });

  test('a reversal of an unpaid commission lowers its statement; a rejected one cannot be reversed', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'postback' as const };
    const a = await s.convert({ commissionMinor: 300 });
    const b = await s.convert({ commissionMinor: 400 });
    await rollupBrand(s.brand.id);
    await reverseConversions(db, s.brand.id, [a.id], {}, actor);
    const [statement] = await statementsOf(s.brand.id);
    expect(statement.amountMinor).toBe(400);
    expect(await conversion(a.id)).toMatchObject({ status: 'reversed', statementId: null });
    expect((await historyOf(a.id)).at(-1)).toMatchObject({
      fromStatus: 'approved',
      toStatus: 'reversed',
      actorKind: 'postback',
      actorUserId: null,
    });
    await rejectConversions(
      db,
      s.brand.id,
      [b.id],
      { reason: 'duplicate' },
      {
        kind: 'user',
        userId: s.user.id,
      },
    );
    // Its statement lost its last line: it is gone (nothing was ever paid on it).
    expect(await statementsOf(s.brand.id)).toEqual([]);
    await expectRefusal(
      reverseConversions(db, s.brand.id, [b.id], {}, actor),
      'illegal_transition',
      /is rejected/,
    );
    await checkLedger(s.brand.id);
  });
});

describe('mark paid', () => {
  test('pays open statements once; a second time, unknown ids, a 10 kB reference are refused', async () => {
    const s = await ledgerSetup({ members: 2 });
    const other = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    await s.convert({ member: 0, commissionMinor: 1000 });
    await s.convert({ member: 1, commissionMinor: 2000 });
    await other.convert({ commissionMinor: 3000 });
    await rollupBrand(s.brand.id);
    await rollupBrand(other.brand.id);
    const [one, two] = await statementsOf(s.brand.id);
    const [foreign] = await statementsOf(other.brand.id);
    const shown = (...list: { id: string; amountMinor: number }[]) =>
      list.map(({ id, amountMinor }) => ({ id, amountMinor }));
    const paid = await markStatementsPaid(
      db,
      s.brand.id,
      shown(one),
      { paidOn: today(), method: 'paypal', reference: 'BATCH-7' },
      actor,
    );
    expect(paid.statements).toEqual([
      {
        id: one.id,
        memberId: one.memberId,
        periodStart: one.periodStart,
        currency: 'USD',
        amountMinor: one.amountMinor,
        payoutId: paid.payouts[0].id,
      },
    ]);
    expect(paid.payouts).toEqual([
      expect.objectContaining({
        memberId: one.memberId,
        currency: 'USD',
        amountMinor: one.amountMinor,
        statementIds: [one.id],
      }),
    ]);
    const [row] = await db.select().from(statements).where(eq(statements.id, one.id));
    expect(row).toMatchObject({
      status: 'paid',
      paidOn: today(),
      paymentMethod: 'paypal',
      paymentReference: 'BATCH-7',
      paidByUserId: s.user.id,
    });
    const before = await snapshot(s.brand.id);
    const payment = { paidOn: today(), method: 'other' as const };
    await expectRefusal(
      markStatementsPaid(db, s.brand.id, shown(two, one), payment, actor),
      'already_paid',
      new RegExp(`already paid on ${today()}.*Nothing was marked paid`),
    );
    for (const ids of [[foreign.id], [crypto.randomUUID()], ['1; drop table statements']]) {
      const e = await expectRefusal(
        markStatementsPaid(
          db,
          s.brand.id,
          ids.map((id) => ({ id, amountMinor: 3000 })),
          payment,
          actor,
        ),
        'not_found',
        /Statement not found/,
      );
      expect(e.status).toBe(404);
    }
    const long = await expectRefusal(
      markStatementsPaid(
        db,
        s.brand.id,
        shown(two),
        { ...payment, reference: 'x'.repeat(10_240) },
        actor,
      ),
      'invalid_input',
      /payment details/,
    );
    expect(long.fieldErrors.reference).toEqual(['The reference can be at most 200 characters.']);
    const bad = await expectRefusal(
      markStatementsPaid(
        db,
        s.brand.id,
        shown(two),
        // @ts-expect-error: not a method
        { paidOn: '2026-02-30', method: 'cash' },
        actor,
      ),
      'invalid_input',
      /payment details/,
    );
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['method', 'paidOn']);
    await expectRefusal(
      markStatementsPaid(
        db,
        s.brand.id,
        shown(two),
        { paidOn: '2999-01-01', method: 'paypal' },
        actor,
      ),
      'invalid_input',
      /payment details/,
    );
    expect(await snapshot(s.brand.id)).toEqual(before);
    expect((await statementsOf(other.brand.id))[0].status).toBe('open');
  });
});

describe('minimum payout and holding period', () => {
  test('below the minimum a statement is carried forward; it becomes due when the balance reaches it', async () => {
    const s = await ledgerSetup({ minimumPayouts: { USD: 5000 } });
    const actor = { kind: 'user' as const, userId: s.user.id };
    await s.convert({ commissionMinor: 3000 });
    await rollupBrand(s.brand.id);
    const [statement] = await statementsOf(s.brand.id);
    expect(statement).toMatchObject({ amountMinor: 3000, status: 'carried_forward' });
    await expectRefusal(
      markStatementsPaid(
        db,
        s.brand.id,
        await balancesOf(s.brand.id, [statement.id]),
        { paidOn: today(), method: 'paypal' },
        actor,
      ),
      'not_payable',
      /USD balance \(\$30\.00\) is carried forward: it is below your minimum payout/,
    );
    await s.convert({ commissionMinor: 2000 });
    await rollupBrand(s.brand.id);
    expect((await statementsOf(s.brand.id))[0]).toMatchObject({
      amountMinor: 5000,
      status: 'open',
    });
    await setMinimumPayouts(db, s.brand.id, { USD: 10_000 }, actor);
    expect((await statementsOf(s.brand.id))[0].status).toBe('carried_forward');
    await setMinimumPayouts(db, s.brand.id, { USD: 0 }, actor);
    expect((await statementsOf(s.brand.id))[0].status).toBe('open');
    await expectRefusal(
      setMinimumPayouts(db, s.brand.id, { USD: -1 }, actor),
      'invalid_input',
      /0 or more/,
    );
    await checkLedger(s.brand.id);
  });

  test('the rollup approves a commission only once its offer’s holding period has passed', async () => {
    const s = await ledgerSetup({ offers: [{ holdingPeriodDays: 14 }, { holdingPeriodDays: 0 }] });
    const now = Date.now();
    const young = await s.convert({
      offer: 0,
      commissionMinor: 100,
      createdAt: new Date(now - 10 * DAY),
    });
    const old = await s.convert({
      offer: 0,
      commissionMinor: 200,
      createdAt: new Date(now - 15 * DAY),
    });
    const instant = await s.convert({ offer: 1, commissionMinor: 400 });
    const first = await rollupBrand(s.brand.id);
    expect(first).toMatchObject({ approved: 2, placed: 2, statements: 1 });
    expect((await conversion(young.id)).status).toBe('pending');
    expect((await conversion(old.id)).status).toBe('approved');
    expect((await conversion(instant.id)).status).toBe('approved');
    // The rollup's approvals are one batch event, which each approved conversion points to.
    expect((await historyOf(old.id))[0]).toMatchObject({
      conversionId: null,
      batchSize: 2,
      fromStatus: 'pending',
      toStatus: 'approved',
      actorKind: 'system',
      actorUserId: null,
    });
    expect((await historyOf(instant.id))[0].id).toBe((await historyOf(old.id))[0].id);
    expect(await historyOf(young.id)).toEqual([]);
    // Idempotent: a second run finds nothing and changes nothing.
    const before = await snapshot(s.brand.id);
    expect(await rollupBrand(s.brand.id)).toMatchObject({ approved: 0, placed: 0, statements: 0 });
    expect(await snapshot(s.brand.id)).toEqual(before);
    // Five days later the young one matures.
    const later = await rollupBrand(s.brand.id, { now: new Date(now + 5 * DAY) });
    expect(later.approved).toBe(1);
    expect((await conversion(young.id)).status).toBe('approved');
    await checkLedger(s.brand.id);
  });

  test('one statement per member, month and currency', async () => {
    const s = await ledgerSetup({ members: 2, offers: [{ currency: 'USD' }, { currency: 'EUR' }] });
    await s.convert({ member: 0, offer: 0, commissionMinor: 100 });
    await s.convert({ member: 0, offer: 0, commissionMinor: 150 });
    await s.convert({ member: 0, offer: 1, commissionMinor: 200 });
    await s.convert({ member: 1, offer: 1, commissionMinor: 300 });
    await rollupBrand(s.brand.id);
    const rows = await statementsOf(s.brand.id);
    const byKey = rows.map((r) => [
      r.memberId === s.members[0].id ? 0 : 1,
      r.currency,
      r.amountMinor,
    ]);
    expect(byKey.sort()).toEqual([
      [0, 'EUR', 200],
      [0, 'USD', 250],
      [1, 'EUR', 300],
    ]);
    await checkLedger(s.brand.id);
  });
});

describe('concurrency', () => {
  test('two rollups at once place every commission exactly once', async () => {
    const s = await ledgerSetup({ members: 3 });
    let total = 0;
    for (let i = 0; i < 60; i++) {
      const commissionMinor = 100 + i;
      total += commissionMinor;
      await s.convert({ member: i % 3, commissionMinor });
    }
    const [a, b] = await Promise.all([rollupBrand(s.brand.id), rollupBrand(s.brand.id)]);
    expect(a.placed + b.placed).toBe(60);
    expect([a.placed, b.placed]).toContain(0);
    const rows = await statementsOf(s.brand.id);
    expect(rows).toHaveLength(3);
    expect(rows.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(total);
    await checkLedger(s.brand.id);
  });

  test('a rollup, a payment and a reversal at once keep the ledger whole', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const first = await s.convert({ commissionMinor: 1000 });
    await rollupBrand(s.brand.id);
    const [statement] = await statementsOf(s.brand.id);
    for (let i = 0; i < 20; i++) await s.convert({ commissionMinor: 10 });
    const [, , reversal] = await Promise.allSettled([
      rollupBrand(s.brand.id),
      markStatementsPaid(
        db,
        s.brand.id,
        await balancesOf(s.brand.id, [statement.id]),
        { paidOn: today(), method: 'paypal' },
        actor,
      ),
      reverseConversions(db, s.brand.id, [first.id], {}, { kind: 'postback' }),
    ]);
    // The payment may lose the race to the reversal (its total changed: refused); either order is
    // fine, but the reversal must not fail, and if it does its error is the message.
    expect(reversal.status === 'rejected' ? String(reversal.reason) : 'reversed').toBe('reversed');
    await rollupBrand(s.brand.id);
    const figures = await checkLedger(s.brand.id);
    expect(figures).toHaveLength(1);
    const f = figures[0];
    expect(f.paid + f.due + f.carriedForward).toBe(200);
  });
});

describe('database guards', () => {
  test('refuse status changes outside the module, illegal transitions and edits of paid money', async () => {
    const s = await ledgerSetup();
    const actor = { kind: 'user' as const, userId: s.user.id };
    const c = await s.convert({ commissionMinor: 700 });
    expect(
      await dbRefusal(
        db.update(conversions).set({ status: 'approved' }).where(eq(conversions.id, c.id)),
      ),
    ).toMatch(/only through app\/payouts/);
    await rejectConversions(db, s.brand.id, [c.id], { reason: 'fraud' }, actor);
    expect(
      await dbRefusal(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('offerlink.actor', 'user', true)`);
          await tx
            .update(conversions)
            .set({ status: 'approved', rejectReason: null })
            .where(eq(conversions.id, c.id));
        }),
      ),
    ).toMatch(/cannot go from rejected to approved/);
    const p = await s.convert({ commissionMinor: 900 });
    await rollupBrand(s.brand.id);
    const [statement] = await statementsOf(s.brand.id);
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: today(), method: 'paypal' },
      actor,
    );
    expect(
      await dbRefusal(
        db.update(statements).set({ amountMinor: 1 }).where(eq(statements.id, statement.id)),
      ),
    ).toMatch(/is paid and can no longer change/);
    expect(await dbRefusal(db.delete(statements).where(eq(statements.id, statement.id)))).toMatch(
      /is paid/,
    );
    expect(
      await dbRefusal(
        db.update(conversions).set({ statementId: null }).where(eq(conversions.id, p.id)),
      ),
    ).toMatch(/line of paid statement/);
    expect(
      await dbRefusal(
        db.update(conversions).set({ commissionMinor: 1 }).where(eq(conversions.id, p.id)),
      ),
    ).toMatch(/line of paid statement/);
    expect(await dbRefusal(db.delete(conversions).where(eq(conversions.id, p.id)))).toMatch(
      /line of paid statement/,
    );
    expect(
      await dbRefusal(
        db.insert(statementAdjustments).values({
          brandId: s.brand.id,
          memberId: s.members[0].id,
          conversionId: p.id,
          statementId: statement.id,
          amountMinor: -900,
          currency: 'USD',
          note: 'sneaky',
        }),
      ),
    ).toMatch(/is paid: a new line goes to the next statement/);
    await checkLedger(s.brand.id);
  });
});
