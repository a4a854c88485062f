import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db, getDb } from '../../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { offerImages, offers, payoutOptions } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { loader as homeLoader } from '../routes/brand+/_index';
import { loader as layoutLoader } from '../routes/brand+/offers.$offerId';
import { action as editAction, loader as editLoader } from '../routes/brand+/offers.$offerId.edit';
import { action as removeAction } from '../routes/brand+/offers.$offerId.remove';
import { action as statusAction } from '../routes/brand+/offers.$offerId.status';
import { loader as trackingLoader } from '../routes/brand+/offers.$offerId.tracking';
import { loader as listLoader } from '../routes/brand+/offers._index';
import { action as newAction } from '../routes/brand+/offers.new';
import { loader as imageLoader } from '../routes/offer-images.$imageId';
import { LINK_CHANGES_CHANNEL } from '../links/link-events.server';
import { linkCache } from '../tracking/link-cache.server';
import { IMAGE_MAX_BYTES } from './schemas';

type Fn = Parameters<typeof callRoute>[0];
const call = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  callRoute(fn as Fn, request, params);

async function signedInBrand() {
  const { brand, user } = await createBrandWithUser();
  return { brand, user, cookie: await sessionCookieFor({ userId: user.id }) };
}

function offerForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Summer Sale',
    description: 'Margins are thin: keep it under 15 %.',
    picture: 'gift',
    status: 'active',
    offerUrl: 'https://shop.example.com/summer',
    conversionType: 'sale',
    trackingMethod: 'server_postback',
    currency: 'USD',
    endsAt: '',
    tzOffset: '0',
    attributionWindowDays: '45',
    holdingPeriodDays: '14',
    utmSource: 'influencer',
    utmMedium: '',
    utmCampaign: '{project_name}',
    utmContent: '{creator_ig_username}',
    utmTerm: '',
    allowCreatorDeepLinks: 'on',
    additionalDomains: ['Blog.Example.com', ''],
    clickIdParam: 'transaction_id',
    'payouts.0.id': '',
    'payouts.0.title': 'Standard',
    'payouts.0.type': 'cps_percent',
    'payouts.0.value': '12.5',
    'payouts.1.id': '',
    'payouts.1.title': 'VIP flat',
    'payouts.1.type': 'cpa_flat',
    'payouts.1.value': '15.00',
    defaultPayout: '0',
    ...overrides,
  };
}

const fieldErrors = (body: unknown) =>
  (body as { fieldErrors: Record<string, string[]> }).fieldErrors;

async function snapshot(offerId: string) {
  const [offer] = await db.select().from(offers).where(eq(offers.id, offerId));
  const payouts = await db
    .select()
    .from(payoutOptions)
    .where(eq(payoutOptions.offerId, offerId))
    .orderBy(payoutOptions.position);
  return { offer, payouts };
}

async function expiryJob(offerId: string) {
  const rows = await db.execute<{ run_at: string | Date }>(
    sql`select run_at from graphile_worker.jobs where key = ${`offer-expire:${offerId}`}`,
  );
  return rows[0] ? { run_at: new Date(rows[0].run_at) } : null;
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1c5d3a40000000049454e44ae426082',
  'hex',
);

function multipart(
  fields: Record<string, string | string[]>,
  file?: { bytes: Uint8Array; name: string; type: string },
) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  if (file)
    data.append('image', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return data;
}

describe('creating an offer', () => {
  test('writes the offer and its payout options, exactly', async () => {
    const { brand, cookie } = await signedInBrand();
    const result = await call(
      newAction,
      makeRequest('/brand/offers/new', { form: offerForm(), cookie }),
    );
    expect(result.status).toBe(302);
    const offerId = result.headers.get('location')!.split('/').pop()!;
    const { offer, payouts } = await snapshot(offerId);
    expect(offer).toMatchObject({
      brandId: brand.id,
      name: 'Summer Sale',
      icon: 'gift',
      imageId: null,
      trackingMethod: 'server_postback',
      attributionWindowDays: 45,
      holdingPeriodDays: 14,
      utmSource: 'influencer',
      utmMedium: null,
      utmCampaign: '{project_name}',
      allowCreatorDeepLinks: true,
      additionalDomains: ['blog.example.com'],
      endsAt: null,
    });
    expect(payouts.map((p) => [p.title, p.type, p.percent, p.amountMinor, p.isDefault])).toEqual([
      ['Standard', 'cps_percent', '12.5000', null, true],
      ['VIP flat', 'cpa_flat', null, 1500, false],
    ]);
    expect(await expiryJob(offerId)).toBeNull();

    const list = await call(listLoader, makeRequest('/brand/offers', { cookie }));
    const listed = (list.body as { offers: { id: string; expired: boolean; links: number }[] })
      .offers;
    expect(listed.map((o) => [o.id, o.expired, o.links])).toEqual([[offerId, false, 0]]);
  });

  test('an end date schedules the expiry job at that moment', async () => {
    const { cookie } = await signedInBrand();
    const result = await call(
      newAction,
      makeRequest('/brand/offers/new', {
        form: offerForm({ endsAt: '2031-03-01T09:30', tzOffset: '-60' }),
        cookie,
      }),
    );
    const offerId = result.headers.get('location')!.split('/').pop()!;
    const { offer } = await snapshot(offerId);
    expect(offer.endsAt?.toISOString()).toBe('2031-03-01T08:30:00.000Z');
    expect((await expiryJob(offerId))?.run_at.toISOString()).toBe('2031-03-01T08:30:00.000Z');
  });

  test('bad input: field errors everywhere at once, and nothing is written', async () => {
    const { brand, cookie } = await signedInBrand();
    const result = await call(
      newAction,
      makeRequest('/brand/offers/new', {
        form: offerForm({
          name: '',
          offerUrl: 'shop.example.com',
          'payouts.1.value': '15.001',
          utmSource: '{creator_email}',
          additionalDomains: ['not a domain'],
        }),
        cookie,
      }),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(fieldErrors(result.body)).sort()).toEqual(
      ['additionalDomains.0', 'name', 'offerUrl', 'payouts.1.value', 'utmSource'].sort(),
    );
    expect(await db.select().from(offers).where(eq(offers.brandId, brand.id))).toHaveLength(0);
  });

  test('a duplicate name (any case) is a friendly field error, not a 500', async () => {
    const { brand, cookie } = await signedInBrand();
    await createOffer(brand.id, { name: 'Summer Sale' });
    const result = await call(
      newAction,
      makeRequest('/brand/offers/new', { form: offerForm({ name: 'SUMMER sale' }), cookie }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors(result.body).name[0]).toContain('already have an offer named');
    expect(await db.select().from(offers).where(eq(offers.brandId, brand.id))).toHaveLength(1);
    // Another brand may use the same name.
    const other = await signedInBrand();
    const ok = await call(
      newAction,
      makeRequest('/brand/offers/new', { form: offerForm(), cookie: other.cookie }),
    );
    expect(ok.status).toBe(302);
  });
});

describe('editing an offer', () => {
  test('updates fields and payout options, switches the default, clears expired_at for a future end date', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer, payouts } = await createOffer(brand.id, {
      name: 'Old',
      endsAt: new Date(Date.now() - 3_600_000),
      expiredAt: new Date(),
      payouts: [
        { title: 'A', type: 'cps_percent', percent: '10' },
        { title: 'B', type: 'cpa_flat', amountMinor: 500 },
      ],
    });
    const loaded = await call(
      editLoader,
      makeRequest(`/brand/offers/${offer.id}/edit`, { cookie }),
      { offerId: offer.id },
    );
    expect(loaded.status).toBe(200);

    const result = await call(
      editAction,
      makeRequest(`/brand/offers/${offer.id}/edit`, {
        form: offerForm({
          name: 'New name',
          endsAt: '2032-01-01T00:00',
          'payouts.0.id': payouts[1].id,
          'payouts.0.title': 'B renamed',
          'payouts.0.type': 'cpa_flat',
          'payouts.0.value': '7.5',
          'payouts.1.id': '',
          'payouts.1.title': 'C',
          'payouts.1.type': 'cps_percent',
          'payouts.1.value': '20',
          defaultPayout: '0',
        }),
        cookie,
      }),
      { offerId: offer.id },
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe(`/brand/offers/${offer.id}/edit?saved=1`);
    const after = await snapshot(offer.id);
    expect(after.offer.name).toBe('New name');
    expect(after.offer.expiredAt).toBeNull();
    expect(after.offer.endsAt?.toISOString()).toBe('2032-01-01T00:00:00.000Z');
    expect(
      after.payouts.map((p) => [
        p.id === payouts[1].id,
        p.title,
        p.amountMinor,
        p.percent,
        p.isDefault,
      ]),
    ).toEqual([
      [true, 'B renamed', 750, null, true],
      [false, 'C', null, '20.0000', false],
    ]);
    expect((await expiryJob(offer.id))?.run_at.toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });

  test('a payout option that links use cannot be removed', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer, payouts } = await createOffer(brand.id, {
      payouts: [
        { title: 'Standard', type: 'cps_percent', percent: '10' },
        { title: 'Used', type: 'cpa_flat', amountMinor: 900 },
      ],
    });
    const member = await createMember(brand.id);
    await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: member.id,
      payoutOptionId: payouts[1].id,
    });
    const before = await snapshot(offer.id);
    // The brand removes the second row ("Used") and saves.
    const form = offerForm({ name: offer.name, 'payouts.0.id': payouts[0].id });
    delete (form as Record<string, unknown>)['payouts.1.id'];
    delete (form as Record<string, unknown>)['payouts.1.title'];
    delete (form as Record<string, unknown>)['payouts.1.type'];
    delete (form as Record<string, unknown>)['payouts.1.value'];
    const removal = await call(
      editAction,
      makeRequest(`/brand/offers/${offer.id}/edit`, { form, cookie }),
      { offerId: offer.id },
    );
    expect(removal.status).toBe(400);
    expect(fieldErrors(removal.body).payouts[0]).toContain('“Used” (1 link) cannot be removed');
    expect(await snapshot(offer.id)).toEqual(before);
  });

  test('a payout value or a number of days out of range: the message states the range, nothing changes', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer, payouts } = await createOffer(brand.id, {
      payouts: [
        { title: 'Standard', type: 'cps_percent', percent: '10' },
        { title: 'Flat', type: 'cpa_flat', amountMinor: 900 },
      ],
    });
    const before = await snapshot(offer.id);
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'payouts.0.value': '1000' },
        'payouts.0.value',
        'A percentage must be between 0.01 and 100 %; 1000 is too high.',
      ],
      [
        { 'payouts.0.value': '-5' },
        'payouts.0.value',
        'A percentage must be between 0.01 and 100 %; -5 is too low.',
      ],
      [
        { 'payouts.1.value': '0' },
        'payouts.1.value',
        'The amount must be more than 0 and at most 1,000,000 USD; 0 is too low.',
      ],
      [
        { attributionWindowDays: '400' },
        'attributionWindowDays',
        'The attribution window must be from 1 to 365 days; 400 is too high.',
      ],
      [
        { holdingPeriodDays: 'two weeks' },
        'holdingPeriodDays',
        'Enter the holding period as a whole number from 0 to 365 days.',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const result = await call(
        editAction,
        makeRequest(`/brand/offers/${offer.id}/edit`, {
          form: offerForm({
            name: offer.name,
            'payouts.0.id': payouts[0].id,
            'payouts.1.id': payouts[1].id,
            ...fields,
          }),
          cookie,
        }),
        { offerId: offer.id },
      );
      expect(result.status, JSON.stringify(fields)).toBe(400);
      expect(fieldErrors(result.body)[field], JSON.stringify(fields)).toEqual([message]);
      expect(await snapshot(offer.id)).toEqual(before);
    }
  });

  test('keeping a passed end date is allowed; the offer stays expired', async () => {
    const { brand, cookie } = await signedInBrand();
    const endsAt = new Date(Date.UTC(2025, 0, 1, 10, 0, 0));
    const { offer, payouts } = await createOffer(brand.id, { endsAt, expiredAt: endsAt });
    const result = await call(
      editAction,
      makeRequest(`/brand/offers/${offer.id}/edit`, {
        form: offerForm({
          name: offer.name,
          endsAt: '2025-01-01T10:00',
          'payouts.0.id': payouts[0].id,
          'payouts.1.title': 'Extra',
        }),
        cookie,
      }),
      { offerId: offer.id },
    );
    expect(result.status).toBe(302);
    const after = await snapshot(offer.id);
    expect(after.offer.expiredAt?.toISOString()).toBe(endsAt.toISOString());
    expect(after.payouts).toHaveLength(2);
  });
});

describe('pause and resume', () => {
  test('flips the status and returns to the offer page', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer } = await createOffer(brand.id);
    const paused = await call(
      statusAction,
      makeRequest(`/brand/offers/${offer.id}/status`, {
        form: { status: 'paused', redirectTo: `/brand/offers/${offer.id}/tracking` },
        cookie,
      }),
      { offerId: offer.id },
    );
    expect(paused.status).toBe(302);
    expect(paused.headers.get('location')).toBe(`/brand/offers/${offer.id}/tracking`);
    expect((await snapshot(offer.id)).offer.status).toBe('paused');
    const resumed = await call(
      statusAction,
      makeRequest(`/brand/offers/${offer.id}/status`, {
        form: { status: 'active', redirectTo: 'https://evil.example.com/' },
        cookie,
      }),
      { offerId: offer.id },
    );
    expect(resumed.headers.get('location')).toBe(`/brand/offers/${offer.id}`);
    expect((await snapshot(offer.id)).offer.status).toBe('active');
    const bad = await call(
      statusAction,
      makeRequest(`/brand/offers/${offer.id}/status`, { form: { status: 'deleted' }, cookie }),
      { offerId: offer.id },
    );
    expect(bad.status).toBe(400);
    expect((await snapshot(offer.id)).offer.status).toBe('active');
  });
});

describe('offer list and brand home', () => {
  test('status shows expired once the end date passed, even before the expiry job ran', async () => {
    const { brand, cookie } = await signedInBrand();
    const hour = 3_600_000;
    await createOffer(brand.id, { name: 'Running', endsAt: new Date(Date.now() + hour) });
    await createOffer(brand.id, { name: 'Paused', status: 'paused' });
    await createOffer(brand.id, { name: 'Ended, not swept', endsAt: new Date(Date.now() - hour) });
    await createOffer(brand.id, {
      name: 'Ended and swept',
      endsAt: new Date(Date.now() - hour),
      expiredAt: new Date(),
    });
    for (const [fn, path] of [
      [listLoader, '/brand/offers'],
      [homeLoader, '/brand'],
    ] as const) {
      const result = await call(fn, makeRequest(path, { cookie }));
      const rows = (result.body as { offers: { name: string; status: string; expired: boolean }[] })
        .offers;
      expect(
        Object.fromEntries(rows.map((o) => [o.name, o.expired ? 'expired' : o.status])),
      ).toEqual({
        Running: 'active',
        Paused: 'paused',
        'Ended, not swept': 'expired',
        'Ended and swept': 'expired',
      });
    }
  });
});

describe('link caches', () => {
  test('pausing, resuming and saving tell every process to re-read the offer', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer, payouts } = await createOffer(brand.id);
    const received: string[] = [];
    let notify: () => void = () => {};
    const { unlisten } = await getDb().$client.listen(LINK_CHANGES_CHANNEL, (payload) => {
      received.push(payload);
      notify();
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    try {
      const expected = JSON.stringify({ offerId: offer.id });
      let arrived = next();
      await call(
        statusAction,
        makeRequest(`/brand/offers/${offer.id}/status`, { form: { status: 'paused' }, cookie }),
        { offerId: offer.id },
      );
      await arrived;
      expect(received).toEqual([expected]);
      arrived = next();
      await call(
        editAction,
        makeRequest(`/brand/offers/${offer.id}/edit`, {
          form: offerForm({ name: offer.name, 'payouts.0.id': payouts[0].id }),
          cookie,
        }),
        { offerId: offer.id },
      );
      await arrived;
      expect(received).toEqual([expected, expected]);
    } finally {
      await unlisten();
    }
  });
});

describe('offer images', () => {
  test('a real PNG is stored and served with the sniffed type and locked-down headers', async () => {
    const { brand, cookie } = await signedInBrand();
    const result = await call(
      newAction,
      makeRequest('/brand/offers/new', {
        form: multipart(offerForm({ picture: 'upload' }), {
          bytes: PNG,
          name: 'logo.jpg',
          type: 'image/jpeg',
        }),
        cookie,
      }),
    );
    expect(result.status).toBe(302);
    const offerId = result.headers.get('location')!.split('/').pop()!;
    const { offer } = await snapshot(offerId);
    expect(offer.icon).toBeNull();
    const [image] = await db.select().from(offerImages).where(eq(offerImages.id, offer.imageId!));
    expect(image.brandId).toBe(brand.id);
    expect(image.contentType).toBe('image/png');
    expect(Buffer.compare(image.data, PNG)).toBe(0);

    const served = await imageLoader({
      request: makeRequest(`/offer-images/${image.id}`, { cookie }),
      params: { imageId: image.id },
      context: {},
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(served.headers.get('cache-control')).toContain('max-age=31536000');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), PNG)).toBe(0);

    // Replacing the picture with an icon drops the image.
    const edit = await call(
      editAction,
      makeRequest(`/brand/offers/${offerId}/edit`, {
        form: offerForm({
          picture: 'star',
          'payouts.0.id': (await snapshot(offerId)).payouts[0].id,
          'payouts.1.id': (await snapshot(offerId)).payouts[1].id,
        }),
        cookie,
      }),
      { offerId },
    );
    expect(edit.status).toBe(302);
    expect((await snapshot(offerId)).offer).toMatchObject({ icon: 'star', imageId: null });
    expect(
      await db.select().from(offerImages).where(eq(offerImages.brandId, brand.id)),
    ).toHaveLength(0);
  });

  test.each([
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'logo.svg',
      'image/svg+xml',
      'not a PNG, JPEG or WebP',
    ],
    [
      'a renamed text file',
      Buffer.from('just some text, honestly'),
      'photo.png',
      'image/png',
      'not a PNG, JPEG or WebP',
    ],
    [
      'a file over 2 MB',
      Buffer.concat([PNG, Buffer.alloc(IMAGE_MAX_BYTES)]),
      'huge.png',
      'image/png',
      'larger than 2 MB',
    ],
  ])(
    '%s is refused with a clear message and nothing is written',
    async (_label, bytes, name, type, message) => {
      const { brand, cookie } = await signedInBrand();
      const result = await call(
        newAction,
        makeRequest('/brand/offers/new', {
          form: multipart(offerForm({ picture: 'upload' }), { bytes, name, type }),
          cookie,
        }),
      );
      expect(result.status).toBe(400);
      expect(fieldErrors(result.body).image[0]).toContain(message);
      expect(await db.select().from(offers).where(eq(offers.brandId, brand.id))).toHaveLength(0);
      expect(
        await db.select().from(offerImages).where(eq(offerImages.brandId, brand.id)),
      ).toHaveLength(0);
    },
  );
});

describe('tracking setup', () => {
  test('shows the brand keys and this offer in the snippets of its method', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer } = await createOffer(brand.id, {
      trackingMethod: 'server_postback',
      currency: 'EUR',
    });
    const result = await call(
      trackingLoader,
      makeRequest(`/brand/offers/${offer.id}/tracking`, { cookie }),
      { offerId: offer.id },
    );
    const setup = (result.body as { setup: { steps: { code: string }[] } }).setup;
    const codes = setup.steps.map((s) => s.code).join('\n');
    expect(codes).toContain(
      `/postback?transaction_id={transaction_id}&amount={amount}&order_id={order_id}&currency=EUR&security_token=${brand.postbackToken}`,
    );
    expect(codes).toContain(
      `/aff_lsr?offer_id=${offer.offerNumber}&transaction_id={transaction_id}`,
    );
    expect(codes).toContain(
      `/postback/reverse?offer_id=${offer.id}&order_id={order_id}&security_token=${brand.postbackToken}`,
    );
  });
});

describe('tenant isolation', () => {
  test("brand A gets 404 for every route with brand B's offer or image, and nothing changes", async () => {
    const a = await signedInBrand();
    const b = await signedInBrand();
    const { offer, payouts } = await createOffer(b.brand.id, { name: 'B secret' });
    const [image] = await db
      .insert(offerImages)
      .values({ brandId: b.brand.id, contentType: 'image/png', data: PNG })
      .returning();
    const before = await snapshot(offer.id);
    const params = { offerId: offer.id };
    const as = (path: string, form?: Record<string, string | string[]>) =>
      makeRequest(path, { cookie: a.cookie, form });

    expect((await call(layoutLoader, as(`/brand/offers/${offer.id}`), params)).status).toBe(404);
    expect((await call(editLoader, as(`/brand/offers/${offer.id}/edit`), params)).status).toBe(404);
    expect(
      (await call(trackingLoader, as(`/brand/offers/${offer.id}/tracking`), params)).status,
    ).toBe(404);
    const edit = await call(
      editAction,
      as(
        `/brand/offers/${offer.id}/edit`,
        offerForm({ name: 'Hijacked', 'payouts.0.id': payouts[0].id }),
      ),
      params,
    );
    expect(edit.status).toBe(404);
    const pause = await call(
      statusAction,
      as(`/brand/offers/${offer.id}/status`, { status: 'paused' }),
      params,
    );
    expect(pause.status).toBe(404);
    const imageAsA = await imageLoader({
      request: as(`/offer-images/${image.id}`),
      params: { imageId: image.id },
      context: {},
    });
    expect(imageAsA.status).toBe(404);
    const imageAnon = await imageLoader({
      request: makeRequest(`/offer-images/${image.id}`),
      params: { imageId: image.id },
      context: {},
    });
    expect(imageAnon.status).toBe(404);
    const imageAsB = await imageLoader({
      request: makeRequest(`/offer-images/${image.id}`, { cookie: b.cookie }),
      params: { imageId: image.id },
      context: {},
    });
    expect(imageAsB.status).toBe(200);
    // Malformed ids are 404s too, not database errors.
    expect((await call(layoutLoader, as('/brand/offers/nope'), { offerId: 'nope' })).status).toBe(
      404,
    );
    expect(
      (
        await call(statusAction, as('/brand/offers/nope/status', { status: 'paused' }), {
          offerId: 'nope',
        })
      ).status,
    ).toBe(404);

    expect(await snapshot(offer.id)).toEqual(before);
    const aList = await call(listLoader, as('/brand/offers'));
    expect((aList.body as { offers: unknown[] }).offers).toEqual([]);
  });
});

describe('archiving and deleting offers', () => {
  const remove = (cookie: string, offerId: string, intent: string) =>
    call(
      removeAction,
      makeRequest(`/brand/offers/${offerId}/remove`, { form: { intent }, cookie }),
      { offerId },
    );
  const listed = async (cookie: string, query = '') => {
    const result = await call(listLoader, makeRequest(`/brand/offers${query}`, { cookie }));
    const body = result.body as {
      offers: { name: string; archivedAt: string | Date | null }[];
      archivedCount: number;
    };
    return {
      names: body.offers.map((o) => `${o.name}${o.archivedAt ? ' (archived)' : ''}`).sort(),
      archivedCount: body.archivedCount,
    };
  };

  test('an offer with links is archived: hidden unless asked for, its links keep resolving, restorable', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer, payouts } = await createOffer(brand.id, { name: 'Linked' });
    await createOffer(brand.id, { name: 'Other' });
    const member = await createMember(brand.id);
    const link = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: member.id,
      payoutOptionId: payouts[0].id,
    });
    const layout = await call(layoutLoader, makeRequest(`/brand/offers/${offer.id}`, { cookie }), {
      offerId: offer.id,
    });
    expect((layout.body as { offer: { linkCount: number } }).offer.linkCount).toBe(1);

    const archived = await remove(cookie, offer.id, 'remove');
    expect(archived.status).toBe(302);
    expect(archived.headers.get('location')).toBe(`/brand/offers/${offer.id}`);
    const row = (await snapshot(offer.id)).offer;
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(await listed(cookie)).toEqual({ names: ['Other'], archivedCount: 1 });
    expect(await listed(cookie, '?archived=1')).toEqual({
      names: ['Linked (archived)', 'Other'],
      archivedCount: 1,
    });
    // Its link keeps redirecting and tracking (the caches re-read it), and its page stays.
    expect((await linkCache().resolve(link.code))?.linkId).toBe(link.id);
    const page = await call(layoutLoader, makeRequest(`/brand/offers/${offer.id}`, { cookie }), {
      offerId: offer.id,
    });
    expect((page.body as { offer: { archivedAt: string | null } }).offer.archivedAt).toBe(
      row.archivedAt!.toISOString(),
    );
    // Archiving again changes nothing.
    await remove(cookie, offer.id, 'remove');
    expect((await snapshot(offer.id)).offer.archivedAt).toEqual(row.archivedAt);

    const restored = await remove(cookie, offer.id, 'restore');
    expect(restored.headers.get('location')).toBe(`/brand/offers/${offer.id}`);
    expect((await snapshot(offer.id)).offer.archivedAt).toBeNull();
    expect(await listed(cookie)).toEqual({ names: ['Linked', 'Other'], archivedCount: 0 });
  });

  test('an offer without links or conversions is deleted; one with a conversion but no link is archived', async () => {
    const { brand, cookie } = await signedInBrand();
    const { offer: unused } = await createOffer(brand.id, { name: 'Unused' });
    const { offer: converted } = await createOffer(brand.id, { name: 'Converted' });
    await db.execute(sql`
      insert into conversions (brand_id, offer_id, order_id, currency, commission_minor, status, source)
      values (${brand.id}, ${converted.id}, 'HAND-1', 'USD', 500, 'pending', 'postback')`);

    const deleted = await remove(cookie, unused.id, 'remove');
    expect(deleted.headers.get('location')).toBe('/brand/offers?deleted=1');
    expect((await snapshot(unused.id)).offer).toBeUndefined();
    expect((await snapshot(unused.id)).payouts).toEqual([]);

    const archived = await remove(cookie, converted.id, 'remove');
    expect(archived.headers.get('location')).toBe(`/brand/offers/${converted.id}`);
    expect((await snapshot(converted.id)).offer.archivedAt).toBeInstanceOf(Date);
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from conversions where offer_id = ${converted.id}`,
    );
    expect(n).toBe(1);
  });

  test('another brand’s offer or an unknown id is a 404, a bad intent a 400; nothing changes', async () => {
    const { cookie } = await signedInBrand();
    const other = await signedInBrand();
    const { offer } = await createOffer(other.brand.id, { name: 'Theirs' });
    for (const intent of ['remove', 'restore']) {
      expect((await remove(cookie, offer.id, intent)).status).toBe(404);
    }
    expect((await remove(cookie, '00000000-0000-4000-8000-000000000000', 'remove')).status).toBe(
      404,
    );
    expect((await remove(cookie, 'not-an-id', 'remove')).status).toBe(404);
    expect((await remove(other.cookie, offer.id, 'destroy')).status).toBe(400);
    const row = (await snapshot(offer.id)).offer;
    expect(row).toMatchObject({ name: 'Theirs', archivedAt: null });
  });
});
