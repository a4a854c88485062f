/**
 * The brand's Payouts pages and exports, through their loaders and actions with real sessions:
 * amounts due, statements, a statement's lines, rejecting from a statement, Mark paid with the
 * "you were paid" email job, the CSV and PayPal exports parsed back, tenant isolation and bad
 * input (nothing changes).
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { taskList } from '../../workers';
import { loader as linesCsvLoader } from '../routes/brand+/payouts.lines[.]csv';
import {
  action as overviewAction,
  loader as overviewLoader,
} from '../routes/brand+/payouts._index';
import { loader as paypalFileLoader } from '../routes/brand+/payouts.paypal.$currency';
import { loader as paypalPageLoader } from '../routes/brand+/payouts.paypal._index';
import {
  action as statementAction,
  loader as statementLoader,
} from '../routes/brand+/payouts.statements.$statementId';
import { loader as statementsLoader } from '../routes/brand+/payouts.statements._index';
import { loader as statementsCsvLoader } from '../routes/brand+/payouts.statements[.]csv';
import { paidEmailJobKey } from './mark-paid.server';
import { balanceKey, encodeShown } from './payouts-page-schemas';
import { reverseConversions } from './lifecycle.server';
import { paypalCustomerId } from './paypal-payouts-file.server';
import { rollupBrand } from './rollup.server';

type Fn = Parameters<typeof callRoute>[0];
const get = (fn: unknown, cookie: string, path: string, params: Record<string, string> = {}) =>
  callRoute(fn as Fn, makeRequest(path, { cookie }), params);
const post = (
  fn: unknown,
  cookie: string,
  path: string,
  form: Record<string, string | string[]>,
  params: Record<string, string> = {},
) => callRoute(fn as Fn, makeRequest(path, { cookie, form }), params);

/** The raw text of a streamed download. */
async function download(fn: unknown, cookie: string, path: string, params = {}) {
  const response = (await (fn as Fn)({
    request: makeRequest(path, { cookie }),
    params,
    context: {},
  })) as Response;
  return { response, text: await response.text() };
}

const lockedJobs = async () =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where locked_at is not null`,
      )
    )[0].n,
  );
const runJobs = async () => {
  await runOnce({ connectionString: process.env.DATABASE_URL!, taskList });
  await expect.poll(lockedJobs, { timeout: 5_000 }).toBe(0);
};
const jobsFor = async (task: string) =>
  db.execute<{ key: string | null }>(
    sql`select key from graphile_worker.jobs where task_identifier = ${task}`,
  );

let orders = 0;

/** A brand with two members (Ann has a payout email, Bob has not) and approved-able sales. */
async function setup(options: { brandName?: string } = {}) {
  const { brand, user } = await createBrandWithUser({ brandName: options.brandName });
  const { offer, payouts } = await createOffer(brand.id, { name: 'Spring Sale', currency: 'USD' });
  const ann = await createMember(brand.id, {
    name: 'Ann Archer',
    email: `ann${++orders}@example.com`,
  });
  const bob = await createMember(brand.id, {
    name: 'Bob Baker',
    email: `bob${++orders}@example.com`,
  });
  await db.execute(
    sql`update members set payout_email = ${`paypal-ann${orders}@example.com`} where id = ${ann.id}`,
  );
  const linkOf = async (memberId: string) =>
    createLink({ brandId: brand.id, offerId: offer.id, memberId, payoutOptionId: payouts[0].id });
  const links = { [ann.id]: await linkOf(ann.id), [bob.id]: await linkOf(bob.id) };
  async function sale(
    memberId: string,
    commissionMinor: number,
    orderId = `ORD-${++orders}`,
    createdAt = new Date(),
  ) {
    const link = links[memberId];
    const [row] = await db
      .insert(conversions)
      .values({
        brandId: brand.id,
        offerId: offer.id,
        linkId: link.id,
        memberId,
        payoutOptionId: payouts[0].id,
        orderId,
        amountMinor: commissionMinor * 10,
        currency: 'USD',
        commissionMinor,
        status: 'pending',
        source: 'postback',
        createdAt,
      })
      .returning();
    return row;
  }
  const cookie = await sessionCookieFor({ userId: user.id });
  return { brand, user, offer, ann, bob, sale, cookie };
}

async function statementsOf(brandId: string) {
  return db.execute<{
    id: string;
    member_id: string;
    amount_minor: string;
    status: string;
    payment_reference: string | null;
  }>(sql`select id, member_id, amount_minor::text, status::text, payment_reference
           from statements where brand_id = ${brandId} order by member_id`);
}

/** A statement's id by member (after a rollup). */
async function statementIdOf(brandId: string, memberId: string) {
  const rows = await statementsOf(brandId);
  return rows.find((r) => r.member_id === memberId)!.id;
}

type DueRow = {
  memberId: string;
  name: string;
  currency: string;
  payableMinor: number;
  carriedMinor: number;
  statements: { id: string; amountMinor: number; periodStart: string }[];
};

/** The Amounts due page as the brand sees it: its rows. */
async function dueRows(cookie: string) {
  const page = await get(overviewLoader, cookie, '/brand/payouts');
  return (page.body as { due: { members: DueRow[] } }).due.members;
}

/**
 * The Mark paid form of Amounts due, as the page builds it: the members ticked (by name) and
 * every row's hidden statements and totals as the page showed them.
 */
function dueForm(rows: DueRow[], names: string[], payment: Record<string, string>) {
  const form: Record<string, string | string[]> = { intent: 'mark-paid', ...payment };
  form.balance = rows
    .filter((r) => names.includes(r.name))
    .map((r) => balanceKey(r.memberId, r.currency));
  for (const r of rows) {
    if (r.payableMinor > 0)
      form[`shown:${balanceKey(r.memberId, r.currency)}`] = encodeShown(r.statements);
  }
  return form;
}

/** A statement page's Mark paid form, as the page builds it from its loader. */
async function statementForm(cookie: string, statementId: string, payment: Record<string, string>) {
  const page = await get(statementLoader, cookie, `/brand/payouts/statements/${statementId}`, {
    statementId,
  });
  const { balance } = page.body as { balance: { id: string; amountMinor: number }[] };
  return { statementId, shown: encodeShown(balance), ...payment };
}

describe('Payouts pages', () => {
  test('amounts due per member and currency, statements, and a statement with its lines', async () => {
    const { brand, ann, bob, sale, cookie } = await setup();
    const a1 = await sale(ann.id, 1250, 'A-1');
    await sale(ann.id, 750, 'A-2');
    await sale(bob.id, 500, 'B-1');
    await rollupBrand(brand.id);

    const overview = await get(overviewLoader, cookie, '/brand/payouts');
    expect(overview.status).toBe(200);
    const body = overview.body as {
      totals: { currency: string; payableMinor: number; members: number }[];
      due: { members: { name: string; payableMinor: number; hasPayoutEmail: boolean }[] };
    };
    expect(body.totals).toEqual([
      { currency: 'USD', payableMinor: 2500, carriedMinor: 0, toRecoverMinor: 0, members: 2 },
    ]);
    expect(body.due.members.map((m) => [m.name, m.payableMinor, m.hasPayoutEmail])).toEqual([
      ['Ann Archer', 2000, true],
      ['Bob Baker', 500, false],
    ]);

    const list = await get(statementsLoader, cookie, '/brand/payouts/statements?status=open');
    const statements = (
      list.body as { statements: { memberName: string; amountMinor: number; lines: number }[] }
    ).statements;
    expect(statements.map((s) => [s.memberName, s.amountMinor, s.lines])).toEqual([
      ['Ann Archer', 2000, 2],
      ['Bob Baker', 500, 1],
    ]);

    const annStatement = await statementIdOf(brand.id, ann.id);
    const page = await get(statementLoader, cookie, `/brand/payouts/statements/${annStatement}`, {
      statementId: annStatement,
    });
    const detail = page.body as {
      statement: { amountMinor: number; commissionsMinor: number };
      lines: {
        orderId: string;
        saleMinor: number;
        amountMinor: number;
        status: string;
        offerName: string;
      }[];
    };
    expect(detail.statement.amountMinor).toBe(2000);
    expect(
      detail.lines.map((l) => [l.orderId, l.offerName, l.saleMinor, l.amountMinor, l.status]),
    ).toEqual([
      ['A-1', 'Spring Sale', 12500, 1250, 'approved'],
      ['A-2', 'Spring Sale', 7500, 750, 'approved'],
    ]);
    expect(a1.id).toBeTruthy();
  });

  test('bad filters are refused; another brand’s member or statement is a 404', async () => {
    const { brand, ann, sale, cookie } = await setup();
    const other = await setup();
    await sale(ann.id, 1000);
    await rollupBrand(brand.id);
    const statementId = await statementIdOf(brand.id, ann.id);

    expect(
      (await get(statementsLoader, cookie, '/brand/payouts/statements?status=late')).status,
    ).toBe(400);
    expect(
      (await get(statementsLoader, cookie, '/brand/payouts/statements?period=2026-13')).status,
    ).toBe(400);
    expect(
      (await get(statementsLoader, other.cookie, `/brand/payouts/statements?member=${ann.id}`))
        .status,
    ).toBe(404);
    for (const id of [statementId, 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      const res = await get(statementLoader, other.cookie, `/brand/payouts/statements/${id}`, {
        statementId: id,
      });
      expect(res.status).toBe(404);
    }
    // The other brand's pages and exports show nothing of this brand.
    const otherList = await get(statementsLoader, other.cookie, '/brand/payouts/statements');
    expect((otherList.body as { total: number }).total).toBe(0);
    const otherPaypal = await get(paypalPageLoader, other.cookie, '/brand/payouts/paypal');
    expect(otherPaypal.body).toMatchObject({ files: [], needsPayoutDetails: [] });
    const otherDue = await get(overviewLoader, other.cookie, '/brand/payouts');
    expect(otherDue.body).toMatchObject({ totals: [], due: { total: 0 }, run: null });
    const csv = await download(statementsCsvLoader, other.cookie, '/brand/payouts/statements.csv');
    expect(parse(csv.text)).toHaveLength(1);
    const lines = await download(linesCsvLoader, other.cookie, '/brand/payouts/lines.csv');
    expect(parse(lines.text)).toHaveLength(1);
    expect(
      (await get(paypalFileLoader, other.cookie, '/brand/payouts/paypal/USD', { currency: 'USD' }))
        .status,
    ).toBe(404);
    expect(
      (
        await get(
          statementsCsvLoader,
          other.cookie,
          `/brand/payouts/statements.csv?member=${ann.id}`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('Reject from the statement page', () => {
  test('needs a reason from the list; the total follows; another brand cannot', async () => {
    const { brand, ann, sale, cookie } = await setup();
    const other = await setup();
    const keep = await sale(ann.id, 1000, 'KEEP-1');
    const drop = await sale(ann.id, 400, 'DROP-1');
    await rollupBrand(brand.id);
    const statementId = await statementIdOf(brand.id, ann.id);
    const path = `/brand/payouts/statements/${statementId}`;
    const params = { statementId };
    const status = async (id: string) =>
      (
        await db.execute<{ status: string }>(
          sql`select status::text from conversions where id = ${id}`,
        )
      )[0].status;

    const noReason = await post(
      statementAction,
      cookie,
      path,
      { intent: 'reject', conversionId: drop.id, reason: '' },
      params,
    );
    expect(noReason.status).toBe(400);
    expect((noReason.body as { fieldErrors: Record<string, string[]> }).fieldErrors.reason).toEqual(
      ['Choose a reason from the list.'],
    );
    const otherNoNote = await post(
      statementAction,
      cookie,
      path,
      { intent: 'reject', conversionId: drop.id, reason: 'other' },
      params,
    );
    expect(otherNoNote.status).toBe(400);
    expect(
      (otherNoNote.body as { fieldErrors: Record<string, string[]> }).fieldErrors.note,
    ).toEqual(['Say why in the note when the reason is "Other".']);
    // Another brand, with this brand's statement and conversion ids: 404, nothing changes.
    const foreign = await post(
      statementAction,
      other.cookie,
      path,
      { intent: 'reject', conversionId: drop.id, reason: 'fraud' },
      params,
    );
    expect(foreign.status).toBe(404);
    // A conversion that is not a line of this statement: 404.
    const otherSale = await other.sale(other.ann.id, 100);
    const notALine = await post(
      statementAction,
      cookie,
      path,
      { intent: 'reject', conversionId: otherSale.id, reason: 'fraud' },
      params,
    );
    expect(notALine.status).toBe(404);
    expect(await status(drop.id)).toBe('approved');
    expect(await status(otherSale.id)).toBe('pending');
    expect((await statementsOf(brand.id))[0].amount_minor).toBe('1400');

    const ok = await post(
      statementAction,
      cookie,
      path,
      { intent: 'reject', conversionId: drop.id, reason: 'returned_order', note: 'Refunded' },
      params,
    );
    expect(ok.status).toBe(200);
    expect((ok.body as { done: string }).done).toContain('Returned order');
    expect(await status(drop.id)).toBe('rejected');
    expect(await status(keep.id)).toBe('approved');
    const after = await get(statementLoader, cookie, path, params);
    const detail = after.body as {
      statement: { amountMinor: number };
      lines: { orderId: string }[];
    };
    expect(detail.statement.amountMinor).toBe(1000);
    expect(detail.lines.map((l) => l.orderId)).toEqual(['KEEP-1']);
  });
});

describe('Mark paid', () => {
  test('one or many at once from Amounts due; each creator who wants it is emailed once', async () => {
    const { brand, ann, bob, sale, cookie } = await setup({ brandName: 'Glow <Co>' });
    await sale(ann.id, 2000);
    await sale(bob.id, 500);
    await db.execute(sql`update members set notify_paid = false where id = ${bob.id}`);
    await rollupBrand(brand.id);
    const rows = await dueRows(cookie);
    const before = await statementsOf(brand.id);

    // Bob has no PayPal address: he was not in the PayPal file, so "PayPal" is refused for him.
    const paypal = await post(
      overviewAction,
      cookie,
      '/brand/payouts',
      dueForm(rows, ['Ann Archer', 'Bob Baker'], {
        paidOn: '2026-11-30',
        method: 'paypal',
        reference: 'BATCH-42',
      }),
    );
    expect(paypal.status).toBe(400);
    expect((paypal.body as { fieldErrors: Record<string, string[]> }).fieldErrors.method).toEqual([
      'Bob Baker has given no PayPal address, so is not in the PayPal file. Mark them paid on their statement page with the method you used.',
    ]);
    expect(await statementsOf(brand.id)).toEqual(before);

    const res = await post(
      overviewAction,
      cookie,
      '/brand/payouts',
      dueForm(rows, ['Ann Archer', 'Bob Baker'], {
        paidOn: '2026-11-30',
        method: 'bank_transfer',
        reference: 'BATCH-42',
      }),
    );
    expect(res.status).toBe(200);
    expect((res.body as { done: string }).done).toBe(
      'Marked 2 payments paid (2 statements). 1 creator is emailed.',
    );
    expect((await statementsOf(brand.id)).map((s) => [s.status, s.payment_reference])).toEqual([
      ['paid', 'BATCH-42'],
      ['paid', 'BATCH-42'],
    ]);
    const [annPayout] = await db.execute<{ id: string; amount_minor: string }>(
      sql`select id, amount_minor::text from payouts where member_id = ${ann.id}`,
    );
    expect(annPayout.amount_minor).toBe('2000');
    const jobs = await jobsFor('payouts__paid_email');
    expect(jobs.map((j) => j.key)).toEqual([paidEmailJobKey(annPayout.id)]);

    await runJobs();
    // Queued again (a retried job, a second worker): still one email.
    await db.transaction(async (tx) => {
      const { enqueue } = await import('../jobs/enqueue.server');
      await enqueue(
        tx,
        'payouts__paid_email',
        { payoutId: annPayout.id },
        { jobKey: paidEmailJobKey(annPayout.id) },
      );
    });
    await runJobs();
    const emails = await db.execute<{
      to_address: string;
      subject: string;
      html: string;
      text: string;
      kind: string;
    }>(
      sql`select to_address, subject, html, text, kind from email_outbox where brand_id = ${brand.id}`,
    );
    expect(emails).toHaveLength(1);
    expect(emails[0].to_address).toBe(ann.email);
    expect(emails[0].kind).toBe('statement_paid');
    expect(emails[0].subject).toMatch(/^Glow <Co> paid you \$20\.00 for [A-Z][a-z]+ \d{4}$/);
    expect(emails[0].html).toContain('Glow &lt;Co&gt;');
    expect(emails[0].text).toContain('BATCH-42');
    expect(emails[0].text).toContain('Bank transfer');
    expect(emails[0].text).toMatch(/\/creator\/sign-in\/[a-z0-9]+/);
  });

  test('paid again, another brand’s or an unknown id, a 10 kB reference, bad fields: a clear message, nothing changes', async () => {
    const { brand, ann, bob, sale, cookie } = await setup();
    const other = await setup();
    await sale(ann.id, 2000);
    await sale(bob.id, 700);
    await rollupBrand(brand.id);
    const annStatement = await statementIdOf(brand.id, ann.id);
    const bobStatement = await statementIdOf(brand.id, bob.id);
    const rows = await dueRows(cookie);
    const payment = { paidOn: '2026-11-30', method: 'bank_transfer', reference: 'T-1' };
    const first = await post(
      statementAction,
      cookie,
      `/brand/payouts/statements/${annStatement}`,
      await statementForm(cookie, annStatement, payment),
      { statementId: annStatement },
    );
    expect(first.status).toBe(200);
    const before = await statementsOf(brand.id);
    const jobsBefore = (await jobsFor('payouts__paid_email')).length;

    // The Amounts due page opened before Ann was paid.
    const again = await post(
      overviewAction,
      cookie,
      '/brand/payouts',
      dueForm(rows, ['Ann Archer', 'Bob Baker'], payment),
    );
    expect(again.status).toBe(400);
    expect((again.body as { formError: string }).formError).toMatch(
      /already paid on 2026-11-30.*Nothing was marked paid\./,
    );

    const huge = await post(
      overviewAction,
      cookie,
      '/brand/payouts',
      dueForm(rows, ['Bob Baker'], { ...payment, reference: 'x'.repeat(10_240) }),
    );
    expect(huge.status).toBe(400);
    expect((huge.body as { fieldErrors: Record<string, string[]> }).fieldErrors.reference).toEqual([
      'The reference can be at most 200 characters.',
    ]);

    const badFields = await post(
      overviewAction,
      cookie,
      '/brand/payouts',
      dueForm(rows, ['Bob Baker'], { paidOn: 'tomorrow', method: 'cash' }),
    );
    expect(badFields.status).toBe(400);
    const errors = (badFields.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(errors.paidOn[0]).toBe('The payment date must be a date (YYYY-MM-DD).');
    expect(errors.method).toEqual(['Choose PayPal, bank transfer or other.']);

    const none = await post(overviewAction, cookie, '/brand/payouts', dueForm(rows, [], payment));
    expect(none.status).toBe(400);
    expect((none.body as { formError: string }).formError).toBe(
      'Select at least one member to mark paid.',
    );

    // Another brand marking this brand's member; an unknown statement; a mix with a foreign one.
    const bobKey = balanceKey(bob.id, 'USD');
    const bobShown = encodeShown([{ id: bobStatement, amountMinor: 700 }]);
    expect(
      (
        await post(overviewAction, other.cookie, '/brand/payouts', {
          intent: 'mark-paid',
          balance: bobKey,
          [`shown:${bobKey}`]: bobShown,
          ...payment,
        })
      ).status,
    ).toBe(404);
    for (const shown of [
      encodeShown([{ id: '00000000-0000-0000-0000-000000000000', amountMinor: 700 }]),
      'garbage',
    ]) {
      const res = await post(overviewAction, cookie, '/brand/payouts', {
        intent: 'mark-paid',
        balance: bobKey,
        [`shown:${bobKey}`]: shown,
        ...payment,
      });
      expect([400, 404]).toContain(res.status);
    }
    await other.sale(other.ann.id, 900);
    await rollupBrand(other.brand.id);
    const foreignStatement = await statementIdOf(other.brand.id, other.ann.id);
    expect(
      (
        await post(overviewAction, cookie, '/brand/payouts', {
          intent: 'mark-paid',
          balance: bobKey,
          [`shown:${bobKey}`]: encodeShown([
            { id: bobStatement, amountMinor: 700 },
            { id: foreignStatement, amountMinor: 900 },
          ]),
          ...payment,
        })
      ).status,
    ).toBe(404);
    // On a statement's page, the form may only pay that statement (with its member's others).
    expect(
      (
        await post(
          statementAction,
          cookie,
          `/brand/payouts/statements/${annStatement}`,
          await statementForm(cookie, bobStatement, payment),
          { statementId: annStatement },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await post(
          statementAction,
          other.cookie,
          `/brand/payouts/statements/${bobStatement}`,
          { statementId: bobStatement, shown: bobShown, ...payment },
          { statementId: bobStatement },
        )
      ).status,
    ).toBe(404);

    expect(await statementsOf(brand.id)).toEqual(before);
    expect((await statementsOf(other.brand.id))[0].status).toBe('open');
    expect((await jobsFor('payouts__paid_email')).length).toBe(jobsBefore);
  });

  test('a total that changed since the page was opened is refused; nothing is paid; the page shows the new total', async () => {
    // Issue 19, item 2: the statement page says "Record the payment of $26.02 to Ann"; a
    // reversal removes a $1.02 line meanwhile; the still-open form is submitted.
    const { brand, ann, sale, cookie } = await setup();
    await sale(ann.id, 2500, 'KEEP-1');
    const refunded = await sale(ann.id, 102, 'REFUND-1');
    await rollupBrand(brand.id);
    const statementId = await statementIdOf(brand.id, ann.id);
    const path = `/brand/payouts/statements/${statementId}`;
    const payment = { paidOn: '2026-11-30', method: 'bank_transfer', reference: 'SENT-2602' };
    const openForm = await statementForm(cookie, statementId, payment);
    const dueForm_ = dueForm(await dueRows(cookie), ['Ann Archer'], payment);
    await reverseConversions(db, brand.id, [refunded.id], {}, { kind: 'postback' });
    const before = await statementsOf(brand.id);
    const jobsBefore = (await jobsFor('payouts__paid_email')).length;

    const stale = await post(statementAction, cookie, path, openForm, { statementId });
    expect(stale.status).toBe(409);
    expect((stale.body as { formError: string }).formError).toBe(
      'The total changed from $26.02 to $25.00 since you opened this page. Nothing was marked paid.',
    );
    // The bulk form on Amounts due, opened at the same time: refused the same way.
    const staleBulk = await post(overviewAction, cookie, '/brand/payouts', dueForm_);
    expect(staleBulk.status).toBe(409);
    expect((staleBulk.body as { formError: string }).formError).toBe(
      'The total changed from $26.02 to $25.00 since you opened this page. Nothing was marked paid.',
    );
    expect(await statementsOf(brand.id)).toEqual(before);
    expect(await db.execute(sql`select 1 from payouts where brand_id = ${brand.id}`)).toHaveLength(
      0,
    );
    expect((await jobsFor('payouts__paid_email')).length).toBe(jobsBefore);

    // The page again: the new figures, and a form that pays them.
    const fresh = await statementForm(cookie, statementId, payment);
    expect(fresh.shown).toBe(encodeShown([{ id: statementId, amountMinor: 2500 }]));
    const ok = await post(statementAction, cookie, path, fresh, { statementId });
    expect(ok.status).toBe(200);
    const [payout] = await db.execute<{ amount_minor: string }>(
      sql`select amount_minor::text from payouts where brand_id = ${brand.id}`,
    );
    expect(payout.amount_minor).toBe('2500');
  });

  test('a member is paid the net of all their unpaid statements, a clawback’s negative one included', async () => {
    // Issue 19, item 3: September paid; in October a paid sale is refunded ($30.00 clawback) and
    // $10.00 earned (−$20.00, carried forward); in November $50.00 earned. Ann is owed $30.00.
    const { brand, ann, sale, cookie } = await setup();
    const at = (day: string) => new Date(`${day}T12:00:00Z`);
    const paidSale = await sale(ann.id, 3000, 'SEP-1', at('2026-09-14'));
    await rollupBrand(brand.id, { now: at('2026-09-15') });
    const september = await statementIdOf(brand.id, ann.id);
    await post(
      statementAction,
      cookie,
      `/brand/payouts/statements/${september}`,
      await statementForm(cookie, september, { paidOn: '2026-09-20', method: 'paypal' }),
      { statementId: september },
    );
    await reverseConversions(
      db,
      brand.id,
      [paidSale.id],
      {},
      { kind: 'postback' },
      {
        now: at('2026-10-05'),
      },
    );
    await sale(ann.id, 1000, 'OCT-1', at('2026-10-05'));
    await rollupBrand(brand.id, { now: at('2026-10-06') });
    await sale(ann.id, 5000, 'NOV-1', at('2026-11-09'));
    await rollupBrand(brand.id, { now: at('2026-11-10') });

    const rows = await dueRows(cookie);
    expect(rows.map((r) => [r.name, r.payableMinor, r.carriedMinor])).toEqual([
      ['Ann Archer', 3000, 0],
    ]);
    // The PayPal file pays the net, $30.00 (not November's $50.00).
    const plan = (await get(paypalPageLoader, cookie, '/brand/payouts/paypal')).body as {
      files: { totalMinor: number; part: number; parts: number; digest: string }[];
    };
    expect(plan.files.map((f) => f.totalMinor)).toEqual([3000]);
    const q = new URLSearchParams({
      part: '1',
      parts: '1',
      total: String(plan.files[0].totalMinor),
      v: plan.files[0].digest,
    });
    const file = await download(paypalFileLoader, cookie, `/brand/payouts/paypal/USD?${q}`, {
      currency: 'USD',
    });
    expect((parse(file.text) as string[][]).map((r) => r.slice(1, 3))).toEqual([['30.00', 'USD']]);

    // November's statement page pays the same $30.00 and settles both statements.
    const november = (await statementsOf(brand.id)).find(
      (s) => s.status === 'open' && s.amount_minor === '5000',
    )!.id;
    const page = await get(statementLoader, cookie, `/brand/payouts/statements/${november}`, {
      statementId: november,
    });
    expect(
      (page.body as { balance: { amountMinor: number }[] }).balance.map((b) => b.amountMinor),
    ).toEqual([-2000, 5000]);
    const res = await post(
      statementAction,
      cookie,
      `/brand/payouts/statements/${november}`,
      await statementForm(cookie, november, { paidOn: '2026-11-12', method: 'paypal' }),
      { statementId: november },
    );
    expect((res.body as { done: string }).done).toBe(
      '2 statements marked paid (one payment). The creator is emailed.',
    );
    expect((await statementsOf(brand.id)).map((s) => s.status)).toEqual(['paid', 'paid', 'paid']);
    const payouts = await db.execute<{ amount_minor: string; statement_count: number }>(
      sql`select amount_minor::text, statement_count from payouts where member_id = ${ann.id}
           order by paid_on`,
    );
    // Money sent: $30.00 + $30.00 = the $60.00 still approved ($10.00 + $50.00).
    expect(payouts.map((p) => [p.amount_minor, p.statement_count])).toEqual([
      ['3000', 1],
      ['3000', 2],
    ]);
    expect(await dueRows(cookie)).toEqual([]);
    await runJobs();
    const [email] = await db.execute<{ subject: string; text: string }>(sql`
      select subject, text from email_outbox
       where brand_id = ${brand.id} and subject like '%paid you $30.00 for October 2026%'`);
    expect(email.subject).toMatch(/paid you \$30\.00 for October 2026 and November 2026$/);
    expect(email.text).toContain('$30.00 taken back');
  });
});

describe('the "you were paid" task', () => {
  test('sends nothing when the creator turned the email off after the job was queued', async () => {
    const { brand, ann, sale, cookie } = await setup();
    await sale(ann.id, 2000);
    await rollupBrand(brand.id);
    const statementId = await statementIdOf(brand.id, ann.id);
    const res = await post(
      statementAction,
      cookie,
      `/brand/payouts/statements/${statementId}`,
      await statementForm(cookie, statementId, { paidOn: '2026-11-30', method: 'paypal' }),
      { statementId },
    );
    expect((res.body as { done: string }).done).toBe(
      'Statement marked paid. The creator is emailed.',
    );
    const [payout] = await db.execute<{ id: string }>(
      sql`select payout_id as id from statements where id = ${statementId}`,
    );
    expect((await jobsFor('payouts__paid_email')).map((j) => j.key)).toContain(
      paidEmailJobKey(payout.id),
    );
    await db.execute(sql`update members set notify_paid = false where id = ${ann.id}`);
    await runJobs();
    expect((await jobsFor('payouts__paid_email')).length).toBe(0);
    const emails = await db.execute(
      sql`select 1 from email_outbox where brand_id = ${brand.id} and kind = 'statement_paid'`,
    );
    expect(emails).toHaveLength(0);
  });
});

describe('Run now', () => {
  test('queues the rollup as a job; the page shows it queued, then done with its counts', async () => {
    const { brand, ann, sale, cookie } = await setup();
    await sale(ann.id, 1000);
    const res = await post(overviewAction, cookie, '/brand/payouts', {});
    expect(res.status).toBe(200);
    const queued = await get(overviewLoader, cookie, '/brand/payouts');
    expect((queued.body as { run: { status: string } }).run.status).toBe('queued');
    expect((await jobsFor('payouts__rollup')).length).toBe(1);
    await runJobs();
    const done = (await get(overviewLoader, cookie, '/brand/payouts')).body as {
      run: { status: string; approved: number; statements: number };
      due: { total: number };
    };
    expect(done.run).toMatchObject({ status: 'done', approved: 1, statements: 1 });
    expect(done.due.total).toBe(1);
    const [s] = await statementsOf(brand.id);
    expect(s.amount_minor).toBe('1000');
  });
});

describe('Exports', () => {
  test('statements and lines CSV parse back to what the database holds, clawbacks included', async () => {
    const { brand, ann, bob, sale, cookie } = await setup();
    const paid = await sale(ann.id, 1999, '=HYPERLINK("x")');
    await sale(ann.id, 1, 'A-2');
    await sale(bob.id, 12345, 'B-1');
    await rollupBrand(brand.id);
    const annStatement = await statementIdOf(brand.id, ann.id);
    await post(
      statementAction,
      cookie,
      `/brand/payouts/statements/${annStatement}`,
      await statementForm(cookie, annStatement, {
        paidOn: '2026-11-30',
        method: 'other',
        reference: '+ref',
      }),
      { statementId: annStatement },
    );
    // The paid commission is reversed: a clawback line in Ann's next statement.
    const { reverseConversions } = await import('./lifecycle.server');
    await reverseConversions(db, brand.id, [paid.id], { note: 'Chargeback' }, { kind: 'postback' });
    await rollupBrand(brand.id);

    const { response, text } = await download(
      statementsCsvLoader,
      cookie,
      '/brand/payouts/statements.csv',
    );
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="statements-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const db_ = await db.execute<{
      id: string;
      member_id: string;
      amount_minor: string;
      status: string;
      period_start: string;
    }>(
      sql`select id, member_id, amount_minor::text, status::text, period_start::text from statements where brand_id = ${brand.id}`,
    );
    expect(rows).toHaveLength(db_.length);
    for (const s of db_) {
      const row = rows.find((r) => r['Statement ID'] === s.id)!;
      expect(row['Total']).toBe((Number(s.amount_minor) / 100).toFixed(2));
      expect(row['Period start']).toBe(s.period_start);
      expect(row['PayPal customer ID']).toBe(paypalCustomerId(s.member_id));
    }
    const annRows = rows.filter((r) => r['Member'] === 'Ann Archer');
    expect(
      annRows.map((r) => [r['Status'], r['Total'], r['Commissions'], r['Adjustments']]).sort(),
    ).toEqual([
      ['Carried forward', '-19.99', '0.00', '-19.99'],
      ['Paid', '20.00', '20.00', '0.00'],
    ]);
    const paidRow = annRows.find((r) => r['Status'] === 'Paid')!;
    expect([paidRow['Paid on'], paidRow['Payment method'], paidRow['Payment reference']]).toEqual([
      '2026-11-30',
      'Other',
      "'+ref",
    ]);
    const bobRow = rows.find((r) => r['Member'] === 'Bob Baker')!;
    expect([bobRow['Payout email'], bobRow['Total'], bobRow['Status'], bobRow['Lines']]).toEqual([
      '',
      '123.45',
      'Due',
      '1',
    ]);

    const lines = parse((await download(linesCsvLoader, cookie, '/brand/payouts/lines.csv')).text, {
      columns: true,
    }) as Record<string, string>[];
    expect(
      lines
        .map((l) => [
          l['Member'],
          l['Line'],
          l['Order ID'],
          l['Sale amount'],
          l['Commission'],
          l['Status'],
        ])
        .sort(),
    ).toEqual(
      [
        ['Ann Archer', 'Adjustment', `'=HYPERLINK("x")`, '', '-19.99', 'Adjustment'],
        ['Ann Archer', 'Commission', `'=HYPERLINK("x")`, '199.90', '19.99', 'Reversed'],
        ['Ann Archer', 'Commission', 'A-2', '0.10', '0.01', 'Approved'],
        ['Bob Baker', 'Commission', 'B-1', '1234.50', '123.45', 'Approved'],
      ].sort(),
    );
    // The filter of the Statements tab applies to the exports too.
    const onlyDue = parse(
      (await download(statementsCsvLoader, cookie, '/brand/payouts/statements.csv?status=open'))
        .text,
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(onlyDue.map((r) => r['Member'])).toEqual(['Bob Baker']);
    expect((await get(linesCsvLoader, cookie, '/brand/payouts/lines.csv?status=nope')).status).toBe(
      400,
    );
  });

  test('more than 5,000 payees come as several files that never repeat a payee', async () => {
    const { brand, cookie } = await setup();
    // 5,001 more members with a payout email and a due statement each.
    await db.execute(sql`
      insert into members (brand_id, name, email, payout_email)
      select ${brand.id}, 'Creator ' || g, 'creator-' || g || '@example.com',
             'pp-' || g || '@example.com'
        from generate_series(1, 5001) g`);
    await db.execute(sql`
      insert into statements (brand_id, member_id, period_start, period_end, currency,
                              amount_minor, status)
      select ${brand.id}, m.id, '2026-11-01', '2026-11-30', 'USD', 100, 'open'
        from members m where m.brand_id = ${brand.id} and m.payout_email like 'pp-%'`);
    const page = (await get(paypalPageLoader, cookie, '/brand/payouts/paypal')).body as {
      files: {
        part: number;
        parts: number;
        payees: number;
        after: string;
        totalMinor: number;
        digest: string;
      }[];
    };
    expect(page.files.map((f) => [f.part, f.parts, f.payees])).toEqual([
      [1, 2, 5000],
      [2, 2, 1],
    ]);
    const fileRows = async (f: (typeof page.files)[number]) => {
      const q = new URLSearchParams({
        part: String(f.part),
        parts: String(f.parts),
        total: String(f.totalMinor),
        v: f.digest,
      });
      if (f.after) q.set('after', f.after);
      const { response, text } = await download(
        paypalFileLoader,
        cookie,
        `/brand/payouts/paypal/USD?${q}`,
        { currency: 'USD' },
      );
      expect(response.headers.get('content-disposition')).toContain(`-part-${f.part}-of-2.csv`);
      return parse(text) as string[][];
    };
    const first = await fileRows(page.files[0]);
    // Statements of the first part paid between the two downloads do not shift the second.
    await db.execute(sql`
      update statements set status = 'paid', paid_on = '2026-11-30', payment_method = 'other',
             paid_at = now()
       where id in (select id from statements where brand_id = ${brand.id}
                    order by member_id limit 10)`);
    const second = await fileRows(page.files[1]);
    expect(first).toHaveLength(5000);
    expect(second).toHaveLength(1);
    const emails = [...first, ...second].map((r) => r[0]);
    expect(new Set(emails).size).toBe(5001);
    expect(emails.every((e) => /^pp-\d+@example\.com$/.test(e))).toBe(true);
    expect(first.every((r) => r[1] === '1.00' && r[2] === 'USD' && r[5] === 'PAYPAL')).toBe(true);
  });

  test('the PayPal file pays members with a payout email; the others need payout details', async () => {
    const { brand, ann, bob, sale, cookie } = await setup({ brandName: 'Glow, Inc' });
    await sale(ann.id, 1000);
    await sale(ann.id, 234);
    await sale(bob.id, 500);
    await rollupBrand(brand.id);

    const page = (await get(paypalPageLoader, cookie, '/brand/payouts/paypal')).body as {
      files: {
        currency: string;
        part: number;
        parts: number;
        payees: number;
        totalMinor: number;
        after: string;
        digest: string;
      }[];
      needsPayoutDetails: { name: string; amountMinor: number }[];
    };
    expect(page.files).toEqual([
      {
        currency: 'USD',
        part: 1,
        parts: 1,
        payees: 1,
        totalMinor: 1234,
        after: '',
        digest: expect.stringMatching(/^[\w-]{22}$/),
      },
    ]);
    expect(page.needsPayoutDetails.map((m) => [m.name, m.amountMinor])).toEqual([
      ['Bob Baker', 500],
    ]);

    const { response, text } = await download(
      paypalFileLoader,
      cookie,
      `/brand/payouts/paypal/USD?part=1&parts=1&total=1234&v=${page.files[0].digest}`,
      { currency: 'USD' },
    );
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="paypal-payouts-USD-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [payoutEmail] = (
      await db.execute<{ payout_email: string }>(
        sql`select payout_email from members where id = ${ann.id}`,
      )
    ).map((r) => r.payout_email);
    const rows = parse(text) as string[][];
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe(payoutEmail);
    expect(rows[0].slice(1, 4)).toEqual(['12.34', 'USD', paypalCustomerId(ann.id)]);
    expect(rows[0][4]).toMatch(/^Glow, Inc commissions for [A-Z][a-z]+ \d{4}$/);
    expect(rows[0][5]).toBe('PAYPAL');

    for (const [path, currency] of [
      ['/brand/payouts/paypal/EUR', 'EUR'],
      ['/brand/payouts/paypal/usd', 'usd'],
      ['/brand/payouts/paypal/USD?after=nope', 'USD'],
      ['/brand/payouts/paypal/USD?part=2&parts=1', 'USD'],
    ]) {
      expect((await get(paypalFileLoader, cookie, path, { currency })).status).toBe(404);
    }
  });

  test('a PayPal file whose payouts changed since the page listed them is not downloaded', async () => {
    const { brand, ann, sale, cookie } = await setup();
    await sale(ann.id, 2500);
    const refunded = await sale(ann.id, 102);
    await rollupBrand(brand.id);
    const listed = (await get(paypalPageLoader, cookie, '/brand/payouts/paypal')).body as {
      files: { totalMinor: number; digest: string }[];
    };
    expect(listed.files.map((f) => f.totalMinor)).toEqual([2602]);
    const link = `/brand/payouts/paypal/USD?${new URLSearchParams({
      part: '1',
      parts: '1',
      total: String(listed.files[0].totalMinor),
      v: listed.files[0].digest,
    })}`;
    await reverseConversions(db, brand.id, [refunded.id], {}, { kind: 'postback' });

    const refused = await get(paypalFileLoader, cookie, link, { currency: 'USD' });
    expect(refused.status).toBe(302);
    const back = refused.headers.get('location')!;
    expect(back).toBe('/brand/payouts/paypal?changed=USD&part=1&was=2602');
    const page = (await get(paypalPageLoader, cookie, back)).body as {
      changed: { currency: string; wasMinor: number; nowMinor: number };
      files: { totalMinor: number }[];
    };
    expect(page.changed).toEqual({ currency: 'USD', wasMinor: 2602, nowMinor: 2500 });
    expect(page.files.map((f) => f.totalMinor)).toEqual([2500]);
    // A link without what the page showed is not a file either.
    const bare = await get(paypalFileLoader, cookie, '/brand/payouts/paypal/USD?part=1&parts=1', {
      currency: 'USD',
    });
    expect(bare.status).toBe(302);
  });
});
