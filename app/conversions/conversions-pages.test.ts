import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { conversionSetup } from '../../test/conversion-setup';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as detail from '../routes/brand+/conversions.$conversionId';
import * as list from '../routes/brand+/conversions._index';
import * as audit from '../routes/brand+/conversions.audit';
import * as csv from '../routes/brand+/conversions.export[.]csv';
import { listConversions } from './conversion-list.server';

async function brandWithConversions(count: number) {
  const setup = await conversionSetup();
  const rows = await db
    .insert(conversions)
    .values(
      Array.from({ length: count }, (_, i) => ({
        brandId: setup.brand.id,
        offerId: setup.offer.id,
        linkId: setup.link.id,
        memberId: setup.member.id,
        orderId: `order-${i}`,
        amountMinor: 10_000 + i,
        commissionMinor: 1_000,
        currency: 'USD',
        status: 'pending' as const,
        source: 'postback' as const,
        createdAt: new Date(Date.UTC(2026, 10, 1, 12, 0, i % 3)),
      })),
    )
    .returning({ id: conversions.id });
  const cookie = await sessionCookieFor({ userId: setup.user.id });
  return { ...setup, ids: rows.map((r) => r.id), cookie };
}

describe('conversions pages', () => {
  test('keyset pages cover every conversion once, newest first', async () => {
    const { brand, ids } = await brandWithConversions(7);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listConversions>> = await listConversions(
        brand.id,
        {},
        after,
        3,
      );
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
    } while (after);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(7);
  });

  test('reject with a reason, the audit log shows it, an illegal approve is refused with 400', async () => {
    const { ids, cookie, user } = await brandWithConversions(2);
    const rejected = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie,
        form: { intent: 'reject', reason: 'fraud', conversionId: ids[0] },
      }),
    );
    expect(rejected.status).toBe(200);
    const [row] = await db.select().from(conversions).where(eq(conversions.id, ids[0]));
    expect(row.status).toBe('rejected');
    expect(row.rejectReason).toBe('fraud');

    const log = await callRoute(audit.loader, makeRequest('/brand/conversions/audit', { cookie }));
    const entries = (
      log.body as { rows: { conversionId: string; toStatus: string; actorName: string }[] }
    ).rows;
    expect(entries[0]).toMatchObject({
      conversionId: ids[0],
      toStatus: 'rejected',
      actorName: user.name,
    });

    const illegal = await callRoute(
      detail.action,
      makeRequest(`/brand/conversions/${ids[0]}`, { cookie, form: { intent: 'approve' } }),
      { conversionId: ids[0] },
    );
    expect(illegal.status).toBe(400);
    expect(JSON.stringify(illegal.body)).toContain('Only a pending commission can be approved');
    const [still] = await db.select().from(conversions).where(eq(conversions.id, ids[0]));
    expect(still.status).toBe('rejected');

    const noReason = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie,
        form: { intent: 'reject', conversionId: ids[1] },
      }),
    );
    expect(noReason.status).toBe(400);
  });

  test("another brand's ids are 404 and change nothing; exports stay in the brand", async () => {
    const a = await brandWithConversions(2);
    const b = await brandWithConversions(1);
    const page = await callRoute(
      detail.loader,
      makeRequest(`/brand/conversions/${a.ids[0]}`, { cookie: b.cookie }),
      { conversionId: a.ids[0] },
    );
    expect(page.status).toBe(404);
    const act = await callRoute(
      detail.action,
      makeRequest(`/brand/conversions/${a.ids[0]}`, {
        cookie: b.cookie,
        form: { intent: 'approve' },
      }),
      { conversionId: a.ids[0] },
    );
    expect(act.status).toBe(404);
    const bulk = await callRoute(
      list.action,
      makeRequest('/brand/conversions?index', {
        cookie: b.cookie,
        form: { intent: 'approve', conversionId: a.ids },
      }),
    );
    expect(bulk.status).toBe(404);
    const rows = await db.select().from(conversions).where(eq(conversions.brandId, a.brand.id));
    expect(rows.every((r) => r.status === 'pending')).toBe(true);

    const exported = await callRoute(
      csv.loader,
      makeRequest('/brand/conversions/export.csv', { cookie: a.cookie }),
    );
    const lines = String(exported.body).trim().split('\r\n');
    expect(lines[0]).toBe(
      'conversion_id,created_at,offer,member,order_id,event,source,status,reject_reason,refusal_reason,amount,commission,currency,click_id',
    );
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => a.ids.some((id) => l.startsWith(id)))).toBe(true);
    expect(lines[1]).toMatch(/,2026-11-01T12:00:0\d\.000Z,/);
    expect(lines[1]).toMatch(/,100\.0[01],10\.00,USD,/);
  });
});
