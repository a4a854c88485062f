import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { conversionSetup } from '../../test/conversion-setup';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { eq, sql } from 'drizzle-orm';
import { brands } from '../../db/schema';
import { action as settingsAction } from '../routes/brand+/settings';
import { loader as exportLoader } from '../routes/brand+/reports.export';
import { loader as memberLoader } from '../routes/brand+/members.$memberId._index';
import { loader as offerLoader } from '../routes/brand+/offers.$offerId._index';
import { loader as reportsLoader } from '../routes/brand+/reports._index';
import type { Dashboard } from './dashboard.server';
import { keptValuesNote } from './dimensions';
import { getSeries } from './figures.server';
import { foldStats, rebuildDailyStats } from './rollups.server';

async function brandWithFigures() {
  const setup = await conversionSetup();
  const now = new Date();
  const first = await setup.click({ createdAt: now, country: 'US', device: 'mobile' });
  await setup.click({ createdAt: now, country: 'FR', device: 'desktop', sub1: '=cmd' });
  await db.insert(conversions).values({
    brandId: setup.brand.id,
    offerId: setup.offer.id,
    linkId: setup.link.id,
    memberId: setup.member.id,
    clickId: first.id,
    status: 'pending',
    source: 'postback',
    currency: 'USD',
    amountMinor: 4_999,
    commissionMinor: 500,
    createdAt: now,
  });
  return { ...setup, cookie: await sessionCookieFor({ userId: setup.user.id }) };
}

const reports = (path: string, cookie?: string) =>
  callRoute(reportsLoader as never, makeRequest(path, { cookie }));
const exported = (path: string, cookie?: string) =>
  callRoute(exportLoader as never, makeRequest(path, { cookie }));

describe('reports page and its CSV export', () => {
  test('totals and breakdown of the brand’s own figures; filters narrow them', async () => {
    const a = await brandWithFigures();
    await brandWithFigures(); // another brand, same day
    await foldStats();
    const all = await reports('/brand/reports?period=today&by=country', a.cookie);
    expect(all.status).toBe(200);
    const dashboard = (all.body as { dashboard: Dashboard }).dashboard;
    expect(dashboard.totals).toMatchObject({ clicks: 2, conversions: 1, commission: { USD: 500 } });
    expect(dashboard.granularity).toBe('hour');
    expect(dashboard.series).toHaveLength(24);
    expect(dashboard.breakdown?.map((r) => [r.key, r.figures.clicks])).toEqual([
      ['FR', 1],
      ['US', 1],
    ]);
    expect(dashboard.others).toBeNull();
    const us = await reports('/brand/reports?period=today&by=member&country=US', a.cookie);
    const narrowed = (us.body as { dashboard: Dashboard }).dashboard;
    expect(narrowed.totals).toMatchObject({ clicks: 1, conversions: 1 });
    expect(narrowed.breakdown?.map((r) => r.key)).toEqual([a.member.id]);
    expect(narrowed.filters).toEqual([
      { dimension: 'country', dimensionLabel: 'Country', value: 'US', label: 'US' },
    ]);
    // Per hour only without filters other than the offer: the chart is per day, and says so.
    expect(narrowed.granularity).toBe('day');
    expect(narrowed.hourlyUnavailable).toBe(true);
    // Members in a country are kept per week: the breakdown says so and names the weeks; the
    // cards and the chart (one country) are per day.
    expect(narrowed.chartUnavailable).toBe(false);
    expect(narrowed.weeks).toMatchObject({ cards: false, breakdown: true, top: true });
    expect(narrowed.weeks!.period.from <= narrowed.period.from).toBe(true);
    expect(narrowed.weeks!.period.to >= narrowed.period.to).toBe(true);
    const memberInUs = await reports(
      `/brand/reports?period=today&by=country&country=US&member=${a.member.id}`,
      a.cookie,
    );
    const weekly = (memberInUs.body as { dashboard: Dashboard }).dashboard;
    expect(weekly.chartUnavailable).toBe(true);
    expect(weekly.weeks).toMatchObject({ cards: true, breakdown: true });
    expect(weekly.totals).toMatchObject({ clicks: 1 });
    // Two click attributes together are not kept: no breakdown (the page says why), the totals
    // are still exact, and the breakdowns offered are those the rollups hold.
    const both = await reports('/brand/reports?period=today&by=device&country=US', a.cookie);
    const refused = (both.body as { dashboard: Dashboard }).dashboard;
    expect(both.status).toBe(200);
    expect(refused.breakdown).toBeNull();
    expect(refused.totals).toMatchObject({ clicks: 1 });
    expect(refused.breakdowns).toEqual(['offer', 'member', 'project', 'country']);
    expect(refused.topMembers?.map((m) => m.key)).toEqual([a.member.id]);
  });

  test('a long breakdown shows its first rows and an exact "All others" row', async () => {
    const a = await brandWithFigures();
    const now = new Date();
    for (let i = 0; i < 104; i++) await a.click({ createdAt: now, sub1: `reel_${i}` });
    await foldStats();
    const page = await reports('/brand/reports?period=today&by=sub1&sort=clicks', a.cookie);
    const d = (page.body as { dashboard: Dashboard }).dashboard;
    expect(d.breakdown).toHaveLength(100);
    expect(d.totals.clicks).toBe(106);
    const shown = d.breakdown!.reduce((n, r) => n + r.figures.clicks, 0);
    expect(d.others?.clicks).toBe(106 - shown);
    expect(d.others?.clicks).toBeGreaterThan(0);
    expect(shown + d.others!.clicks).toBe(d.totals.clicks);
    // With an offer, a month keeps its top 20 values (decision 058): fewer rows, and All others
    // still makes them add up.
    const withOffer = await reports(
      `/brand/reports?period=today&by=sub1&sort=clicks&offer=${a.offer.id}`,
      a.cookie,
    );
    const o = (withOffer.body as { dashboard: Dashboard }).dashboard;
    expect(o.breakdown!.length).toBeGreaterThan(0);
    expect(o.breakdown!.length).toBeLessThanOrEqual(20);
    const shownWithOffer = o.breakdown!.reduce((n, r) => n + r.figures.clicks, 0);
    expect(o.others!.clicks).toBeGreaterThan(0);
    expect(shownWithOffer + o.others!.clicks).toBe(o.totals.clicks);
    expect(keptValuesNote('sub1', { offer: a.offer.id })).toMatch(/top 20 values of each month/);
    expect(keptValuesNote('member', { country: 'DE' })).toMatch(/“DE”.*top 10 values/);
    expect(keptValuesNote('device', {})).toBeNull();
  });

  test('the offer page and the member page show the reports page’s figures for their scope', async () => {
    const a = await brandWithFigures();
    await foldStats();
    const viaReports = async (filter: string) =>
      (
        (await reports(`/brand/reports?period=30d&${filter}`, a.cookie)).body as {
          dashboard: Dashboard;
        }
      ).dashboard.totals;
    const offerPage = await callRoute(
      offerLoader as never,
      makeRequest(`/brand/offers/${a.offer.id}`, { cookie: a.cookie }),
      { offerId: a.offer.id },
    );
    const memberPage = await callRoute(
      memberLoader as never,
      makeRequest(`/brand/members/${a.member.id}`, { cookie: a.cookie }),
      { memberId: a.member.id },
    );
    type WithFigures = { figures: { totals: Dashboard['totals'] } };
    const offerTotals = (offerPage.body as WithFigures).figures.totals;
    const memberTotals = (memberPage.body as WithFigures).figures.totals;
    expect(offerTotals).toMatchObject({ clicks: 2, conversions: 1, sales: { USD: 4_999 } });
    expect(offerTotals).toEqual(await viaReports(`offer=${a.offer.id}`));
    expect(memberTotals).toEqual(await viaReports(`member=${a.member.id}`));
  });

  test('another brand’s ids as filters are a 404; bad input is a 400 that says why', async () => {
    const a = await brandWithFigures();
    const b = await brandWithFigures();
    for (const path of [
      `/brand/reports?offer=${b.offer.id}`,
      `/brand/reports?member=${b.member.id}`,
      `/brand/reports?link=${b.link.id}`,
      '/brand/reports?member=not-an-id',
      `/brand/reports/export?offer=${b.offer.id}`,
    ]) {
      const result = path.includes('export')
        ? await exported(path, a.cookie)
        : await reports(path, a.cookie);
      expect(result.status, path).toBe(404);
    }
    const bad = await reports(
      '/brand/reports?period=custom&from=2026-02-30&to=2026-01-01',
      a.cookie,
    );
    expect(bad.status).toBe(400);
    expect((bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors).toMatchObject({
      from: ['Enter a start date like 6 Nov 2026.'],
    });
    const badExport = await exported('/brand/reports/export?by=shoe-size', a.cookie);
    expect(badExport.status).toBe(400);
    expect(String(badExport.body)).toContain('by');
    const uncombined = await exported('/brand/reports/export?by=sub1&country=US', a.cookie);
    expect(uncombined.status).toBe(400);
    expect(String(uncombined.body)).toContain('not available with these filters');
    // Signed out: sent to sign in.
    expect((await reports('/brand/reports')).status).toBe(302);
    expect((await exported('/brand/reports/export')).status).toBe(302);
  });

  test('the CSV has a header, one row per value, money in major units, and only this brand', async () => {
    const a = await brandWithFigures();
    await brandWithFigures();
    await foldStats();
    const result = await exported('/brand/reports/export?period=today&by=sub1', a.cookie);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/csv');
    expect(result.headers.get('content-disposition')).toMatch(
      /attachment; filename="offerlink-sub1-/,
    );
    const lines = String(result.body).trim().split('\r\n');
    expect(lines[0]).toBe(
      'period_start,period_end,dimension,value,label,clicks,unique_clicks,conversions,conversion_rate,currency,sales,commission,commission_pending,commission_approved,commission_paid,earnings_per_click,rejected,reversed',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2);
    // The click without sub1 carries the conversion; the formula-looking sub id is defused.
    const none = rows.find((r) => r[3] === '')!;
    expect(none.slice(5, 18)).toEqual([
      '1',
      '1',
      '1',
      '1.0000',
      'USD',
      '49.99',
      '5.00',
      '5.00',
      '0.00',
      '0.00',
      '5.0000',
      '0',
      '0',
    ]);
    const cmd = rows.find((r) => r[3] === "'=cmd")!;
    // Clicks count in their offer's currency, with no money yet.
    expect(cmd.slice(5, 12)).toEqual(['1', '1', '0', '0.0000', 'USD', '0.00', '0.00']);
    const today = none[0];
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(none[1]).toBe(today);
  });
});

describe('reporting time zone', () => {
  test('a new time zone is saved, queues the rebuild of past days, and the days follow it', async () => {
    const a = await conversionSetup();
    const cookie = await sessionCookieFor({ userId: a.user.id });
    // 23:30 UTC on 1 March: still 1 March in UTC, already 2 March in Tokyo.
    await a.click({ createdAt: new Date('2026-03-01T23:30:00Z') });
    await foldStats({ slack: '10000 days' });
    const days = async (timeZone: string) =>
      (
        await getSeries(
          { brandId: a.brand.id, timeZone },
          { from: '2026-03-01', to: '2026-03-02' },
          'day',
        )
      ).map((p) => p.figures.clicks);
    expect(await days('UTC')).toEqual([1, 0]);

    const bad = await callRoute(
      settingsAction as never,
      makeRequest('/brand/settings', {
        cookie,
        form: { intent: 'save-time-zone', timeZone: 'Mars/Olympus' },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      fieldErrors: { timeZone: ['Choose a time zone from the list.'] },
    });

    const saved = await callRoute(
      settingsAction as never,
      makeRequest('/brand/settings', {
        cookie,
        form: { intent: 'save-time-zone', timeZone: 'Asia/Tokyo' },
      }),
    );
    expect(saved.status).toBe(200);
    const [brand] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(brand.timeZone).toBe('Asia/Tokyo');
    const jobs = (await db.execute(
      sql`select j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'reporting__rebuild_daily'`,
    )) as unknown as { payload: { brandId: string } }[];
    expect(jobs.map((j) => j.payload.brandId)).toContain(a.brand.id);
    await rebuildDailyStats(a.brand.id);
    expect(await days('Asia/Tokyo')).toEqual([0, 1]);
  });
});
