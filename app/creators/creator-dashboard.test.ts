/**
 * The creator's dashboard and offer page against the brand's own pages, through their loaders
 * with real sessions and real rollups: the same figures for the same member and period (totals,
 * the daily series, per offer, per link), the same amount due as the Payouts page, the period
 * picker, bad input, and another creator's or brand's ids (404, nothing leaks).
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions, links } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { insertClick } from '../../test/conversion-setup';
import { balancesOf } from '../../test/payouts-fixtures';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { approveConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
import type { Figures } from '../reporting/figures';
import { addDays, todayIn } from '../reporting/period';
import { foldStats } from '../reporting/rollups.server';
import { loader as payoutsLoader } from '../routes/brand+/payouts._index';
import { loader as reportsLoader } from '../routes/brand+/reports._index';
import { loader as dashboardLoader } from '../routes/creator+/$brandId._index';
import { loader as offerLoader } from '../routes/creator+/$brandId.offers.$offerId';

type Fn = Parameters<typeof callRoute>[0];
const get = (fn: unknown, cookie: string, path: string, params: Record<string, string> = {}) =>
  callRoute(fn as Fn, makeRequest(path, { cookie }), params);

const DAY = 86_400_000;
const TZ = 'Europe/Berlin';
const daysAgo = (n: number, hour = 10) => {
  const d = new Date(Date.now() - n * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
let orders = 0;

type Dashboard = {
  totals: Figures;
  series: { at: string; figures: Figures }[];
  period: { from: string; to: string };
  offers: { id: string; figures: Figures }[];
  links: { id: string; name: string; figures: Figures }[];
  earnings: {
    due: { currency: string; payableMinor: number; carriedMinor: number; dueMinor: number }[];
    pending: { currency: string; pendingMinor: number; schedule: { day: string }[] }[];
  };
  fieldErrors: Record<string, string[]>;
};
type OfferPage = {
  totals: Figures;
  series: { at: string; figures: Figures }[];
  links: { id: string; label: string | null; figures: Figures }[];
  pending: { currency: string; pendingMinor: number; schedule: { day: string }[] }[];
};
type Reports = {
  dashboard: {
    granularity: 'day' | 'hour';
    totals: Figures;
    series: { at: string; figures: Figures }[];
    breakdown: { key: string; figures: Figures }[];
  };
};

/**
 * A brand (Berlin time) with two offers, two creators on the same offer, Maya's links (one a
 * labelled deep link), clicks over the last days, and conversions pending, approved, paid and
 * rejected; another brand where Maya (same email) is also a member.
 */
async function setup() {
  const { brand, user } = await createBrandWithUser({ brandName: 'Glow Skincare' });
  await db.execute(sql`update brands set time_zone = ${TZ} where id = ${brand.id}`);
  const email = `maya-${randomUUID().slice(0, 8)}@example.com`;
  const maya = await createMember(brand.id, { name: 'Maya Lopez', email });
  const noor = await createMember(brand.id, {
    name: 'Noor Haddad',
    email: `noor-${randomUUID().slice(0, 8)}@example.com`,
  });
  const serum = await createOffer(brand.id, {
    name: 'Glow Serum',
    description: 'INTERNAL margin notes',
    holdingPeriodDays: 30,
  });
  const cream = await createOffer(brand.id, { name: 'Night Cream', holdingPeriodDays: 0 });
  const noorsOnly = await createOffer(brand.id, { name: 'Noor Special' });
  const link = (offer: typeof serum, memberId: string) =>
    createLink({
      brandId: brand.id,
      offerId: offer.offer.id,
      memberId,
      payoutOptionId: offer.payouts[0].id,
    });
  const mayaSerum = await link(serum, maya.id);
  const mayaBio = await createLink({
    brandId: brand.id,
    offerId: serum.offer.id,
    memberId: maya.id,
    payoutOptionId: serum.payouts[0].id,
    deepLink: 'https://shop.example.com/serum/review',
  });
  await db
    .update(links)
    .set({ label: 'Instagram bio', createdByCreator: true })
    .where(eq(links.id, mayaBio.id));
  const mayaCream = await link(cream, maya.id);
  const noorSerum = await link(serum, noor.id);
  const noorSpecial = await link(noorsOnly, noor.id);

  const other = await createBrandWithUser({ brandName: 'Northwind' });
  const mayaAtOther = await createMember(other.brand.id, { name: 'Maya N', email });
  const otherOffer = await createOffer(other.brand.id, { name: 'Tent Sale' });
  const otherLink = await createLink({
    brandId: other.brand.id,
    offerId: otherOffer.offer.id,
    memberId: mayaAtOther.id,
    payoutOptionId: otherOffer.payouts[0].id,
  });

  const convert = async (
    l: { id: string; brandId: string; offerId: string; memberId: string },
    input: Partial<typeof conversions.$inferInsert> & { commissionMinor: number },
  ) => {
    const [row] = await db
      .insert(conversions)
      .values({
        brandId: l.brandId,
        offerId: l.offerId,
        linkId: l.id,
        memberId: l.memberId,
        orderId: `ORD-SECRET-${++orders}`,
        amountMinor: input.commissionMinor * 10,
        currency: 'USD',
        status: 'pending',
        source: 'postback',
        ...input,
      })
      .returning();
    return row;
  };

  // Clicks: Maya's main serum link 3 days ago (one repeat, one bot), her bio link yesterday and
  // 20 days ago, her cream link today; Noor's and the other brand's clicks are not hers.
  const c1 = await insertClick({ link: mayaSerum, createdAt: daysAgo(3) });
  await insertClick({ link: mayaSerum, createdAt: daysAgo(3, 11), isUnique: false });
  await insertClick({ link: mayaSerum, createdAt: daysAgo(3, 12), isBot: true, device: 'bot' });
  const c2 = await insertClick({ link: mayaBio, createdAt: daysAgo(1), device: 'mobile' });
  await insertClick({ link: mayaBio, createdAt: daysAgo(20) });
  await insertClick({ link: mayaCream, createdAt: daysAgo(0, 0) });
  for (let i = 0; i < 5; i++) await insertClick({ link: noorSerum, createdAt: daysAgo(2) });
  await insertClick({ link: noorSpecial, createdAt: daysAgo(2) });
  await insertClick({ link: otherLink, createdAt: daysAgo(2) });

  // Conversions: pending on the bio link (serum: 30-day holding period), approved-and-paid and
  // approved-due on cream, rejected on the main serum link; Noor's pending one.
  await convert(mayaBio, { clickId: c2.id, commissionMinor: 800, createdAt: daysAgo(1, 11) });
  const paidSale = await convert(mayaCream, { commissionMinor: 500, createdAt: daysAgo(0, 0) });
  await convert(mayaSerum, {
    clickId: c1.id,
    commissionMinor: 300,
    status: 'rejected',
    rejectReason: 'fraud',
    createdAt: daysAgo(3, 13),
  });
  await convert(noorSerum, { commissionMinor: 9_999, createdAt: daysAgo(2) });
  await convert(otherLink, { commissionMinor: 4_444, createdAt: daysAgo(2) });
  await rollupBrand(brand.id);
  const [statement] = await db.execute<{ id: string }>(
    sql`select id from statements where member_id = ${maya.id}`,
  );
  const actor = { kind: 'user' as const, userId: user.id };
  await markStatementsPaid(
    db,
    brand.id,
    await balancesOf(brand.id, [statement.id]),
    { paidOn: todayIn('UTC'), method: 'paypal' },
    actor,
  );
  const due = await convert(mayaCream, { commissionMinor: 700, createdAt: daysAgo(0, 0) });
  await approveConversions(db, brand.id, [due.id], actor);
  await foldStats({ slack: '10000 days' });

  return {
    brand,
    other,
    maya,
    noor,
    serum,
    cream,
    noorsOnly,
    mayaSerum,
    mayaBio,
    mayaCream,
    noorSerum,
    otherOffer,
    paidSale,
    creator: await sessionCookieFor({ memberId: maya.id }),
    brandUser: await sessionCookieFor({ userId: user.id }),
  };
}

const seriesOf = (s: { at: string; figures: Figures }[]) =>
  s.map((p) => ({ at: p.at, figures: p.figures }));

describe('the creator dashboard shows the brand’s figures for the member', () => {
  test('totals, daily series, per offer, per link and amount due equal the brand portal’s', async () => {
    const s = await setup();
    const today = todayIn(TZ);
    const periods = [
      'period=7d',
      'period=30d',
      'period=90d',
      'period=this_month',
      `period=custom&from=${addDays(today, -3)}&to=${addDays(today, -1)}`,
    ];
    for (const q of periods) {
      const mine = (await get(dashboardLoader, s.creator, `/creator/${s.brand.id}?${q}`, {
        brandId: s.brand.id,
      })) as { status: number; body: Dashboard };
      expect(mine.status, q).toBe(200);
      const theirs = (await get(
        reportsLoader,
        s.brandUser,
        `/brand/reports?${q}&member=${s.maya.id}&by=link`,
      )) as { status: number; body: Reports };
      expect(theirs.status).toBe(200);
      expect(mine.body.totals, q).toEqual(theirs.body.dashboard.totals);
      // Daily on both sides (the brand's chart is hourly for periods of two days or less).
      if (theirs.body.dashboard.granularity === 'day') {
        expect(seriesOf(mine.body.series), q).toEqual(seriesOf(theirs.body.dashboard.series));
      } else {
        expect(mine.body.series.map((p) => p.at)).toEqual(
          Array.from({ length: mine.body.series.length }, (_, i) =>
            addDays(mine.body.period.from, i),
          ),
        );
        expect(mine.body.series.reduce((n, p) => n + p.figures.clicks, 0)).toBe(
          theirs.body.dashboard.totals.clicks,
        );
      }
      // Per link: the brand's link breakdown of the member, link by link.
      const brandLinks = new Map(theirs.body.dashboard.breakdown.map((r) => [r.key, r.figures]));
      for (const link of mine.body.links) {
        const brandFigures = brandLinks.get(link.id);
        if (brandFigures) expect(link.figures, `${q} ${link.name}`).toEqual(brandFigures);
        else expect(link.figures.clicks + link.figures.conversions).toBe(0);
      }
      // Per offer: the brand's reports filtered to the member and the offer.
      for (const offer of mine.body.offers) {
        const filtered = (await get(
          reportsLoader,
          s.brandUser,
          `/brand/reports?${q}&member=${s.maya.id}&offer=${offer.id}`,
        )) as { body: Reports };
        expect(offer.figures, q).toEqual(filtered.body.dashboard.totals);
        const page = (await get(
          offerLoader,
          s.creator,
          `/creator/${s.brand.id}/offers/${offer.id}?${q}`,
          { brandId: s.brand.id, offerId: offer.id },
        )) as { status: number; body: OfferPage };
        expect(page.status).toBe(200);
        expect(page.body.totals, q).toEqual(filtered.body.dashboard.totals);
        if (filtered.body.dashboard.granularity === 'day') {
          expect(seriesOf(page.body.series)).toEqual(seriesOf(filtered.body.dashboard.series));
        }
      }
    }

    // What the numbers are, over the last 7 days.
    const week = (await get(dashboardLoader, s.creator, `/creator/${s.brand.id}?period=7d`, {
      brandId: s.brand.id,
    })) as { body: Dashboard };
    expect(week.body.totals).toMatchObject({
      clicks: 4,
      uniqueClicks: 3,
      botClicks: 1,
      conversions: 3,
      rejected: 1,
      sales: { USD: 20_000 },
      commission: { USD: 2_000 },
      pending: { USD: 800 },
      approved: { USD: 700 },
      paid: { USD: 500 },
    });
    const bio = week.body.links.find((l) => l.id === s.mayaBio.id)!;
    expect(bio).toMatchObject({
      name: 'Instagram bio',
      figures: { clicks: 1, uniqueClicks: 1, conversions: 1, commission: { USD: 800 } },
    });
    // Most earnings first: the cream link (paid + due), then the bio link.
    expect(week.body.links.map((l) => l.id)).toEqual([
      s.mayaCream.id,
      s.mayaBio.id,
      s.mayaSerum.id,
    ]);
    // The period picker changes the figures: 30 days also hold the bio link's older click.
    const month = (await get(dashboardLoader, s.creator, `/creator/${s.brand.id}?period=30d`, {
      brandId: s.brand.id,
    })) as { body: Dashboard };
    expect(month.body.totals.clicks).toBe(5);
    expect(month.body.links.find((l) => l.id === s.mayaBio.id)!.figures.clicks).toBe(2);

    // Amount due: the Payouts page's row of the member.
    const payouts = (await get(payoutsLoader, s.brandUser, '/brand/payouts')) as {
      body: {
        due: { members: { memberId: string; payableMinor: number; carriedMinor: number }[] };
      };
    };
    const row = payouts.body.due.members.find((m) => m.memberId === s.maya.id)!;
    expect(week.body.earnings.due).toEqual([
      expect.objectContaining({
        currency: 'USD',
        payableMinor: row.payableMinor,
        carriedMinor: row.carriedMinor,
        dueMinor: 700,
      }),
    ]);
    // Pending: the bio link's sale clears 30 days after it was made, in Berlin's days.
    const clears = todayIn(TZ, new Date(daysAgo(1, 11).getTime() + 30 * DAY));
    expect(week.body.earnings.pending).toEqual([
      expect.objectContaining({
        currency: 'USD',
        pendingMinor: 800,
        schedule: [expect.objectContaining({ day: clears })],
      }),
    ]);
    const serumPage = (await get(
      offerLoader,
      s.creator,
      `/creator/${s.brand.id}/offers/${s.serum.offer.id}`,
      { brandId: s.brand.id, offerId: s.serum.offer.id },
    )) as { body: OfferPage };
    expect(serumPage.body.pending[0]).toMatchObject({ pendingMinor: 800 });
    const creamPage = (await get(
      offerLoader,
      s.creator,
      `/creator/${s.brand.id}/offers/${s.cream.offer.id}`,
      { brandId: s.brand.id, offerId: s.cream.offer.id },
    )) as { body: OfferPage };
    expect(creamPage.body.pending).toEqual([]);
  });

  test('each brand’s figures apart for a creator of two brands', async () => {
    const s = await setup();
    const cookie = await sessionCookieFor({ memberId: s.maya.id });
    const atOther = (await get(dashboardLoader, cookie, `/creator/${s.other.brand.id}?period=7d`, {
      brandId: s.other.brand.id,
    })) as { status: number; body: Dashboard };
    expect(atOther.status).toBe(200);
    expect(atOther.body.totals).toMatchObject({
      clicks: 1,
      conversions: 1,
      pending: { USD: 4_444 },
    });
    expect(atOther.body.earnings.due).toEqual([]);
  });
});

describe('bad input and other people’s ids', () => {
  test('a refused period says why and shows the default period’s figures', async () => {
    const s = await setup();
    const today = todayIn(TZ);
    const cases: [string, string, string][] = [
      ['period=custom', 'from', 'Enter a start date like 6 Nov 2026.'],
      [
        `period=custom&from=${today}&to=${addDays(today, -1)}`,
        'to',
        'The end date must be on or after the start date.',
      ],
      [
        'period=custom&from=2026-02-30&to=2026-03-01',
        'from',
        'Enter a start date like 6 Nov 2026.',
      ],
      ['period=forever', 'period', 'Choose one of the periods in the list.'],
    ];
    const standard = (await get(dashboardLoader, s.creator, `/creator/${s.brand.id}`, {
      brandId: s.brand.id,
    })) as { body: Dashboard };
    for (const [q, field, message] of cases) {
      for (const [fn, path, params] of [
        [dashboardLoader, `/creator/${s.brand.id}?${q}`, { brandId: s.brand.id }],
        [
          offerLoader,
          `/creator/${s.brand.id}/offers/${s.serum.offer.id}?${q}`,
          { brandId: s.brand.id, offerId: s.serum.offer.id },
        ],
      ] as const) {
        const res = (await get(fn, s.creator, path, params)) as {
          status: number;
          body: Dashboard & { values: Record<string, string> };
        };
        expect(res.status, q).toBe(400);
        expect(res.body.fieldErrors[field], q).toEqual([message]);
        expect(res.body.period).toEqual(standard.body.period);
      }
    }
  });

  test('another creator’s or brand’s ids are a 404, and nothing of anyone else’s shows', async () => {
    const s = await setup();
    const notFound: [unknown, string, Record<string, string>][] = [
      // A brand that does not have Maya, an unknown one, not an id.
      [dashboardLoader, `/creator/${randomUUID()}`, { brandId: randomUUID() }],
      [dashboardLoader, '/creator/nope', { brandId: 'nope' }],
      // Noor's offer (Maya has no link on it), another brand's offer under this brand, this
      // brand's offer under the other brand, an unknown offer, not an id.
      [
        offerLoader,
        `/creator/${s.brand.id}/offers/${s.noorsOnly.offer.id}`,
        { brandId: s.brand.id, offerId: s.noorsOnly.offer.id },
      ],
      [
        offerLoader,
        `/creator/${s.brand.id}/offers/${s.otherOffer.offer.id}`,
        { brandId: s.brand.id, offerId: s.otherOffer.offer.id },
      ],
      [
        offerLoader,
        `/creator/${s.other.brand.id}/offers/${s.serum.offer.id}`,
        { brandId: s.other.brand.id, offerId: s.serum.offer.id },
      ],
      [
        offerLoader,
        `/creator/${s.brand.id}/offers/${randomUUID()}`,
        { brandId: s.brand.id, offerId: randomUUID() },
      ],
      [offerLoader, `/creator/${s.brand.id}/offers/x`, { brandId: s.brand.id, offerId: 'x' }],
    ];
    for (const [fn, path, params] of notFound) {
      const res = await get(fn, s.creator, path, params);
      expect(res.status, path).toBe(404);
    }
    const stranger = await createBrandWithUser();
    const strangerMember = await createMember(stranger.brand.id);
    const strangerCookie = await sessionCookieFor({ memberId: strangerMember.id });
    expect(
      (
        await get(dashboardLoader, strangerCookie, `/creator/${s.brand.id}`, {
          brandId: s.brand.id,
        })
      ).status,
    ).toBe(404);

    // What Maya's pages hold: nothing of Noor's, of the other brand's, of the offer's internal
    // description, or of shoppers (order ids, click details).
    const pages = [
      await get(dashboardLoader, s.creator, `/creator/${s.brand.id}?period=90d`, {
        brandId: s.brand.id,
      }),
      await get(
        offerLoader,
        s.creator,
        `/creator/${s.brand.id}/offers/${s.serum.offer.id}?period=90d`,
        {
          brandId: s.brand.id,
          offerId: s.serum.offer.id,
        },
      ),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      const text = JSON.stringify(page.body);
      for (const secret of [
        'INTERNAL',
        'Noor',
        s.noor.email,
        s.noor.id,
        s.noorSerum.id,
        s.noorsOnly.offer.id,
        'Noor Special',
        s.other.brand.id,
        'Tent Sale',
        'ORD-SECRET',
        s.paidSale.id,
        ':9999',
        '99.99',
        ':4444',
        '44.44',
      ]) {
        expect(text, secret).not.toContain(secret);
      }
    }
  });
});
