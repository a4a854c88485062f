import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { links } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { DEEP_LINK_ATTACKS } from '../../test/deep-link-attacks';
import {
  action as offerAction,
  loader as offerLoader,
} from '../routes/creator+/$brandId.offers.$offerId';
import { loader as qrLoader } from '../routes/creator+/$brandId.links.$linkId.qr.$format';
import { MAX_CREATOR_LINKS_PER_OFFER } from './schemas';

async function setup(allowCreatorDeepLinks = true) {
  const { brand } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Glow Serum',
    offerUrl: 'https://www.shop.example.com/serum',
    additionalDomains: ['glow-shop.example'],
    allowCreatorDeepLinks,
    description: 'INTERNAL',
  });
  const maya = await createMember(brand.id, { name: 'Maya' });
  const theo = await createMember(brand.id, { name: 'Theo' });
  const main = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: maya.id,
    payoutOptionId: payouts[1]?.id ?? payouts[0].id,
  });
  const theoLink = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: theo.id,
    payoutOptionId: payouts[0].id,
  });
  const cookie = await sessionCookieFor({ memberId: maya.id });
  const post = (form: Record<string, string>, offerId = offer.id) =>
    callRoute(
      offerAction as never,
      makeRequest(`/creator/${brand.id}/offers/${offerId}`, { cookie, form }),
      { brandId: brand.id, offerId },
    );
  const mayaLinks = () =>
    db
      .select()
      .from(links)
      .where(and(eq(links.memberId, maya.id), eq(links.offerId, offer.id)));
  return { brand, offer, payouts, maya, theo, main, theoLink, cookie, post, mayaLinks };
}

describe('deep-link builder', () => {
  test('a page on the offer’s domains with a label becomes a new link at once', async () => {
    const s = await setup();
    const res = await s.post({
      intent: 'create',
      url: 'https://shop.example.com/products/night-cream?ref=x',
      label: '  Instagram bio  ',
    });
    expect(res.status).toBe(302);
    const [created] = (await s.mayaLinks()).filter((l) => l.id !== s.main.id);
    expect(res.headers.get('location')).toBe(
      `/creator/${s.brand.id}/offers/${s.offer.id}?created=${created.id}`,
    );
    expect(created).toMatchObject({
      deepLink: 'https://shop.example.com/products/night-cream?ref=x',
      label: 'Instagram bio',
      createdByCreator: true,
      payoutOptionId: s.main.payoutOptionId,
      brandId: s.brand.id,
    });
    // Subdomain of an additional domain; the same page and label again is the same link.
    await s.post({ intent: 'create', url: 'https://m.glow-shop.example/x', label: 'TikTok' });
    await s.post({ intent: 'create', url: 'https://m.glow-shop.example/x', label: 'TikTok' });
    expect(await s.mayaLinks()).toHaveLength(3);
    // The same page under another label is another link (each platform its own figures).
    await s.post({ intent: 'create', url: 'https://m.glow-shop.example/x', label: 'Stories' });
    expect(await s.mayaLinks()).toHaveLength(4);

    const page = await callRoute(
      offerLoader as never,
      makeRequest(`/creator/${s.brand.id}/offers/${s.offer.id}`, { cookie: s.cookie }),
      { brandId: s.brand.id, offerId: s.offer.id },
    );
    const body = page.body as { links: { label: string | null }[]; offer: object };
    expect(body.links.map((l) => l.label)).toEqual([null, 'Stories', 'TikTok', 'Instagram bio']);
    expect(JSON.stringify(body)).not.toContain('INTERNAL');
    expect(JSON.stringify(body)).not.toContain(s.theoLink.code);
  });

  test('bad input gets the precise reason and changes nothing', async () => {
    const s = await setup();
    const cases: [Record<string, string>, string, string][] = [
      [
        { url: 'https://evil.example/glow', label: 'x' },
        'url',
        'Deep links must point to shop.example.com, glow-shop.example (or a subdomain).',
      ],
      [
        { url: 'javascript:alert(1)', label: 'x' },
        'url',
        'A deep link must be a full address starting with https:// or http://.',
      ],
      [
        { url: `https://shop.example.com/${'a'.repeat(5000)}`, label: 'x' },
        'url',
        'A deep link is at most 2,000 characters.',
      ],
      [
        { url: 'https://shop.example.com/ok', label: '   ' },
        'label',
        'Give the link a label, like “Instagram bio”.',
      ],
      [
        { url: 'https://shop.example.com/ok', label: 'x'.repeat(61) },
        'label',
        'A label is at most 60 characters.',
      ],
      [{ url: '', label: 'x' }, 'url', 'Enter the page address, starting with https://.'],
    ];
    for (const attack of DEEP_LINK_ATTACKS) {
      cases.push([{ url: attack, label: 'x' }, 'url', '']);
    }
    for (const [form, field, message] of cases) {
      const res = await s.post({ intent: 'create', ...form });
      expect(res.status, form.url).toBe(400);
      const errors = (res.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
      expect(errors[field]?.length, form.url).toBeGreaterThan(0);
      if (message) expect(errors[field]).toContain(message);
      // The form keeps what was typed.
      expect((res.body as { values: { label: string } }).values.label).toBe(form.label);
    }
    expect(await s.mayaLinks()).toHaveLength(1);
  });

  test('where the offer does not allow it, the builder is not offered and its action refuses', async () => {
    const s = await setup(false);
    const page = await callRoute(
      offerLoader as never,
      makeRequest(`/creator/${s.brand.id}/offers/${s.offer.id}`, { cookie: s.cookie }),
      { brandId: s.brand.id, offerId: s.offer.id },
    );
    expect(
      (page.body as { offer: { allowCreatorDeepLinks: boolean } }).offer.allowCreatorDeepLinks,
    ).toBe(false);
    const res = await s.post({ intent: 'create', url: 'https://shop.example.com/x', label: 'Bio' });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain(
      'This offer does not let creators build their own deep links.',
    );
    expect(await s.mayaLinks()).toHaveLength(1);
  });

  test(`a creator has at most ${MAX_CREATOR_LINKS_PER_OFFER} links per offer, even with concurrent requests`, async () => {
    const s = await setup();
    await db.insert(links).values(
      Array.from({ length: MAX_CREATOR_LINKS_PER_OFFER - 3 }, (_, i) => ({
        brandId: s.brand.id,
        offerId: s.offer.id,
        memberId: s.maya.id,
        payoutOptionId: s.main.payoutOptionId,
        code: `cap${i}-${s.maya.id.slice(0, 8)}`,
        deepLink: `https://shop.example.com/p/${i}`,
        label: `L${i}`,
      })),
    );
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        s.post({ intent: 'create', url: `https://shop.example.com/new/${i}`, label: `New ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 302)).toHaveLength(2);
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(3);
    expect(JSON.stringify(refused[0].body)).toContain(
      `You already have ${MAX_CREATOR_LINKS_PER_OFFER} links for this offer, the most allowed.`,
    );
    expect(await s.mayaLinks()).toHaveLength(MAX_CREATOR_LINKS_PER_OFFER);
  });

  test('another creator’s link or offer, or another brand’s: 404 and nothing changes', async () => {
    const s = await setup();
    const other = await setup();
    // Theo's link, renamed by Maya: 404.
    const rename = await s.post({ intent: 'rename', linkId: s.theoLink.id, label: 'Mine now' });
    expect(rename.status).toBe(404);
    const [theo] = await db.select().from(links).where(eq(links.id, s.theoLink.id));
    expect(theo.label).toBeNull();
    // Another brand's offer under her brand's URL, and a link there.
    const foreign = await s.post(
      { intent: 'create', url: 'https://shop.example.com/x', label: 'x' },
      other.offer.id,
    );
    expect(foreign.status).toBe(404);
    expect(await other.mayaLinks()).toHaveLength(1);
    for (const linkId of [s.theoLink.id, other.main.id, 'nope']) {
      const qr = await callRoute(
        qrLoader as never,
        makeRequest(`/creator/${s.brand.id}/links/${linkId}/qr/png`, { cookie: s.cookie }),
        { brandId: s.brand.id, linkId, format: 'png' },
      );
      expect(qr.status).toBe(404);
    }
    // Her own: renamed, and its QR code.
    const ok = await s.post({ intent: 'rename', linkId: s.main.id, label: 'Link in bio' });
    expect(ok.status).toBe(302);
    const bad = await s.post({ intent: 'rename', linkId: s.main.id, label: '' });
    expect(bad.status).toBe(400);
    const [main] = await db.select().from(links).where(eq(links.id, s.main.id));
    expect(main.label).toBe('Link in bio');
    const qr = await callRoute(
      qrLoader as never,
      makeRequest(`/creator/${s.brand.id}/links/${s.main.id}/qr/svg`, { cookie: s.cookie }),
      { brandId: s.brand.id, linkId: s.main.id, format: 'svg' },
    );
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(String(qr.body)).toContain('<svg');
  });
});
