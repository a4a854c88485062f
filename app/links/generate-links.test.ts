import { and, eq, isNull } from 'drizzle-orm';
import { DEEP_LINK_ATTACKS } from '../../test/deep-link-attacks';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  createBrandWithUser,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { links } from '../../db/schema';
import {
  action as addMembersAction,
  loader as addMembersLoader,
} from '../routes/brand+/offers.$offerId.add-members';
import { action as offerLinksAction } from '../routes/brand+/offers.$offerId._index';
import { loader as linksLoader } from '../routes/brand+/offers.$offerId._index';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { generateLinks, listAddableMembers } from './generate-links.server';
import { LINK_CODE_PATTERN } from './link-code.server';

async function setup() {
  const { brand, user } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Spring Sale',
    offerUrl: 'https://shop.example.com/sale',
    additionalDomains: ['blog.example.org'],
    payouts: [
      { title: 'Standard 10%', type: 'cps_percent', percent: '10' },
      { title: 'VIP $15', type: 'cpa_flat', amountMinor: 1500 },
    ],
  });
  const cookie = await sessionCookieFor({ userId: user.id });
  return { brand, user, offer, payouts, cookie };
}

const offerLinks = (offerId: string) => db.select().from(links).where(eq(links.offerId, offerId));

describe('generateLinks', () => {
  test('creates one main link per member with the default or chosen payout option, idempotently', async () => {
    const { brand, offer, payouts } = await setup();
    const a = await createMember(brand.id, { name: 'Ann' });
    const b = await createMember(brand.id, { name: 'Bob' });
    const first = await generateLinks(brand.id, offer.id, [
      { memberId: a.id },
      { memberId: b.id, payoutOptionId: payouts[1].id },
    ]);
    expect(first).toEqual({ ok: true, created: 2, alreadyOnOffer: 0, deepLinks: 0, codes: 0 });
    const rows = await offerLinks(offer.id);
    expect(rows).toHaveLength(2);
    const byMember = new Map(rows.map((r) => [r.memberId, r]));
    expect(byMember.get(a.id)!.payoutOptionId).toBe(payouts[0].id);
    expect(byMember.get(b.id)!.payoutOptionId).toBe(payouts[1].id);
    for (const row of rows) {
      expect(row.code).toMatch(LINK_CODE_PATTERN);
      expect(row.deepLink).toBeNull();
      expect(row.brandId).toBe(brand.id);
    }

    // Again, even with another payout option: members keep their existing link.
    const again = await generateLinks(brand.id, offer.id, [
      { memberId: a.id, payoutOptionId: payouts[1].id },
      { memberId: b.id },
    ]);
    expect(again).toEqual({ ok: true, created: 0, alreadyOnOffer: 2, deepLinks: 0, codes: 0 });
    const after = await offerLinks(offer.id);
    expect(after.map((r) => [r.id, r.code, r.payoutOptionId]).sort()).toEqual(
      rows.map((r) => [r.id, r.code, r.payoutOptionId]).sort(),
    );
    expect(await listAddableMembers(brand.id, offer.id)).toEqual([]);
  });

  test('a deep link becomes an extra link beside the main one, once', async () => {
    const { brand, offer, payouts } = await setup();
    const m = await createMember(brand.id);
    const result = await generateLinks(brand.id, offer.id, [
      {
        memberId: m.id,
        payoutOptionId: payouts[1].id,
        deepLink: 'https://blog.example.org/spring?x=1',
      },
    ]);
    expect(result).toEqual({ ok: true, created: 1, alreadyOnOffer: 0, deepLinks: 1, codes: 0 });
    const rows = await offerLinks(offer.id);
    expect(rows.map((r) => r.deepLink).sort()).toEqual([
      'https://blog.example.org/spring?x=1',
      null,
    ]);
    expect(rows.every((r) => r.payoutOptionId === payouts[1].id)).toBe(true);
    const again = await generateLinks(brand.id, offer.id, [
      { memberId: m.id, deepLink: 'https://blog.example.org/spring?x=1' },
    ]);
    expect(again).toMatchObject({ ok: true, created: 0, deepLinks: 0 });
    expect(await offerLinks(offer.id)).toHaveLength(2);
  });

  test.each(DEEP_LINK_ATTACKS)(
    'refuses the deep link %s with a message on its row, creating nothing',
    async (bad) => {
      const { brand, offer } = await setup();
      const good = await createMember(brand.id);
      const m = await createMember(brand.id);
      const result = await generateLinks(brand.id, offer.id, [
        { memberId: good.id },
        { memberId: m.id, deepLink: bad },
      ]);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(Object.keys(result.fieldErrors)).toEqual([`deepLink.${m.id}`]);
        expect(result.fieldErrors[`deepLink.${m.id}`][0].length).toBeGreaterThan(10);
      }
      expect(await offerLinks(offer.id)).toHaveLength(0);
    },
  );

  test('refuses another brand’s member, another offer’s payout option and unknown ids', async () => {
    const { brand, offer } = await setup();
    const other = await setup();
    const mine = await createMember(brand.id);
    const theirs = await createMember(other.brand.id);
    const foreignMember = await generateLinks(brand.id, offer.id, [
      { memberId: mine.id },
      { memberId: theirs.id },
    ]);
    expect(foreignMember.ok).toBe(false);
    if (!foreignMember.ok) expect(foreignMember.fieldErrors.form[0]).toMatch(/do(es)? not exist/);

    const foreignOption = await generateLinks(brand.id, offer.id, [
      { memberId: mine.id, payoutOptionId: other.payouts[0].id },
    ]);
    expect(foreignOption.ok).toBe(false);
    if (!foreignOption.ok) expect(foreignOption.fieldErrors[`payout.${mine.id}`]).toBeDefined();

    const foreignOffer = await generateLinks(brand.id, other.offer.id, [{ memberId: mine.id }]);
    expect(foreignOffer.ok).toBe(false);
    const garbage = await generateLinks(brand.id, offer.id, [{ memberId: 'not-a-uuid' }]);
    expect(garbage.ok).toBe(false);

    expect(await offerLinks(offer.id)).toHaveLength(0);
    expect(await offerLinks(other.offer.id)).toHaveLength(0);
  });

  test('handles thousands of members in chunks, in one go', async () => {
    const { brand, offer } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const rows = await db.execute<{ id: string }>(
        `insert into members (brand_id, name, email)
         select '${brand.id}', 'Bulk ' || g, 'bulk-${i}-' || g || '@example.com'
         from generate_series(1, 500) g returning id` as never,
      );
      ids.push(...(rows as unknown as { id: string }[]).map((r) => r.id));
    }
    const result = await generateLinks(
      brand.id,
      offer.id,
      ids.map((memberId) => ({ memberId })),
    );
    expect(result).toMatchObject({ ok: true, created: 2500 });
    const codes = new Set((await offerLinks(offer.id)).map((r) => r.code));
    expect(codes.size).toBe(2500);
  });
});

describe('Add Members page', () => {
  test('lists members not on the offer, filtered by project and search', async () => {
    const { brand, offer, payouts, cookie } = await setup();
    const launch = await createProject(brand.id, 'Launch');
    const ann = await createMember(brand.id, { name: 'Ann Launch', projectIds: [launch.id] });
    const bob = await createMember(brand.id, { name: 'Bob Other' });
    const cy = await createMember(brand.id, { name: 'Cy Launch', projectIds: [launch.id] });
    await generateLinks(brand.id, offer.id, [{ memberId: cy.id, payoutOptionId: payouts[0].id }]);

    const load = async (search: string) => {
      const res = await callRoute(
        addMembersLoader as never,
        makeRequest(`/brand/offers/${offer.id}/add-members${search}`, { cookie }),
        { offerId: offer.id },
      );
      expect(res.status).toBe(200);
      return (res.body as { members: { id: string; projects: string[] }[] }).members;
    };
    expect((await load('')).map((m) => m.id)).toEqual([ann.id, bob.id]);
    const inLaunch = await load(`?project=${launch.id}`);
    expect(inLaunch.map((m) => m.id)).toEqual([ann.id]);
    expect(inLaunch[0].projects).toEqual(['Launch']);
    expect((await load('?q=bob')).map((m) => m.id)).toEqual([bob.id]);
    expect(await load('?q=%25')).toEqual([]);
  });

  test('Generate Links posts per-member choices and redirects to the links table', async () => {
    const { brand, offer, payouts, cookie } = await setup();
    const ann = await createMember(brand.id, { name: 'Ann' });
    const bob = await createMember(brand.id, { name: 'Bob' });
    const res = await callRoute(
      addMembersAction as never,
      makeRequest(`/brand/offers/${offer.id}/add-members`, {
        cookie,
        form: {
          memberId: [ann.id, bob.id],
          [`payout.${ann.id}`]: payouts[0].id,
          [`payout.${bob.id}`]: payouts[1].id,
          [`deepLink.${bob.id}`]: 'https://shop.example.com/products/42',
        },
      }),
      { offerId: offer.id },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/brand/offers/${offer.id}?generated=3`);

    const table = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/${offer.id}`, { cookie }),
      { offerId: offer.id },
    );
    const body = table.body as {
      table: {
        total: number;
        rows: {
          memberName: string;
          payoutOption: string;
          deepLink: string | null;
          url: string;
          memberId: string;
        }[];
      };
      emailRequestId: string;
    };
    expect(body.table.total).toBe(3);
    expect(body.table.rows.map((r) => [r.memberName, r.payoutOption, r.deepLink])).toEqual([
      ['Ann', 'Standard 10%', null],
      ['Bob', 'VIP $15', null],
      ['Bob', 'VIP $15', 'https://shop.example.com/products/42'],
    ]);
    expect(body.table.rows[0].url).toMatch(/^http:\/\/localhost:\d+\/l\/[A-Za-z0-9_-]{12}$/);
    expect(body.table.rows[0].memberId).toBe(ann.id);
    expect(body.emailRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a bad deep link comes back on its row with status 400', async () => {
    const { brand, offer, cookie } = await setup();
    const ann = await createMember(brand.id);
    const res = await callRoute(
      addMembersAction as never,
      makeRequest(`/brand/offers/${offer.id}/add-members`, {
        cookie,
        form: { memberId: ann.id, [`deepLink.${ann.id}`]: 'https://evil.com/' },
      }),
      { offerId: offer.id },
    );
    expect(res.status).toBe(400);
    expect(Object.keys((res.body as { fieldErrors: object }).fieldErrors)).toEqual([
      `deepLink.${ann.id}`,
    ]);
    expect(await offerLinks(offer.id)).toHaveLength(0);
  });
});

describe('deep link on a member’s behalf', () => {
  test('creates a further link, refuses bad pages and foreign members, and does not duplicate', async () => {
    const { brand, offer, payouts, cookie } = await setup();
    const other = await setup();
    const ann = await createMember(brand.id);
    const stranger = await createMember(other.brand.id);
    await generateLinks(brand.id, offer.id, [{ memberId: ann.id }]);
    const post = (form: Record<string, string>) =>
      callRoute(
        offerLinksAction as never,
        makeRequest(`/brand/offers/${offer.id}?index`, {
          cookie,
          form: { intent: 'deep-link', ...form },
        }),
        { offerId: offer.id },
      );
    const ok = await post({
      memberId: ann.id,
      deepLink: 'https://shop.example.com/p/1',
      payoutOptionId: payouts[1].id,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, created: true });
    const same = await post({
      memberId: ann.id,
      deepLink: 'https://shop.example.com/p/1',
      payoutOptionId: payouts[1].id,
    });
    expect(same.body).toMatchObject({ ok: true, created: false });

    const bad = await post({
      memberId: ann.id,
      deepLink: 'https://shop.example.com.evil.com/',
      payoutOptionId: payouts[0].id,
    });
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors.deepLink,
    ).toHaveLength(1);
    const foreign = await post({
      memberId: stranger.id,
      deepLink: 'https://shop.example.com/p/2',
      payoutOptionId: other.payouts[0].id,
    });
    expect(foreign.status).toBe(400);
    expect(Object.keys((foreign.body as { fieldErrors: object }).fieldErrors).sort()).toEqual([
      'memberId',
      'payoutOptionId',
    ]);
    const rows = await db
      .select()
      .from(links)
      .where(and(eq(links.offerId, offer.id)));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.deepLink === null)).toHaveLength(1);
    const main = await db
      .select()
      .from(links)
      .where(and(eq(links.offerId, offer.id), isNull(links.deepLink)));
    expect(main[0].memberId).toBe(ann.id);
  });
});
