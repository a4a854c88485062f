import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { balancesOf, ledgerSetup } from '../../test/payouts-fixtures';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { rejectConversions, reverseConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid, setMinimumPayouts } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
import { loader as conversionsLoader } from '../routes/creator+/$brandId.conversions';
import { loader as paymentsLoader } from '../routes/creator+/$brandId.payments._index';
import { loader as statementLoader } from '../routes/creator+/$brandId.payments.$statementId';
import { loader as linesCsvLoader } from '../routes/creator+/$brandId.payments.lines[.]csv';
import { loader as statementsCsvLoader } from '../routes/creator+/$brandId.payments.statements[.]csv';
import { todayIn } from '../reporting/period';
import { listCreatorConversions, maskOrderRef } from './creator-conversions.server';
import type { CreatorConversion } from './creator-conversions.server';
import type { CreatorStatement, CreatorStatementLine } from './creator-payments.server';

const DAY = 86_400_000;
const user = (userId: string) => ({ kind: 'user' as const, userId });

async function setOrderId(id: string, orderId: string) {
  await db.update(conversions).set({ orderId }).where(eq(conversions.id, id));
}

/**
 * Maya (member 0) and Theo (member 1) of one brand; offer 0 holds commissions 30 days, offer 1
 * none. Maya: a pending sale on offer 0; three on offer 1, rolled up into this month's
 * statement, one rejected with a note, the statement paid, then one paid sale refunded (a
 * clawback in her next statement). Theo: one sale.
 */
async function paidAndClawedBack() {
  const s = await ledgerSetup({ offers: [{ holdingPeriodDays: 30 }, { holdingPeriodDays: 0 }] });
  const pending = await s.convert({ member: 0, offer: 0, commissionMinor: 500 });
  const refunded = await s.convert({ member: 0, offer: 1, commissionMinor: 1000 });
  const returned = await s.convert({ member: 0, offer: 1, commissionMinor: 700 });
  const kept = await s.convert({ member: 0, offer: 1, commissionMinor: 300 });
  const theos = await s.convert({ member: 1, offer: 1, commissionMinor: 900 });
  await setOrderId(pending.id, 'ORD-2026-88881234');
  await setOrderId(refunded.id, 'jane.doe@example.com');
  await setOrderId(returned.id, 'AB12');
  await setOrderId(kept.id, 'Z');
  await rollupBrand(s.brand.id);
  await rejectConversions(
    db,
    s.brand.id,
    [returned.id],
    { reason: 'returned_order', note: 'The customer sent the serum back on 3 May.' },
    user(s.user.id),
  );
  const [statement] = await db.execute<{ id: string }>(
    sql`select id from statements where member_id = ${s.members[0].id}`,
  );
  await markStatementsPaid(
    db,
    s.brand.id,
    await balancesOf(s.brand.id, [statement.id]),
    { paidOn: new Date().toISOString().slice(0, 10), method: 'paypal', reference: 'PP-BATCH-77' },
    user(s.user.id),
  );
  await reverseConversions(
    db,
    s.brand.id,
    [refunded.id],
    { note: 'Refunded in full' },
    user(s.user.id),
  );
  await rollupBrand(s.brand.id);
  const cookie = await sessionCookieFor({ memberId: s.members[0].id });
  const theoCookie = await sessionCookieFor({ memberId: s.members[1].id });
  return {
    ...s,
    pending,
    refunded,
    returned,
    kept,
    theos,
    paidId: statement.id,
    cookie,
    theoCookie,
  };
}

const get = <T>(fn: unknown, path: string, cookie: string, params: Record<string, string>) =>
  callRoute(fn as never, makeRequest(path, { cookie }), params) as Promise<{
    status: number;
    headers: Headers;
    body: T;
  }>;

describe('conversions list', () => {
  test('masked order refs, amounts, statuses, reasons with the brand’s note, clearing dates; only hers', async () => {
    const s = await paidAndClawedBack();
    const b = s.brand.id;
    const res = await get<{ rows: CreatorConversion[]; next: string | null }>(
      conversionsLoader,
      `/creator/${b}/conversions`,
      s.cookie,
      { brandId: b },
    );
    expect(res.status).toBe(200);
    const byId = new Map(res.body.rows.map((r) => [r.id, r]));
    expect(res.body.rows.map((r) => r.id)).toEqual([
      s.kept.id,
      s.returned.id,
      s.refunded.id,
      s.pending.id,
    ]);
    expect(res.body.next).toBeNull();
    expect(byId.get(s.pending.id)).toMatchObject({
      orderRef: '••••1234',
      saleMinor: 5000,
      commissionMinor: 500,
      currency: 'USD',
      status: 'pending',
      rejectReason: null,
      note: null,
      statementId: null,
    });
    // Clears on the day the holding period (30 days) ends, in the brand's time zone (UTC here).
    expect(byId.get(s.pending.id)!.clearsOn).toBe(
      todayIn('UTC', new Date(new Date(s.pending.createdAt).getTime() + 30 * DAY)),
    );
    expect(byId.get(s.refunded.id)).toMatchObject({
      orderRef: '••••.com',
      status: 'reversed',
      note: 'Refunded in full',
      clearsOn: null,
    });
    expect(byId.get(s.returned.id)).toMatchObject({
      orderRef: '••••12',
      status: 'rejected',
      rejectReason: 'returned_order',
      note: 'The customer sent the serum back on 3 May.',
    });
    expect(byId.get(s.kept.id)).toMatchObject({
      orderRef: '••••',
      status: 'paid',
      statementId: s.paidId,
    });
    const body = JSON.stringify(res.body);
    for (const secret of ['ORD-2026-8888', 'jane.doe', 'AB12', s.theos.id, s.theos.orderId!]) {
      expect(body).not.toContain(secret);
    }
    expect(body).not.toMatch(/ip_hash|user_agent|userAgent|ipHash|referrer|country/i);

    // Filters: status, offer; another brand's offer or one she has no link on → 404.
    const paid = await get<{ rows: CreatorConversion[] }>(
      conversionsLoader,
      `/creator/${b}/conversions?status=paid`,
      s.cookie,
      { brandId: b },
    );
    expect(paid.body.rows.map((r) => r.id)).toEqual([s.kept.id]);
    const held = await get<{ rows: CreatorConversion[] }>(
      conversionsLoader,
      `/creator/${b}/conversions?offer=${s.offers[0].offer.id}`,
      s.cookie,
      { brandId: b },
    );
    expect(held.body.rows.map((r) => r.id)).toEqual([s.pending.id]);
    const other = await ledgerSetup();
    for (const offer of [other.offers[0].offer.id, '00000000-0000-4000-8000-000000000000']) {
      const res404 = await get(
        conversionsLoader,
        `/creator/${b}/conversions?offer=${offer}`,
        s.cookie,
        { brandId: b },
      );
      expect(res404.status).toBe(404);
    }
    // Theo sees only his.
    const theo = await get<{ rows: CreatorConversion[] }>(
      conversionsLoader,
      `/creator/${b}/conversions`,
      s.theoCookie,
      { brandId: b },
    );
    expect(theo.body.rows.map((r) => r.id)).toEqual([s.theos.id]);
  });

  test('refused conversions are not shown', async () => {
    const s = await ledgerSetup();
    await s.convert({ commissionMinor: 100, status: 'refused' });
    const ok = await s.convert({ commissionMinor: 100 });
    const page = await listCreatorConversions(s.brand.id, s.members[0].id, {});
    expect(page.rows.map((r) => r.id)).toEqual([ok.id]);
  });

  test('keyset pages cover every conversion once, newest first, also within one millisecond', async () => {
    const s = await ledgerSetup();
    const base = Date.now() - DAY;
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Several in the same millisecond (and the same microsecond: the id breaks the tie).
      const row = await s.convert({
        commissionMinor: 100 + i,
        createdAt: new Date(base + Math.floor(i / 4)),
      });
      ids.push(row.id);
    }
    await db.execute(sql`
      update conversions set created_at = created_at + make_interval(secs => (random() * 900)::int / 1e6)
       where brand_id = ${s.brand.id} and commission_minor % 3 = 0`);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listCreatorConversions(s.brand.id, s.members[0].id, {}, after, 4);
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(6);
    expect([...seen].sort()).toEqual([...ids].sort());
    const expected = await db.execute<{ id: string }>(sql`
      select id from conversions where brand_id = ${s.brand.id} and member_id = ${s.members[0].id}
       order by created_at desc, id desc`);
    expect(seen).toEqual(expected.map((r) => r.id));
    // A malformed position is the first page.
    const bad = await listCreatorConversions(s.brand.id, s.members[0].id, {}, 'x_y', 4);
    expect(bad.rows.map((r) => r.id)).toEqual(seen.slice(0, 4));
  });

  test('maskOrderRef keeps at most the last 4 characters and never more than half', () => {
    expect(maskOrderRef('ORDER-12345678')).toBe('••••5678');
    expect(maskOrderRef('12345')).toBe('••••45');
    expect(maskOrderRef('X')).toBe('••••');
    expect(maskOrderRef(null)).toBeNull();
  });
});

describe('payment history', () => {
  test('statements with period, amount, status, paid date, method, reference; a clawback carried forward', async () => {
    const s = await paidAndClawedBack();
    const b = s.brand.id;
    const res = await get<{
      statements: CreatorStatement[];
      due: { currency: string; payableMinor: number; carriedMinor: number }[];
    }>(paymentsLoader, `/creator/${b}/payments`, s.cookie, { brandId: b });
    expect(res.status).toBe(200);
    const [next, paid] = res.body.statements;
    expect(res.body.statements).toHaveLength(2);
    expect(paid).toMatchObject({
      id: s.paidId,
      amountMinor: 1300,
      status: 'paid',
      paymentMethod: 'paypal',
      paymentReference: 'PP-BATCH-77',
      lines: 2,
    });
    expect(paid.paidOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(next).toMatchObject({ amountMinor: -1000, status: 'carried_forward', lines: 1 });
    expect(res.body.due).toEqual([
      expect.objectContaining({ currency: 'USD', payableMinor: 0, carriedMinor: -1000 }),
    ]);

    // The paid statement's lines: masked, the refunded one now "reversed".
    const page = await get<{ lines: CreatorStatementLine[]; statement: { amountMinor: number } }>(
      statementLoader,
      `/creator/${b}/payments/${s.paidId}`,
      s.cookie,
      { brandId: b, statementId: s.paidId },
    );
    expect(page.status).toBe(200);
    expect(page.body.lines.map((l) => [l.kind, l.orderRef, l.amountMinor, l.status])).toEqual([
      ['commission', '••••.com', 1000, 'reversed'],
      ['commission', '••••', 300, 'approved'],
    ]);
    // The next statement: the clawback as a negative line.
    const clawback = await get<{ lines: CreatorStatementLine[] }>(
      statementLoader,
      `/creator/${b}/payments/${next.id}`,
      s.cookie,
      { brandId: b, statementId: next.id },
    );
    expect(clawback.body.lines).toEqual([
      expect.objectContaining({
        kind: 'adjustment',
        orderRef: '••••.com',
        amountMinor: -1000,
        note: expect.stringMatching(
          /^Reversal of a commission paid on \d{4}-\d{2}-\d{2}: Refunded in full$/,
        ),
      }),
    ]);
    expect(JSON.stringify(clawback.body)).not.toContain('jane.doe');

    // Theo's statement under Maya's session: 404, like an unknown id.
    const [theos] = await db.execute<{ id: string }>(
      sql`select id from statements where member_id = ${s.members[1].id}`,
    );
    for (const id of [theos.id, 'nope']) {
      const r = await get(statementLoader, `/creator/${b}/payments/${id}`, s.cookie, {
        brandId: b,
        statementId: id,
      });
      expect(r.status).toBe(404);
    }
  });

  test('CSV downloads: header row, ISO dates, major units with currency, masked order refs, only hers', async () => {
    const s = await paidAndClawedBack();
    const b = s.brand.id;
    const statementsCsv = await get<string>(
      statementsCsvLoader,
      `/creator/${b}/payments/statements.csv`,
      s.cookie,
      { brandId: b },
    );
    expect(statementsCsv.status).toBe(200);
    expect(statementsCsv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(statementsCsv.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const statementRows = parse(statementsCsv.body, { columns: true }) as Record<string, string>[];
    expect(
      statementRows.map((r) => [
        r['Currency'],
        r['Total'],
        r['Status'],
        r['Payment method'],
        r['Payment reference'],
      ]),
    ).toEqual([
      ['USD', '-10.00', 'Carried forward', '', ''],
      ['USD', '13.00', 'Paid', 'PayPal', 'PP-BATCH-77'],
    ]);
    expect(statementRows[1]['Paid on']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(statementRows[1]['Period']).toMatch(/^\d{4}-\d{2}$/);

    const linesCsv = await get<string>(
      linesCsvLoader,
      `/creator/${b}/payments/lines.csv`,
      s.cookie,
      { brandId: b },
    );
    expect(linesCsv.body.split('\r\n')[0]).toBe(
      'Statement ID,Period,Currency,Line,Date (UTC),Offer,Order reference,Sale amount,Commission,Status,Reject reason,Note',
    );
    const lineRows = parse(linesCsv.body, { columns: true }) as Record<string, string>[];
    expect(
      lineRows.map((r) => [
        r['Line'],
        r['Order reference'],
        r['Sale amount'],
        r['Commission'],
        r['Status'],
      ]),
    ).toEqual([
      ['Adjustment', '••••.com', '', '-10.00', 'Adjustment'],
      ['Commission', '••••.com', '100.00', '10.00', 'Reversed'],
      // A line of the paid statement: "Paid", as the statement page and the conversions list
      // say (it said "Approved" before issue 19).
      ['Commission', '••••', '30.00', '3.00', 'Paid'],
    ]);
    for (const r of lineRows)
      expect(r['Date (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(linesCsv.body).not.toContain('jane.doe');
    expect(linesCsv.body).not.toContain(s.theos.orderId!);

    // One statement's lines; another creator's statement → 404.
    const one = await get<string>(
      linesCsvLoader,
      `/creator/${b}/payments/lines.csv?statement=${s.paidId}`,
      s.cookie,
      { brandId: b },
    );
    expect(parse(one.body, { columns: true })).toHaveLength(2);
    const [theos] = await db.execute<{ id: string }>(
      sql`select id from statements where member_id = ${s.members[1].id}`,
    );
    const foreign = await get<string>(
      linesCsvLoader,
      `/creator/${b}/payments/lines.csv?statement=${theos.id}`,
      s.cookie,
      { brandId: b },
    );
    expect(foreign.status).toBe(404);
  });

  test('below the minimum payout: carried forward, with the minimum and the balance in words', async () => {
    const s = await ledgerSetup({ offers: [{ holdingPeriodDays: 0 }] });
    await s.convert({ member: 0, commissionMinor: 1200 });
    await setMinimumPayouts(db, s.brand.id, { USD: 5000 }, user(s.user.id));
    await rollupBrand(s.brand.id);
    const cookie = await sessionCookieFor({ memberId: s.members[0].id });
    const res = await get<{
      statements: CreatorStatement[];
      due: { dueMinor: number; reachesMinimum: boolean; minimumMinor: number }[];
    }>(paymentsLoader, `/creator/${s.brand.id}/payments`, cookie, { brandId: s.brand.id });
    expect(res.body.statements.map((x) => x.status)).toEqual(['carried_forward']);
    expect(res.body.due).toEqual([
      expect.objectContaining({ dueMinor: 1200, reachesMinimum: false, minimumMinor: 5000 }),
    ]);
    const page = await get<{ carried: string }>(
      statementLoader,
      `/creator/${s.brand.id}/payments/${res.body.statements[0].id}`,
      cookie,
      { brandId: s.brand.id, statementId: res.body.statements[0].id },
    );
    expect(page.body.carried).toBe('$38.00 more to reach the $50.00 minimum payout');
  });
});
