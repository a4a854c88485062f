import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversionBulkRuns, conversions, conversionStatusHistory } from '../../db/schema';
import { conversionSetup } from '../../test/conversion-setup';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { createLink, createMember } from '../../seed/factories';
import * as list from '../routes/brand+/conversions._index';
import * as csv from '../routes/brand+/conversions.export[.]csv';
import * as audit from '../routes/brand+/conversions.audit';
import * as newConversion from '../routes/brand+/conversions.new';
import * as reports from '../routes/brand+/reports._index';
import { getFigures } from '../reporting/figures.server';
import { foldStats } from '../reporting/rollups.server';
import { BULK_JOB_THRESHOLD, BULK_LIMIT, runBulkAction } from './bulk-action.server';
import { listConversions } from './conversion-list.server';
import { utcDateTimeValue } from './manual-conversion';
import { runJobs } from '../../test/jobs';

async function brand(options: Parameters<typeof conversionSetup>[0] = {}) {
  const setup = await conversionSetup(options);
  const cookie = await sessionCookieFor({ userId: setup.user.id });
  return { ...setup, cookie };
}

const countOf = async (brandId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversions)
      .where(eq(conversions.brandId, brandId))
  )[0].n;

/** `count` pending conversions of the brand's link, inserted directly (as the writer would). */
async function insertConversions(
  s: Awaited<ReturnType<typeof brand>>,
  count: number,
  status: 'pending' | 'rejected' = 'pending',
) {
  await db.execute(sql`
    insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                             amount_minor, currency, commission_minor, status, reject_reason,
                             source, created_at)
    select ${s.brand.id}, ${s.offer.id}, ${s.link.id}, ${s.member.id}, ${s.payouts[0].id},
           ${status} || '-' || gen_random_uuid(), 1000, 'USD', 100, ${status}::conversion_status,
           ${status === 'rejected' ? 'fraud' : null}::reject_reason, 'postback',
           now() - (i || ' seconds')::interval
      from generate_series(1, ${count}) i`);
}

const manualForm = (
  s: { member: { id: string }; link: { id: string } },
  fields: Record<string, string> = {},
) => ({
  memberId: s.member.id,
  linkId: s.link.id,
  orderId: 'MISSED-1',
  amount: '80.00',
  currency: 'USD',
  occurredAt: utcDateTimeValue(new Date()),
  note: 'Order came by phone',
  ...fields,
});

describe('manual conversions', () => {
  test('a manual conversion: commission by the link’s payout option, pending, in the audit log as the user, counted by the rollups', async () => {
    const s = await brand();
    const created = await callRoute(
      newConversion.action,
      makeRequest(`/brand/conversions/new?memberId=${s.member.id}`, {
        cookie: s.cookie,
        form: manualForm(s, { amount: '1,234.56' }),
      }),
    );
    expect(created.status).toBe(302);
    const id = created.headers.get('location')!.match(/conversions\/([0-9a-f-]{36})\?added/)![1];
    const [row] = await db.select().from(conversions).where(eq(conversions.id, id));
    expect(row).toMatchObject({
      brandId: s.brand.id,
      offerId: s.offer.id,
      linkId: s.link.id,
      memberId: s.member.id,
      payoutOptionId: s.payouts[0].id,
      orderId: 'MISSED-1',
      amountMinor: 123_456,
      // 10 % of 1,234.56, half-even like a postback's.
      commissionMinor: 12_346,
      currency: 'USD',
      status: 'pending',
      source: 'manual',
      clickId: null,
    });
    const log = await callRoute(
      audit.loader,
      makeRequest('/brand/conversions/audit', { cookie: s.cookie }),
    );
    expect((log.body as { rows: unknown[] }).rows[0]).toMatchObject({
      conversionId: id,
      fromStatus: null,
      toStatus: 'pending',
      actorKind: 'user',
      actorName: s.user.name,
      note: 'Order came by phone',
    });
    await foldStats();
    const figures = await getFigures({ brandId: s.brand.id, timeZone: 'UTC' }, null);
    expect(figures.conversions).toBe(1);
    expect(figures.commission).toEqual({ USD: 12_346 });
    expect(figures.sales).toEqual({ USD: 123_456 });

    // A flat-rate link: no amount needed; the commission is the CPA amount.
    const flat = await brand({
      payouts: [{ title: 'Flat', type: 'cpa_flat', amountMinor: 2_500 }],
    });
    const cpa = await callRoute(
      newConversion.action,
      makeRequest('/brand/conversions/new', {
        cookie: flat.cookie,
        form: manualForm(flat, { amount: '', currency: '' }),
      }),
    );
    expect(cpa.status).toBe(302);
    const [flatRow] = await db
      .select()
      .from(conversions)
      .where(eq(conversions.brandId, flat.brand.id));
    expect(flatRow).toMatchObject({ amountMinor: null, commissionMinor: 2_500, source: 'manual' });
  });

  test('bad input and a duplicate order id: a clear message, nothing stored', async () => {
    const s = await brand();
    const post = (fields: Record<string, string>) =>
      callRoute(
        newConversion.action,
        makeRequest('/brand/conversions/new', { cookie: s.cookie, form: manualForm(s, fields) }),
      );
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ orderId: '  ' }, 'orderId', /Enter the order id/],
      [{ amount: '' }, 'amount', /percentage of the sale/],
      [{ amount: '12.345' }, 'amount', /at most 2 decimals/],
      [{ amount: '-5' }, 'amount', /must be from 0 to 10,000,000 USD; -5 is too low/],
      [{ amount: '20000000' }, 'amount', /must be from 0 to 10,000,000 USD; 20000000 is too high/],
      [{ amount: 'lots' }, 'amount', /not a number .*from 0 to 10,000,000 USD/],
      [{ currency: 'EUR' }, 'currency', /not the offer's currency \(USD\)/],
      [{ currency: 'dollars' }, 'currency', /three-letter currency code/],
      [
        { occurredAt: utcDateTimeValue(new Date(Date.now() + 86_400_000)) },
        'occurredAt',
        /in the future/,
      ],
      [{ occurredAt: '2026-02-31T10:00' }, 'occurredAt', /date and time of the sale/],
      [{ occurredAt: '2020-01-01T10:00' }, 'occurredAt', /before the link was made/],
      [{ note: 'x'.repeat(1001) }, 'note', /At most 1000/],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await post(fields);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      const errors = (answer.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
      expect(errors[field]?.join(' '), JSON.stringify(fields)).toMatch(message);
    }
    expect(await countOf(s.brand.id)).toBe(0);

    expect((await post({})).status).toBe(302);
    const duplicate = await post({ amount: '10.00' });
    expect(duplicate.status).toBe(400);
    expect(
      (duplicate.body as { fieldErrors: Record<string, string[]> }).fieldErrors.orderId,
    ).toEqual(['The order MISSED-1 was already reported for this offer; nothing was added.']);
    expect(await countOf(s.brand.id)).toBe(1);
    const history = await db
      .select()
      .from(conversionStatusHistory)
      .where(eq(conversionStatusHistory.brandId, s.brand.id));
    expect(history).toHaveLength(1);
  });

  test("another brand's member or link, or another member's link: 404, nothing stored", async () => {
    const a = await brand();
    const b = await brand();
    const otherMember = await createMember(a.brand.id);
    const tries = [
      { memberId: b.member.id, linkId: b.link.id },
      { memberId: a.member.id, linkId: b.link.id },
      { memberId: b.member.id, linkId: a.link.id },
      { memberId: otherMember.id, linkId: a.link.id },
      { memberId: a.member.id, linkId: 'not-a-uuid' },
    ];
    for (const ids of tries) {
      const answer = await callRoute(
        newConversion.action,
        makeRequest('/brand/conversions/new', { cookie: a.cookie, form: manualForm(a, ids) }),
      );
      expect(answer.status, JSON.stringify(ids)).toBe(ids.linkId === 'not-a-uuid' ? 400 : 404);
    }
    expect(await countOf(a.brand.id)).toBe(0);
    expect(await countOf(b.brand.id)).toBe(0);

    // The form lists the brand's own members only, and another brand's member is a 404.
    const form = await callRoute(
      newConversion.loader,
      makeRequest(`/brand/conversions/new?memberId=${a.member.id}`, { cookie: a.cookie }),
    );
    const body = form.body as { members: { id: string }[]; links: { id: string }[] };
    expect(body.members.map((m) => m.id).sort()).toEqual([a.member.id, otherMember.id].sort());
    expect(body.links.map((l) => l.id)).toEqual([a.link.id]);
    const foreign = await callRoute(
      newConversion.loader,
      makeRequest(`/brand/conversions/new?memberId=${b.member.id}`, { cookie: a.cookie }),
    );
    expect(foreign.status).toBe(404);
    // Signed out: to the sign-in page, nothing stored.
    const anonymous = await callRoute(
      newConversion.action,
      makeRequest('/brand/conversions/new', { form: manualForm(a) }),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/sign-in/);
    expect(await countOf(a.brand.id)).toBe(0);
  });
});

describe('filters', () => {
  test("offer and member dropdowns list the brand's own; another brand's ids in a filter are 404 for the list, its actions and the CSV", async () => {
    const a = await brand();
    const b = await brand();
    await insertConversions(a, 2);
    const page = await callRoute(
      list.loader,
      makeRequest('/brand/conversions', { cookie: a.cookie }),
    );
    const body = page.body as { offers: { id: string }[]; members: { id: string }[] };
    expect(body.offers.map((o) => o.id)).toEqual([a.offer.id]);
    expect(body.members.map((m) => m.id)).toEqual([a.member.id]);

    const filtered = await callRoute(
      list.loader,
      makeRequest(`/brand/conversions?offerId=${a.offer.id}&memberId=${a.member.id}`, {
        cookie: a.cookie,
      }),
    );
    expect((filtered.body as { rows: unknown[] }).rows).toHaveLength(2);

    for (const query of [`offerId=${b.offer.id}`, `memberId=${b.member.id}`]) {
      const loader = await callRoute(
        list.loader,
        makeRequest(`/brand/conversions?${query}`, { cookie: a.cookie }),
      );
      expect(loader.status, query).toBe(404);
      const action = await callRoute(
        list.action,
        makeRequest(`/brand/conversions?${query}&index`, {
          cookie: a.cookie,
          form: { intent: 'approve', scope: 'filter' },
        }),
      );
      expect(action.status, query).toBe(404);
      const exported = await callRoute(
        csv.loader,
        makeRequest(`/brand/conversions/export.csv?${query}`, { cookie: a.cookie }),
      );
      expect(exported.status, query).toBe(404);
    }
    const rows = await db.select().from(conversions).where(eq(conversions.brandId, a.brand.id));
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
  });

  test('the reports page: "All offers" and "All members" (empty values) mean no filter; a member filter works', async () => {
    const a = await brand();
    const b = await brand();
    const all = await callRoute(
      reports.loader,
      makeRequest('/brand/reports?period=30d&offer=&member=', { cookie: a.cookie }),
    );
    expect(all.status).toBe(200);
    const dashboard = (all.body as { dashboard: { members: { id: string }[] } }).dashboard;
    expect(dashboard.members.map((m) => m.id)).toEqual([a.member.id]);
    const one = await callRoute(
      reports.loader,
      makeRequest(`/brand/reports?period=30d&member=${a.member.id}`, { cookie: a.cookie }),
    );
    expect(one.status).toBe(200);
    const foreign = await callRoute(
      reports.loader,
      makeRequest(`/brand/reports?period=30d&member=${b.member.id}`, { cookie: a.cookie }),
    );
    expect(foreign.status).toBe(404);
  });
});

describe('bulk changes as a job', () => {
  test(`over ${BULK_JOB_THRESHOLD} matching: queued as a job with progress; illegal ones counted as refused; a retry changes nothing twice`, async () => {
    const s = await brand();
    const other = await brand();
    await insertConversions(s, 560);
    await insertConversions(s, 40, 'rejected');
    await insertConversions(other, 3);
    const queued = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie: s.cookie,
        form: { intent: 'approve', scope: 'filter' },
      }),
    );
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ ok: true, queued: 600, changed: 0 });
    // Nothing changed yet: the job does it.
    const pendingNow = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversions)
      .where(and(eq(conversions.brandId, s.brand.id), eq(conversions.status, 'pending')));
    expect(pendingNow[0].n).toBe(560);

    const before = await callRoute(
      list.loader,
      makeRequest('/brand/conversions', { cookie: s.cookie }),
    );
    expect((before.body as { bulkRun: unknown }).bulkRun).toMatchObject({
      status: 'queued',
      total: 600,
      processed: 0,
    });
    // Another brand's page does not show it.
    const elsewhere = await callRoute(
      list.loader,
      makeRequest('/brand/conversions', { cookie: other.cookie }),
    );
    expect((elsewhere.body as { bulkRun: unknown }).bulkRun).toBeNull();

    await runJobs();
    const after = await callRoute(
      list.loader,
      makeRequest('/brand/conversions', { cookie: s.cookie }),
    );
    expect((after.body as { bulkRun: unknown }).bulkRun).toMatchObject({
      status: 'done',
      total: 600,
      processed: 600,
      changed: 560,
      unchanged: 0,
      refused: 40,
      refusedMessage: expect.stringContaining('Only a pending commission can be approved'),
    });
    const statuses = await db.execute<{ status: string; n: number }>(sql`
      select status, count(*)::int as n from conversions where brand_id = ${s.brand.id}
       group by status order by status`);
    expect([...statuses]).toEqual([
      { status: 'approved', n: 560 },
      { status: 'rejected', n: 40 },
    ]);
    expect(
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from conversions where brand_id = ${other.brand.id} and status = 'pending'`,
        )
      )[0].n,
    ).toBe(3);

    // A retry of the finished job does nothing; one restarted from scratch (as after a crash
    // before its first commit) finds every conversion already approved and changes none twice.
    const [run] = await db
      .select()
      .from(conversionBulkRuns)
      .where(eq(conversionBulkRuns.brandId, s.brand.id));
    expect(await runBulkAction(run.id)).toBeNull();
    await db
      .update(conversionBulkRuns)
      .set({ status: 'failed', processed: 0, changedCount: 0, refusedCount: 0 })
      .where(eq(conversionBulkRuns.id, run.id));
    // Two workers at once: the run's row lock hands each chunk to one of them.
    await Promise.all([runBulkAction(run.id), runBulkAction(run.id)]);
    const [again] = await db
      .select()
      .from(conversionBulkRuns)
      .where(eq(conversionBulkRuns.id, run.id));
    expect(again).toMatchObject({
      status: 'done',
      processed: 600,
      changedCount: 0,
      unchangedCount: 560,
      refusedCount: 40,
    });
    const history = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from conversion_status_history
       where brand_id = ${s.brand.id} and to_status = 'approved'`);
    expect(history[0].n).toBe(560);
  }, 60_000);

  test(`at most ${BULK_LIMIT.toLocaleString('en-US')}: more matching is refused with a message, nothing changes; up to ${BULK_JOB_THRESHOLD} stays immediate`, async () => {
    const s = await brand();
    await insertConversions(s, BULK_LIMIT + 1);
    const refused = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie: s.cookie,
        form: { intent: 'reject', reason: 'fraud', scope: 'filter' },
      }),
    );
    expect(refused.status).toBe(400);
    expect((refused.body as { formError: string }).formError).toMatch(
      /More than 10,000 conversions match the filter; at most 10,000 can be changed at once/,
    );
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from conversions where brand_id = ${s.brand.id} and status <> 'pending'`,
    );
    expect(n).toBe(0);
    expect(
      await db.select().from(conversionBulkRuns).where(eq(conversionBulkRuns.brandId, s.brand.id)),
    ).toHaveLength(0);

    // A reject whose reason needs a note is refused before anything is queued.
    const noNote = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index&status=pending', {
        cookie: s.cookie,
        form: { intent: 'reject', reason: 'other', scope: 'filter' },
      }),
    );
    expect(noNote.status).toBe(400);

    const small = await brand();
    await insertConversions(small, BULK_JOB_THRESHOLD);
    const now = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie: small.cookie,
        form: { intent: 'reverse', scope: 'filter', note: 'Refunded' },
      }),
    );
    expect(now.body).toMatchObject({ ok: true, changed: BULK_JOB_THRESHOLD });
    expect(now.body).not.toHaveProperty('queued', expect.anything());
  }, 60_000);
});

describe('keyset paging', () => {
  test('rows of one millisecond, apart by microseconds, across page boundaries: each once', async () => {
    const s = await brand();
    await db.execute(sql`
      insert into conversions (brand_id, offer_id, link_id, member_id, order_id, currency,
                               commission_minor, status, source, created_at)
      select ${s.brand.id}, ${s.offer.id}, ${s.link.id}, ${s.member.id}, 'us-' || i, 'USD', 0,
             'pending', 'postback',
             '2026-11-01 12:00:00.123+00'::timestamptz + (i % 7 || ' microseconds')::interval
        from generate_series(1, 20) i`);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listConversions>> = await listConversions(
        s.brand.id,
        {},
        after,
        3,
      );
      seen.push(...page.rows.map((r) => r.orderId!));
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });
});

describe('a link of a member', () => {
  test('deep links are offered too', async () => {
    const s = await brand();
    const deep = await createLink({
      brandId: s.brand.id,
      offerId: s.offer.id,
      memberId: s.member.id,
      payoutOptionId: s.payouts[0].id,
      deepLink: 'https://shop.example.com/serum',
    });
    const form = await callRoute(
      newConversion.loader,
      makeRequest(`/brand/conversions/new?memberId=${s.member.id}`, { cookie: s.cookie }),
    );
    const links = (form.body as { links: { id: string; name: string }[] }).links;
    expect(links.map((l) => l.id)).toEqual([s.link.id, deep.id]);
    expect(links[1].name).toContain('deep link');
  });
});
