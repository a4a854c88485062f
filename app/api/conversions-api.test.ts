/**
 * Conversions, statements and reports over the REST API (issue #22, part 2), route by route with
 * real PostgreSQL: the routes call the portal's modules, so the rules and the audit log are the
 * portal's, with the API key as the actor.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions, conversionStatusHistory, statements } from '../../db/schema';
import { conversionSetup } from '../../test/conversion-setup';
import { ledgerSetup } from '../../test/payouts-fixtures';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { actorLabel } from '../conversions/actor-label';
import { rollupBrand } from '../payouts/rollup.server';
import { foldStats } from '../reporting/rollups.server';
import { apiKeyFor, callApi } from '../../test/api';
import type { ApiScope } from './scopes';
import * as conversionsList from '../routes/api+/v1.conversions._index';
import * as conversionOne from '../routes/api+/v1.conversions.$conversionId._index';
import * as approve from '../routes/api+/v1.conversions.$conversionId.approve';
import * as reject from '../routes/api+/v1.conversions.$conversionId.reject';
import * as reverse from '../routes/api+/v1.conversions.$conversionId.reverse';
import * as statementsList from '../routes/api+/v1.statements._index';
import * as statementOne from '../routes/api+/v1.statements.$statementId._index';
import * as statementLines from '../routes/api+/v1.statements.$statementId.lines';
import * as markPaid from '../routes/api+/v1.statements.$statementId.mark_paid';
import * as reports from '../routes/api+/v1.reports';
import * as audit from '../routes/brand+/conversions.audit';
import * as portalStatement from '../routes/brand+/payouts.statements.$statementId';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function keyFor(brandId: string, scopes: ApiScope[], name = 'CRM sync') {
  const key = await apiKeyFor(brandId, scopes, { name });
  return { ...key, name };
}

type Route = Parameters<typeof callApi>[0];

/** One API request straight to a route module, through the API's wrapper (key, scope, parsing). */
async function api(
  route: Route,
  path: string,
  key: { secret: string },
  options: { method?: string; body?: unknown; params?: Record<string, string> } = {},
) {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const answer = await callApi(route, {
    method,
    path,
    secret: key.secret,
    body: options.body,
    params: options.params,
  });
  return { ...answer, body: answer.body as Json };
}

/** `count` pending conversions of the setup's link, one second apart, newest first by order. */
async function insertPending(s: Awaited<ReturnType<typeof conversionSetup>>, count: number) {
  await db.execute(sql`
    insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                             amount_minor, currency, commission_minor, status, source, created_at)
    select ${s.brand.id}, ${s.offer.id}, ${s.link.id}, ${s.member.id}, ${s.payouts[0].id},
           'ORD-' || i, 1000, 'USD', 100, 'pending', 'postback', now() - (i || ' seconds')::interval
      from generate_series(1, ${count}) i`);
}

describe('conversions', () => {
  test('list: newest first by cursor pages, every row once, the page’s filters; a bad cursor is a 400 problem', async () => {
    const s = await conversionSetup();
    await insertPending(s, 7);
    // An older rejected one (statuses change only through app/payouts: inserted as such).
    await db.execute(sql`
      insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                               currency, commission_minor, status, reject_reason, source, created_at)
      values (${s.brand.id}, ${s.offer.id}, ${s.link.id}, ${s.member.id}, ${s.payouts[0].id},
              'REJ-1', 'USD', 100, 'rejected', 'fraud', 'postback', now() - interval '1 hour')`);
    const key = await keyFor(s.brand.id, ['conversions:read']);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await api(
        conversionsList,
        `/conversions?limit=3${after ? `&starting_after=${after}` : ''}`,
        key,
      );
      expect(page.status).toBe(200);
      expect(page.body.object).toBe('list');
      seen.push(...page.body.data.map((c: Json) => c.order_id));
      expect(page.body.has_more).toBe(page.body.next_starting_after !== null);
      after = page.body.next_starting_after;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5', 'ORD-6', 'ORD-7', 'REJ-1']);

    const rejected = await api(conversionsList, '/conversions?status=rejected', key);
    expect(rejected.body.data.map((c: Json) => c.order_id)).toEqual(['REJ-1']);
    const byOrder = await api(conversionsList, '/conversions?order_id=ORD-6', key);
    expect(byOrder.body.data).toHaveLength(1);
    expect(byOrder.body.data[0]).toMatchObject({ commission: 100, amount: 1000, currency: 'USD' });

    const bad = await api(conversionsList, '/conversions?starting_after=nonsense&limit=500', key);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.body.errors.map((e: Json) => e.field)).toContain('limit');
  });

  test('add by hand, reject with a reason: the portal’s rules, and the audit log names the key', async () => {
    const s = await conversionSetup();
    const key = await keyFor(s.brand.id, ['conversions:write'], 'Warehouse sync');
    const created = await api(conversionsList, '/conversions', key, {
      body: {
        member_id: s.member.id,
        link_id: s.link.id,
        order_id: 'PHONE-1',
        amount: 123_456,
        occurred_at: new Date().toISOString(),
        note: 'Order came by phone',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // 10 % of 1,234.56, as the portal's form computes it.
    expect(created.body).toMatchObject({
      object: 'conversion',
      order_id: 'PHONE-1',
      amount: 123_456,
      commission: 12_346,
      status: 'pending',
      source: 'manual',
    });
    const again = await api(conversionsList, '/conversions', key, {
      body: {
        member_id: s.member.id,
        link_id: s.link.id,
        order_id: 'PHONE-1',
        amount: 100,
        occurred_at: new Date().toISOString(),
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('order_id');
    const future = await api(conversionsList, '/conversions', key, {
      body: {
        member_id: s.member.id,
        link_id: s.link.id,
        order_id: 'PHONE-2',
        amount: 100,
        occurred_at: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      { field: 'occurred_at', message: 'The sale’s time is in the future.' },
    ]);

    const id = created.body.id as string;
    const noReason = await api(reject, `/conversions/${id}/reject`, key, {
      body: { reason: 'other' },
      params: { conversionId: id },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('note');
    const rejected = await api(reject, `/conversions/${id}/reject`, key, {
      body: { reason: 'fraud', note: 'Same card as a refund' },
      params: { conversionId: id },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.reject_reason).toBe('fraud');
    expect(rejected.body.history).toMatchObject([
      {
        from: 'pending',
        to: 'rejected',
        reason: 'fraud',
        note: 'Same card as a refund',
        actor: { kind: 'api_key', id: key.id, name: 'Warehouse sync' },
      },
      { from: null, to: 'pending', actor: { kind: 'api_key', id: key.id } },
    ]);
    // Rejected is final for approval: refused as a conflict, nothing changes.
    const approved = await api(approve, `/conversions/${id}/approve`, key, {
      method: 'POST',
      params: { conversionId: id },
    });
    expect(approved.status).toBe(409);
    expect(approved.headers.get('content-type')).toBe('application/problem+json');
    const [row] = await db.select().from(conversions).where(eq(conversions.id, id));
    expect(row.status).toBe('rejected');

    // The portal's audit log names the key.
    const cookie = await sessionCookieFor({ userId: s.user.id });
    const log = await callRoute(audit.loader, makeRequest('/brand/conversions/audit', { cookie }));
    const rows = (log.body as { rows: Parameters<typeof actorLabel>[0][] }).rows;
    expect(rows.map((r) => actorLabel(r))).toEqual([
      'API key “Warehouse sync”',
      'API key “Warehouse sync”',
    ]);
  });

  test('get with history; approve then reverse; another brand’s conversion is a 404 problem and stays as it was', async () => {
    const s = await conversionSetup();
    await insertPending(s, 1);
    const [c] = await db.select().from(conversions).where(eq(conversions.brandId, s.brand.id));
    const key = await keyFor(s.brand.id, ['conversions:write']);
    const other = await conversionSetup();
    const otherKey = await keyFor(other.brand.id, ['conversions:write']);
    const params = { conversionId: c.id };

    for (const [route, path] of [
      [conversionOne, ''],
      [approve, '/approve'],
      [reject, '/reject'],
      [reverse, '/reverse'],
    ] as const) {
      const foreign = await api(route, `/conversions/${c.id}${path}`, otherKey, {
        ...(path ? { body: { reason: 'fraud' } } : {}),
        params,
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body.type).toBe('urn:offerlink:problem:not_found');
    }
    const history = await db
      .select()
      .from(conversionStatusHistory)
      .where(eq(conversionStatusHistory.conversionId, c.id));
    expect(history).toEqual([]);

    const got = await api(conversionOne, `/conversions/${c.id}`, key, { params });
    expect(got.body).toMatchObject({ id: c.id, status: 'pending', history: [] });
    const approved = await api(approve, `/conversions/${c.id}/approve`, key, {
      method: 'POST',
      params,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.statement_id).not.toBeNull();
    const reversed = await api(reverse, `/conversions/${c.id}/reverse`, key, {
      body: { note: 'Refunded' },
      params,
    });
    expect(reversed.body.status).toBe('reversed');
    expect(reversed.body.history.map((h: Json) => `${h.from}>${h.to}:${h.actor.kind}`)).toEqual([
      'approved>reversed:api_key',
      'pending>approved:api_key',
    ]);
  });

  test('a key without the write scope: 403 problem+json, nothing changes', async () => {
    const s = await conversionSetup();
    await insertPending(s, 1);
    const [c] = await db.select().from(conversions).where(eq(conversions.brandId, s.brand.id));
    const readOnly = await keyFor(s.brand.id, ['conversions:read', 'payouts:write']);
    const refused = await api(approve, `/conversions/${c.id}/approve`, readOnly, {
      method: 'POST',
      params: { conversionId: c.id },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.detail).toContain('conversions:write');
    const [row] = await db.select().from(conversions).where(eq(conversions.id, c.id));
    expect(row.status).toBe('pending');
  });
});

describe('statements', () => {
  test('list, get with balance and lines, mark paid with the totals seen: a changed total is refused, the payment is recorded under the key', async () => {
    const s = await ledgerSetup({ members: 2 });
    for (let i = 0; i < 3; i++) await s.convert({ member: 0, commissionMinor: 1_000 + i });
    await s.convert({ member: 1, commissionMinor: 500 });
    await rollupBrand(s.brand.id);
    const key = await keyFor(s.brand.id, ['payouts:write'], 'Finance');

    const list = await api(statementsList, '/statements?limit=1', key);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.has_more).toBe(true);
    const second = await api(
      statementsList,
      `/statements?limit=1&starting_after=${list.body.next_starting_after}`,
      key,
    );
    expect(second.body.data).toHaveLength(1);
    expect(second.body.has_more).toBe(false);
    const both = [...list.body.data, ...second.body.data];
    expect(new Set(both.map((x: Json) => x.id)).size).toBe(2);
    const mine = both.find((x: Json) => x.member_id === s.members[0].id)!;
    expect(mine).toMatchObject({ amount: 3_003, status: 'open', currency: 'USD' });

    const params = { statementId: mine.id };
    const detail = await api(statementOne, `/statements/${mine.id}`, key, { params });
    expect(detail.body.balance).toEqual([{ statement_id: mine.id, amount: 3_003 }]);
    expect(detail.body.lines).toHaveLength(3);
    const lines = await api(statementLines, `/statements/${mine.id}/lines?limit=2`, key, {
      params,
    });
    expect(lines.body.data).toHaveLength(2);
    const rest = await api(
      statementLines,
      `/statements/${mine.id}/lines?limit=2&starting_after=${lines.body.next_starting_after}`,
      key,
      { params },
    );
    expect([...lines.body.data, ...rest.body.data].map((l: Json) => l.amount).sort()).toEqual([
      1_000, 1_001, 1_002,
    ]);

    const payment = {
      paid_on: new Date().toISOString().slice(0, 10),
      payment_method: 'bank_transfer',
    };
    const stale = await api(markPaid, `/statements/${mine.id}/mark_paid`, key, {
      body: { ...payment, balance: [{ statement_id: mine.id, amount: 2_000 }] },
      params,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/changed/);
    const [still] = await db.select().from(statements).where(eq(statements.id, mine.id));
    expect(still.status).toBe('open');

    const paid = await api(markPaid, `/statements/${mine.id}/mark_paid`, key, {
      body: { ...payment, balance: detail.body.balance, payment_reference: 'TRX-1' },
      params,
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', payment_reference: 'TRX-1', balance: [] });
    const [row] = await db.select().from(statements).where(eq(statements.id, mine.id));
    expect(row.paidByApiKeyId).toBe(key.id);
    expect(row.paidByUserId).toBeNull();
    const cookie = await sessionCookieFor({ userId: s.user.id });
    const page = await callRoute(
      portalStatement.loader,
      makeRequest(`/brand/payouts/statements/${mine.id}`, { cookie }),
      params,
    );
    expect((page.body as Json).statement.paidBy).toBe('API key “Finance”');

    // Another brand's key: 404, and its payment is refused.
    const other = await ledgerSetup();
    const otherKey = await keyFor(other.brand.id, ['payouts:write']);
    expect((await api(statementOne, `/statements/${mine.id}`, otherKey, { params })).status).toBe(
      404,
    );
  });
});

describe('reports', () => {
  test('the Reports page’s figures for a period; a filter of another brand is a 404; another time zone is refused with the brand’s', async () => {
    const s = await conversionSetup();
    await insertPending(s, 4);
    await foldStats();
    const key = await keyFor(s.brand.id, ['reports:read']);
    const report = await api(reports, '/reports?period=7d&by=member', key);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      object: 'report',
      time_zone: 'UTC',
      granularity: 'day',
      by: 'member',
    });
    expect(report.body.totals.conversions).toBe(4);
    expect(report.body.totals.commission).toEqual([{ currency: 'USD', amount: 400 }]);
    expect(report.body.series).toHaveLength(7);
    expect(report.body.breakdown).toEqual([
      expect.objectContaining({
        key: s.member.id,
        figures: expect.objectContaining({ conversions: 4 }),
      }),
    ]);
    const other = await conversionSetup();
    const foreign = await api(reports, `/reports?offer=${other.offer.id}`, key);
    expect(foreign.status).toBe(404);
    const zone = await api(reports, '/reports?time_zone=Asia/Tokyo', key);
    expect(zone.status).toBe(400);
    expect(zone.body.errors).toEqual([{ field: 'time_zone', message: 'Use UTC.' }]);
    const badPeriod = await api(
      reports,
      '/reports?period=custom&from=2026-12-10&to=2026-12-01',
      key,
    );
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.errors[0].field).toBe('to');
  });
});
