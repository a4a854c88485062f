import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createLink, createMember, createOffer, createProject } from '../../seed/factories';
import { brands, conversions, statements } from '../../db/schema';
import { conversionSetup, insertClick } from '../../test/conversion-setup';
import { listCreatorLinks } from '../creators/creator-links.server';
import { listOfferLinks } from '../links/offer-links.server';
import { listOfferSummaries } from '../offers/summaries.server';
import { reverseConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid } from '../payouts/payments.server';
import {
  getBreakdown,
  getFigures,
  getLinkFigures,
  getSeries,
  UnsupportedFilters,
  type Scope,
} from './figures.server';
import { conversionRate, earningsPerClick } from './figures';
import { foldStats } from './rollups.server';

type Link = { id: string; brandId: string; offerId: string; memberId: string };

async function convert(
  link: Link,
  input: Partial<typeof conversions.$inferInsert> & { clickId?: string | null },
) {
  const [row] = await db
    .insert(conversions)
    .values({
      brandId: link.brandId,
      offerId: link.offerId,
      linkId: link.id,
      memberId: link.memberId,
      status: 'pending',
      source: 'postback',
      currency: 'USD',
      ...input,
    })
    .returning();
  return row;
}

const at = (iso: string) => new Date(iso);
// These tests write clicks of chosen days in the past, as an import would.
const fold = () => foldStats({ slack: '10000 days' });

describe('figures', () => {
  test('totals, conversion rate, earnings per click and the commission split', async () => {
    const { brand, link, click } = await conversionSetup();
    const c1 = await click({ createdAt: at('2026-11-02T10:15:00Z'), country: 'US' });
    await click({ createdAt: at('2026-11-02T10:20:00Z'), isUnique: false });
    await click({ createdAt: at('2026-11-02T11:00:00Z'), isBot: true, device: 'bot' });
    await click({ createdAt: at('2026-11-03T09:00:00Z'), sub1: 'story' });
    await convert(link, {
      clickId: c1.id,
      amountMinor: 10_000,
      commissionMinor: 1_000,
      createdAt: at('2026-11-02T12:00:00Z'),
    });
    const approved = await convert(link, {
      amountMinor: 5_000,
      commissionMinor: 500,
      status: 'approved',
      createdAt: at('2026-11-03T12:00:00Z'),
    });
    await convert(link, {
      amountMinor: 7_000,
      commissionMinor: 700,
      status: 'rejected',
      rejectReason: 'fraud',
      createdAt: at('2026-11-03T12:00:00Z'),
    });
    await fold();

    const scope: Scope = { brandId: brand.id, timeZone: 'UTC' };
    const period = { from: '2026-11-01', to: '2026-11-30' };
    const f = await getFigures(scope, period);
    expect(f).toMatchObject({
      clicks: 3,
      uniqueClicks: 2,
      botClicks: 1,
      conversions: 2,
      rejected: 1,
      sales: { USD: 15_000 },
      commission: { USD: 1_500 },
      pending: { USD: 1_000 },
      approved: { USD: 500 },
      paid: { USD: 0 },
    });
    expect(conversionRate(f)).toBeCloseTo(2 / 3);
    expect(earningsPerClick(f)).toEqual({ USD: 500 });

    // A paid statement moves its approved conversions from approved to paid.
    const [statement] = await db
      .insert(statements)
      .values({
        brandId: brand.id,
        memberId: link.memberId,
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        currency: 'USD',
        amountMinor: 500,
        status: 'open',
      })
      .returning();
    await db
      .update(conversions)
      .set({ statementId: statement.id })
      .where(eq(conversions.id, approved.id));
    await markStatementsPaid(
      db,
      brand.id,
      [{ id: statement.id, amountMinor: 500 }],
      { paidOn: '2026-11-30', method: 'paypal' },
      { kind: 'system' },
    );
    await fold();
    expect(await getFigures(scope, period)).toMatchObject({
      approved: { USD: 0 },
      paid: { USD: 500 },
      commission: { USD: 1_500 },
    });

    // A reversal takes the conversion out of the figures.
    await reverseConversions(db, brand.id, [approved.id], {}, { kind: 'postback' });
    await fold();
    expect(await getFigures(scope, period)).toMatchObject({
      conversions: 1,
      reversed: 1,
      paid: { USD: 0 },
      commission: { USD: 1_000 },
      sales: { USD: 10_000 },
    });
    // Outside the period: nothing.
    expect((await getFigures(scope, { from: '2026-10-01', to: '2026-10-31' })).clicks).toBe(0);
  });

  test('days follow the brand time zone; series fill empty days and hours', async () => {
    const { brand, click } = await conversionSetup();
    await db.update(brands).set({ timeZone: 'America/New_York' }).where(eq(brands.id, brand.id));
    // 03:00 UTC on 3 November is 22:00 on 2 November in New York.
    await click({ createdAt: at('2026-11-03T03:00:00Z') });
    await click({ createdAt: at('2026-11-03T15:00:00Z') });
    await fold();
    const scope: Scope = { brandId: brand.id, timeZone: 'America/New_York' };
    const series = await getSeries(scope, { from: '2026-11-01', to: '2026-11-03' }, 'day');
    expect(series.map((p) => [p.at, p.figures.clicks])).toEqual([
      ['2026-11-01', 0],
      ['2026-11-02', 1],
      ['2026-11-03', 1],
    ]);
    const hours = await getSeries(scope, { from: '2026-11-02', to: '2026-11-02' }, 'hour');
    expect(hours).toHaveLength(24);
    expect(hours[0].at).toBe('2026-11-02T05');
    expect(hours.filter((p) => p.figures.clicks > 0).map((p) => p.at)).toEqual(['2026-11-03T03']);
    // The same through the day rollups of the brand's days (a click attribute).
    const filtered = await getSeries(
      { ...scope, filters: { country: '' } },
      { from: '2026-11-01', to: '2026-11-03' },
      'day',
    );
    expect(filtered.map((p) => p.figures.clicks)).toEqual([0, 1, 1]);
  });

  test('breakdowns by each dimension, filtered and sorted; another brand never counts', async () => {
    const { brand, member, offer, payouts, click } = await conversionSetup();
    const project = await createProject(brand.id, 'Spring');
    const second = await createMember(brand.id, { name: 'Zed', projectIds: [project.id] });
    const secondLink = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: second.id,
      payoutOptionId: payouts[0].id,
    });
    const when = at('2026-11-05T10:00:00Z');
    await click({
      createdAt: when,
      device: 'mobile',
      country: 'US',
      referrer: 'https://www.instagram.com/p/1',
      sub1: 'bio',
    });
    await click({ createdAt: when, device: 'mobile', country: 'DE', sub1: 'bio' });
    const desktop = [];
    for (let i = 0; i < 3; i++) {
      desktop.push(
        await insertClick({ link: secondLink, createdAt: when, device: 'desktop', country: 'US' }),
      );
    }
    // A conversion counts where its click does (device, country…).
    await convert(secondLink, {
      clickId: desktop[0].id,
      amountMinor: 2_000,
      commissionMinor: 200,
      createdAt: when,
    });
    // Another brand's clicks on the same day.
    const other = await conversionSetup();
    await other.click({ createdAt: when, device: 'mobile', country: 'US' });
    await fold();

    const scope: Scope = { brandId: brand.id, timeZone: 'UTC' };
    const period = { from: '2026-11-01', to: '2026-11-30' };
    const keyed = async (by: Parameters<typeof getBreakdown>[2], s: Scope = scope) =>
      (await getBreakdown(s, period, by)).map((r) => [r.label, r.figures.clicks]);

    expect(await keyed('member')).toEqual([
      ['Zed', 3],
      [member.name, 2],
    ]);
    expect(await keyed('device')).toEqual([
      ['Desktop', 3],
      ['Mobile', 2],
    ]);
    expect(await keyed('country')).toEqual([
      ['US', 4],
      ['DE', 1],
    ]);
    expect(await keyed('referrer')).toEqual([
      ['No referrer', 4],
      ['instagram.com', 1],
    ]);
    expect(await keyed('sub1')).toEqual([
      ['(none)', 3],
      ['bio', 2],
    ]);
    expect(await keyed('offer')).toEqual([[offer.name, 5]]);
    const us = (await getBreakdown(scope, period, 'country')).find((r) => r.key === 'US');
    expect(us?.figures).toMatchObject({ clicks: 4, conversions: 1, sales: { USD: 2_000 } });
    expect(await keyed('project')).toEqual([
      ['Spring', 3],
      ['No project', 2],
    ]);
    // Filters: one click attribute (stats_values), a member with a country (the cross-filter
    // pair, stats_member_values); two click attributes are not answered.
    expect(await keyed('country', { ...scope, filters: { offer: offer.id } })).toEqual([
      ['US', 4],
      ['DE', 1],
    ]);
    expect(await keyed('country', { ...scope, filters: { member: member.id } })).toEqual([
      ['DE', 1],
      ['US', 1],
    ]);
    expect(await keyed('member', { ...scope, filters: { country: 'US' } })).toEqual([
      ['Zed', 3],
      [member.name, 1],
    ]);
    expect(await keyed('project', { ...scope, filters: { device: 'desktop' } })).toEqual([
      ['Spring', 3],
    ]);
    await expect(
      keyed('country', { ...scope, filters: { device: 'mobile', sub1: 'bio' } }),
    ).rejects.toBeInstanceOf(UnsupportedFilters);
    expect(await keyed('member', { ...scope, filters: { project: project.id } })).toEqual([
      ['Zed', 3],
    ]);
    // Sorted by commission: Zed's conversion first even in ascending clicks order otherwise.
    const byCommission = await getBreakdown(scope, period, 'member', { sort: 'commission' });
    expect(byCommission[0].figures.commission).toEqual({ USD: 200 });
    const ascending = await getBreakdown(scope, period, 'member', { direction: 'asc', limit: 1 });
    expect(ascending.map((r) => r.label)).toEqual([member.name]);
    // Another brand's offer as a filter: nothing.
    expect(await keyed('country', { ...scope, filters: { offer: other.offer.id } })).toEqual([]);
    // A malformed id as a filter: nothing, and no database error.
    expect(await keyed('country', { ...scope, filters: { member: 'nope' } })).toEqual([]);
  });

  test('the links tables of the brand and of the creator use the same per-link figures', async () => {
    const { brand, member, offer, link, click } = await conversionSetup();
    await click();
    await click();
    await convert(link, { amountMinor: 1_000, commissionMinor: 150 });
    await convert(link, {
      amountMinor: 1_000,
      commissionMinor: 150,
      status: 'refused',
      reason: 'duplicate_order',
    });
    await fold();
    const figures = await getLinkFigures(brand.id, [link.id, randomUUID(), 'not-a-uuid']);
    expect(figures.get(link.id)).toMatchObject({
      clicks: 2,
      conversions: 1,
      commission: { USD: 150 },
    });
    const offerLinks = await listOfferLinks(brand.id, offer.id);
    expect(offerLinks.rows[0]).toMatchObject({ clicks: 2, conversions: 1, earningsMinor: 150 });
    const creatorLinks = await listCreatorLinks(brand.id, member.id);
    expect(creatorLinks[0]).toMatchObject({ id: link.id, figures: { clicks: 2, conversions: 1 } });
    const summaries = await listOfferSummaries(brand.id);
    expect(summaries.find((s) => s.id === offer.id)).toMatchObject({ clicks: 2, conversions: 1 });
    // Another brand asking for this link's figures gets nothing.
    const other = await conversionSetup();
    expect((await getLinkFigures(other.brand.id, [link.id])).size).toBe(0);
    // Offers with no figures show zeros.
    const { offer: quiet } = await createOffer(brand.id);
    expect((await listOfferSummaries(brand.id)).find((s) => s.id === quiet.id)).toMatchObject({
      clicks: 0,
      conversions: 0,
    });
  });
});
