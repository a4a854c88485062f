/**
 * Isolation of the conversions, statements and reports routes: with another brand's key, every
 * operation on this brand's ids is a 404 problem+json and changes nothing. Table-driven over the
 * route files of those resources: a new one without a row here fails.
 */
import { readdirSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions, statements } from '../../db/schema';
import { apiKeyFor, callApi } from '../../test/api';
import { ledgerSetup } from '../../test/payouts-fixtures';
import { rollupBrand } from '../payouts/rollup.server';

type Row = {
  method: string;
  path: (ids: Ids) => string;
  params: (ids: Ids) => Record<string, string>;
  body?: (ids: Ids) => unknown;
};
type Ids = { conversionId: string; statementId: string; memberId: string; offerId: string };

const ROWS: Record<string, Row[]> = {
  'v1.conversions._index.ts': [
    {
      method: 'GET',
      path: (i) => `/conversions?member_id=${i.memberId}`,
      params: () => ({}),
    },
    {
      method: 'POST',
      path: () => '/conversions',
      params: () => ({}),
      body: (i) => ({
        member_id: i.memberId,
        link_id: i.memberId,
        order_id: 'X-1',
        amount: 100,
        occurred_at: new Date().toISOString(),
      }),
    },
  ],
  'v1.conversions.$conversionId._index.ts': [
    { method: 'GET', path: (i) => `/conversions/${i.conversionId}`, params: (i) => i },
  ],
  'v1.conversions.$conversionId.approve.ts': [
    { method: 'POST', path: (i) => `/conversions/${i.conversionId}/approve`, params: (i) => i },
  ],
  'v1.conversions.$conversionId.reject.ts': [
    {
      method: 'POST',
      path: (i) => `/conversions/${i.conversionId}/reject`,
      params: (i) => i,
      body: () => ({ reason: 'fraud' }),
    },
  ],
  'v1.conversions.$conversionId.reverse.ts': [
    { method: 'POST', path: (i) => `/conversions/${i.conversionId}/reverse`, params: (i) => i },
  ],
  'v1.statements._index.ts': [
    { method: 'GET', path: (i) => `/statements?member_id=${i.memberId}`, params: () => ({}) },
  ],
  'v1.statements.$statementId._index.ts': [
    { method: 'GET', path: (i) => `/statements/${i.statementId}`, params: (i) => i },
  ],
  'v1.statements.$statementId.lines.ts': [
    { method: 'GET', path: (i) => `/statements/${i.statementId}/lines`, params: (i) => i },
  ],
  'v1.statements.$statementId.mark_paid.ts': [
    {
      method: 'POST',
      path: (i) => `/statements/${i.statementId}/mark_paid`,
      params: (i) => i,
      body: (i) => ({
        balance: [{ statement_id: i.statementId, amount: 1_000 }],
        paid_on: new Date().toISOString().slice(0, 10),
        payment_method: 'other',
      }),
    },
  ],
  'v1.reports.ts': [
    { method: 'GET', path: (i) => `/reports?offer=${i.offerId}`, params: () => ({}) },
    { method: 'GET', path: (i) => `/reports?member=${i.memberId}`, params: () => ({}) },
  ],
};

const routesDir = new URL('../routes/api+/', import.meta.url);
const mine = readdirSync(routesDir).filter((f) =>
  /^v1\.(conversions|statements|reports)[.$_]/.test(f),
);

test('every conversions, statements and reports route file has isolation rows', () => {
  expect(mine.sort()).toEqual(Object.keys(ROWS).sort());
});

test('another brand’s key and this brand’s ids: 404 problem+json (lists: nothing of this brand), nothing changes', async () => {
  const s = await ledgerSetup();
  const conversion = await s.convert({ commissionMinor: 1_000 });
  await rollupBrand(s.brand.id);
  const [statement] = await db.select().from(statements).where(eq(statements.brandId, s.brand.id));
  const ids: Ids = {
    conversionId: conversion.id,
    statementId: statement.id,
    memberId: s.members[0].id,
    offerId: s.offers[0].offer.id,
  };
  const other = await ledgerSetup();
  const key = await apiKeyFor(other.brand.id);
  const snapshot = async () =>
    db.execute(sql`
      select (select json_agg(c order by c.id) from conversions c where c.brand_id = ${s.brand.id}) as c,
             (select json_agg(s order by s.id) from statements s where s.brand_id = ${s.brand.id}) as s,
             (select count(*) from conversion_status_history h where h.brand_id = ${s.brand.id}) as h`);
  const before = await snapshot();
  for (const [file, rows] of Object.entries(ROWS)) {
    const route = (await import(`../routes/api+/${file}`)) as Parameters<typeof callApi>[0];
    for (const row of rows) {
      const answer = await callApi(route, {
        method: row.method,
        path: row.path(ids),
        params: row.params(ids),
        secret: key.secret,
        body: row.body?.(ids),
      });
      const what = `${row.method} ${row.path(ids)} (${file})`;
      if (row.method === 'GET' && answer.status === 200) {
        // A list filtered by another brand's id: nothing of this brand.
        expect((answer.body as { data: unknown[] }).data, what).toEqual([]);
      } else {
        expect(answer.status, what).toBe(404);
        expect(answer.headers.get('content-type'), what).toBe('application/problem+json');
      }
    }
  }
  expect(await snapshot()).toEqual(before);
  const [row] = await db.select().from(conversions).where(eq(conversions.id, conversion.id));
  expect(row.status).toBe('approved');
});
