// Archived offers and members (SPEC §4): their links keep working, they get no new ones, and their
// history stays filterable.
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { links } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { removeMember } from '../members/members.server';
import { removeOffer, restoreOffer } from '../offers/offers.server';
import {
  action as addMembersAction,
  loader as addMembersLoader,
} from '../routes/brand+/offers.$offerId.add-members';
import { action as offerLinksAction } from '../routes/brand+/offers.$offerId._index';
import { loader as linksLoader } from '../routes/brand+/offers.$offerId._index';
import {
  action as creatorOfferAction,
  loader as creatorOfferLoader,
} from '../routes/creator+/$brandId.offers.$offerId';
import { loader as conversionsLoader } from '../routes/brand+/conversions._index';
import { loader as reportsLoader } from '../routes/brand+/reports._index';
import { archivedMemberMessage, archivedOfferMessage } from './archived-refusals';

async function setup() {
  const { brand, user } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Winter Sale',
    offerUrl: 'https://shop.example.com/winter',
    allowCreatorDeepLinks: true,
  });
  const ann = await createMember(brand.id, { name: 'Ann' });
  const main = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: ann.id,
    payoutOptionId: payouts[0].id,
  });
  const cookie = await sessionCookieFor({ userId: user.id });
  const allLinks = () =>
    db
      .select({ id: links.id, offerId: links.offerId, memberId: links.memberId })
      .from(links)
      .where(eq(links.brandId, brand.id))
      .orderBy(links.id);
  return { brand, offer, payouts, ann, main, cookie, allLinks };
}

const formErrors = (body: unknown) =>
  (body as { fieldErrors: Record<string, string[]> }).fieldErrors;

describe('an archived offer gets no new links', () => {
  test('Add members refuses with a clear message and creates nothing; its page says to restore it', async () => {
    const s = await setup();
    const bob = await createMember(s.brand.id, { name: 'Bob' });
    expect(await removeOffer(s.brand.id, s.offer.id)).toMatchObject({ archived: true });
    const before = await s.allLinks();

    const res = await callRoute(
      addMembersAction as never,
      makeRequest(`/brand/offers/${s.offer.id}/add-members`, {
        cookie: s.cookie,
        form: { memberId: bob.id, [`payout.${bob.id}`]: s.payouts[0].id },
      }),
      { offerId: s.offer.id },
    );
    expect(res.status).toBe(400);
    expect(formErrors(res.body)).toEqual({ form: [archivedOfferMessage] });
    expect(await s.allLinks()).toEqual(before);

    const page = await callRoute(
      addMembersLoader as never,
      makeRequest(`/brand/offers/${s.offer.id}/add-members`, { cookie: s.cookie }),
      { offerId: s.offer.id },
    );
    expect(page.body).toMatchObject({ offer: { archived: true }, members: [] });
    const links = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/${s.offer.id}`, { cookie: s.cookie }),
      { offerId: s.offer.id },
    );
    // Its existing links are still listed on its page.
    expect(links.body).toMatchObject({ offer: { archived: true }, table: { total: 1 } });

    // Restored, it takes members again.
    expect(await restoreOffer(s.brand.id, s.offer.id)).toBe(true);
    const again = await callRoute(
      addMembersAction as never,
      makeRequest(`/brand/offers/${s.offer.id}/add-members`, {
        cookie: s.cookie,
        form: { memberId: bob.id },
      }),
      { offerId: s.offer.id },
    );
    expect(again.status).toBe(302);
    expect(await s.allLinks()).toHaveLength(2);
  });

  test("the brand's deep-link builder refuses it and creates nothing", async () => {
    const s = await setup();
    await removeOffer(s.brand.id, s.offer.id);
    const before = await s.allLinks();
    const res = await callRoute(
      offerLinksAction as never,
      makeRequest(`/brand/offers/${s.offer.id}?index`, {
        cookie: s.cookie,
        form: {
          intent: 'deep-link',
          memberId: s.ann.id,
          deepLink: 'https://shop.example.com/winter/boots',
          payoutOptionId: s.payouts[0].id,
        },
      }),
      { offerId: s.offer.id },
    );
    expect(res.status).toBe(400);
    expect(formErrors(res.body)).toEqual({ form: [archivedOfferMessage] });
    expect(await s.allLinks()).toEqual(before);
  });

  test("the creator's deep-link builder refuses it, creates nothing, and the page hides the builder", async () => {
    const s = await setup();
    await removeOffer(s.brand.id, s.offer.id);
    const before = await s.allLinks();
    const creatorCookie = await sessionCookieFor({ memberId: s.ann.id });
    const res = await callRoute(
      creatorOfferAction as never,
      makeRequest(`/creator/${s.brand.id}/offers/${s.offer.id}`, {
        cookie: creatorCookie,
        form: { intent: 'create', url: 'https://shop.example.com/winter/boots', label: 'Bio' },
      }),
      { brandId: s.brand.id, offerId: s.offer.id },
    );
    expect(res.status).toBe(403);
    expect(formErrors(res.body).form).toEqual([
      'The brand has archived this offer: your links keep working, but no new links can be made for it.',
    ]);
    expect(await s.allLinks()).toEqual(before);
    const page = await callRoute(
      creatorOfferLoader as never,
      makeRequest(`/creator/${s.brand.id}/offers/${s.offer.id}`, { cookie: creatorCookie }),
      { brandId: s.brand.id, offerId: s.offer.id },
    );
    expect(page.body).toMatchObject({ offer: { archived: true } });
    expect((page.body as { links: unknown[] }).links).toHaveLength(1);
  });

  test("another brand's archived offer is still a 404 and changes nothing", async () => {
    const s = await setup();
    const other = await setup();
    await removeOffer(other.brand.id, other.offer.id);
    const res = await callRoute(
      offerLinksAction as never,
      makeRequest(`/brand/offers/${other.offer.id}?index`, {
        cookie: s.cookie,
        form: {
          intent: 'deep-link',
          memberId: s.ann.id,
          deepLink: 'https://shop.example.com/winter/boots',
          payoutOptionId: other.payouts[0].id,
        },
      }),
      { offerId: other.offer.id },
    );
    expect(res.status).toBe(404);
    expect(await other.allLinks()).toHaveLength(1);
  });
});

describe('an archived member gets no new links', () => {
  test('Add members refuses them by name of the reason; nothing is created', async () => {
    const s = await setup();
    const { offer: spring } = await createOffer(s.brand.id, { name: 'Spring' });
    expect(await removeMember(s.brand.id, s.ann.id)).toMatchObject({ archived: true });
    const before = await s.allLinks();
    const res = await callRoute(
      addMembersAction as never,
      makeRequest(`/brand/offers/${spring.id}/add-members`, {
        cookie: s.cookie,
        form: { memberId: s.ann.id },
      }),
      { offerId: spring.id },
    );
    expect(res.status).toBe(400);
    expect(formErrors(res.body).form).toEqual([
      '1 selected member is archived and gets no new links. Restore them first, or reload the page and select again.',
    ]);
    expect(await s.allLinks()).toEqual(before);
  });

  test("the brand's deep-link builder refuses them and does not list them; the creator's refuses too", async () => {
    const s = await setup();
    await removeMember(s.brand.id, s.ann.id);
    const before = await s.allLinks();
    const res = await callRoute(
      offerLinksAction as never,
      makeRequest(`/brand/offers/${s.offer.id}?index`, {
        cookie: s.cookie,
        form: {
          intent: 'deep-link',
          memberId: s.ann.id,
          deepLink: 'https://shop.example.com/winter/boots',
          payoutOptionId: s.payouts[0].id,
        },
      }),
      { offerId: s.offer.id },
    );
    expect(res.status).toBe(400);
    expect(formErrors(res.body)).toEqual({ memberId: [archivedMemberMessage] });
    const page = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/${s.offer.id}`, { cookie: s.cookie }),
      { offerId: s.offer.id },
    );
    expect((page.body as { offerMembers: unknown[] }).offerMembers).toEqual([]);

    const creatorCookie = await sessionCookieFor({ memberId: s.ann.id });
    const creator = await callRoute(
      creatorOfferAction as never,
      makeRequest(`/creator/${s.brand.id}/offers/${s.offer.id}`, {
        cookie: creatorCookie,
        form: { intent: 'create', url: 'https://shop.example.com/winter/boots', label: 'Bio' },
      }),
      { brandId: s.brand.id, offerId: s.offer.id },
    );
    expect(creator.status).toBe(403);
    expect(await s.allLinks()).toEqual(before);
    expect(
      await db
        .select()
        .from(links)
        .where(and(eq(links.memberId, s.ann.id), eq(links.offerId, s.offer.id))),
    ).toHaveLength(1);
  });
});

describe('filters keep archived offers and members, after the active ones', () => {
  test('conversions and reports dropdowns list them marked (archived)', async () => {
    const s = await setup();
    await createOffer(s.brand.id, { name: 'Zebra' });
    await createMember(s.brand.id, { name: 'Zoe', email: 'zoe@example.com' });
    await removeOffer(s.brand.id, s.offer.id);
    await removeMember(s.brand.id, s.ann.id);

    const conversions = await callRoute(
      conversionsLoader as never,
      makeRequest('/brand/conversions', { cookie: s.cookie }),
    );
    const c = conversions.body as {
      offers: { name: string }[];
      members: { name: string }[];
    };
    expect(c.offers.map((o) => o.name)).toEqual(['Zebra', 'Winter Sale (archived)']);
    expect(c.members.map((m) => m.name)).toEqual([
      'Zoe (zoe@example.com)',
      `Ann (${s.ann.email}) (archived)`,
    ]);

    const reports = await callRoute(
      reportsLoader as never,
      makeRequest(`/brand/reports?offer=${s.offer.id}`, { cookie: s.cookie }),
    );
    expect(reports.status).toBe(200);
    const r = (
      reports.body as {
        dashboard: { offers: { id: string; name: string }[]; members: { name: string }[] };
      }
    ).dashboard;
    expect(r.offers).toEqual([
      expect.objectContaining({ name: 'Zebra' }),
      { id: s.offer.id, name: 'Winter Sale (archived)' },
    ]);
    expect(r.members.map((m) => m.name)).toEqual(['Zoe', 'Ann (archived)']);
  });
});
