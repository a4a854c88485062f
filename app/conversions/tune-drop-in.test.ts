import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { offers } from '../../db/schema';
import { createBrandWithUser, createOffer } from '../../seed/factories';
import { startServer } from '../../server';
import { conversionSetup, conversionsOf, trackingServer } from '../../test/conversion-setup';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { setPreviousTuneOfferId } from '../offers/offer-numbers.server';
import {
  action as trackingAction,
  loader as trackingLoader,
} from '../routes/brand+/offers.$offerId.tracking';

/** A merchant moving from TUNE (SPEC §6): offer numbers, adv_sub, goal_id, repeated parameters. */
const endpoints = trackingServer(startServer);
const get = endpoints.get;

describe('offer numbers', () => {
  test('each brand numbers its offers 1, 2, 3…; a deleted offer’s number is not given again', async () => {
    const { brand } = await createBrandWithUser();
    const { brand: other } = await createBrandWithUser();
    const first = await createOffer(brand.id);
    const second = await createOffer(brand.id);
    const elsewhere = await createOffer(other.id);
    expect([first.offer.offerNumber, second.offer.offerNumber]).toEqual([1, 2]);
    expect(elsewhere.offer.offerNumber).toBe(1);
    await db.delete(offers).where(eq(offers.id, second.offer.id));
    const third = await createOffer(brand.id);
    expect(third.offer.offerNumber).toBe(3);
  });

  test('offers created at the same time get distinct numbers', async () => {
    const { brand } = await createBrandWithUser();
    const made = await Promise.all(Array.from({ length: 8 }, () => createOffer(brand.id)));
    expect(made.map((m) => m.offer.offerNumber).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });
});

describe('/aff_lsr with an integer offer_id', () => {
  test('the offer number and the previous TUNE offer id both name the offer; another integer does not', async () => {
    const s = await conversionSetup();
    const token = s.brand.postbackToken;
    await setPreviousTuneOfferId(s.brand.id, s.offer.id, 4711);
    const byNumber = await get('/aff_lsr', {
      offer_id: String(s.offer.offerNumber),
      transaction_id: (await s.click()).id,
      amount: '10',
      adv_unique1: 'N-1',
      security_token: token,
    });
    expect(byNumber).toMatchObject({ status: 200, body: 'success=true;' });
    const byTuneId = await get('/aff_lsr', {
      offer_id: '4711',
      transaction_id: (await s.click()).id,
      amount: '10',
      adv_unique1: 'N-2',
      security_token: token,
    });
    expect(byTuneId).toMatchObject({ status: 200, body: 'success=true;' });
    const wrong = await get('/aff_lsr', {
      offer_id: '999',
      transaction_id: (await s.click()).id,
      amount: '10',
      adv_unique1: 'N-3',
      security_token: token,
    });
    expect(wrong.body).toBe('success=false; err_msg=unknown_click');
    const rows = await conversionsOf(s.brand.id);
    expect(rows.map((r) => [r.orderId, r.status, r.offerId])).toEqual([
      ['N-1', 'pending', s.offer.id],
      ['N-2', 'pending', s.offer.id],
      ['N-3', 'refused', null],
    ]);
  });

  test('a previous TUNE id wins over another offer’s number', async () => {
    const s = await conversionSetup();
    const { offer: second } = await createOffer(s.brand.id);
    // "2" is the second offer's number, and the first offer's TUNE id.
    await setPreviousTuneOfferId(s.brand.id, s.offer.id, second.offerNumber);
    const r = await get('/aff_lsr', {
      offer_id: String(second.offerNumber),
      transaction_id: (await s.click()).id,
      amount: '10',
      adv_unique1: 'W-1',
      security_token: s.brand.postbackToken,
    });
    expect(r.body).toBe('success=true;');
  });
});

describe('adv_sub, goal_id, adv_sub2–adv_sub5', () => {
  test('without adv_unique1, adv_sub is the order id: a second one is a duplicate', async () => {
    const s = await conversionSetup();
    const report = async () =>
      get('/aff_lsr', {
        offer_id: String(s.offer.offerNumber),
        transaction_id: (await s.click()).id,
        amount: '20',
        adv_sub: 'ORDER-77',
        goal_id: '3',
        adv_sub2: 'blue',
        adv_sub3: 'XL',
        adv_sub4: 'promo',
        adv_sub5: 'web',
        security_token: s.brand.postbackToken,
      });
    expect((await report()).body).toBe('success=true;');
    expect((await report()).body).toBe('success=false; err_msg=duplicate_order');
    const [row, dup] = await conversionsOf(s.brand.id);
    expect(row).toMatchObject({
      status: 'pending',
      orderId: 'ORDER-77',
      goalId: '3',
      advSub: 'ORDER-77',
      advSub2: 'blue',
      advSub3: 'XL',
      advSub4: 'promo',
      advSub5: 'web',
    });
    expect(dup).toMatchObject({ status: 'refused', reason: 'duplicate_order', goalId: '3' });
  });

  test('with adv_unique1, it is the order id and adv_sub is kept beside it', async () => {
    const s = await conversionSetup();
    await get('/aff_lsr', {
      transaction_id: (await s.click()).id,
      amount: '20',
      adv_unique1: 'U-1',
      adv_sub: 'campaign-a',
      security_token: s.brand.postbackToken,
    });
    const [row] = await conversionsOf(s.brand.id);
    expect(row).toMatchObject({ status: 'pending', orderId: 'U-1', advSub: 'campaign-a' });
  });
});

describe('a repeated parameter is refused, on every way in', () => {
  test('/postback, /aff_lsr, /postback/reverse and the pixel: 400 with the name, nothing stored', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const token = s.brand.postbackToken;
    const postback = await get(
      '/postback',
      `transaction_id=${click.id}&amount=1&amount=2&order_id=R-1&security_token=${token}`,
    );
    expect(postback.status).toBe(400);
    expect(postback.body).toMatchObject({
      success: false,
      reason: 'malformed',
      message: 'The parameter amount is given more than once: send each parameter once.',
    });
    const tune = await get(
      '/aff_lsr',
      `transaction_id=${click.id}&amount=1&adv_unique1=R-2&adv_unique1=R-3&security_token=${token}`,
    );
    expect(tune).toMatchObject({
      status: 400,
      body: 'success=false; err_msg=malformed: The parameter adv_unique1 is given more than once: send each parameter once.',
    });
    const reverse = await get(
      '/postback/reverse',
      `order_id=R-1&order_id=R-2&security_token=${token}`,
    );
    expect(reverse.status).toBe(400);
    // Query and form body together count as one set of parameters.
    const posted = await fetch(
      `${endpoints.base}/postback?transaction_id=${click.id}&security_token=${token}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `amount=5&order_id=R-4&transaction_id=${click.id}`,
      },
    );
    expect(posted.status).toBe(400);
    expect(await posted.json()).toMatchObject({
      message: expect.stringContaining('transaction_id'),
    });
    const pixel = await fetch(`${endpoints.base}/pixel.gif?order_id=P-1&amount=1&amount=2`, {
      headers: { cookie: `ol_click=${click.id}` },
    });
    expect(pixel.status).toBe(400);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(await conversionsOf(s.brand.id)).toEqual([]);
  });
});

describe('tracking setup page', () => {
  test('shows the offer number and saves, keeps and refuses a previous TUNE offer id', async () => {
    const { brand, user } = await createBrandWithUser();
    const cookie = await sessionCookieFor({ userId: user.id });
    const { offer } = await createOffer(brand.id, { trackingMethod: 'server_postback' });
    const { offer: other } = await createOffer(brand.id);
    const page = await callRoute(
      trackingLoader as never,
      makeRequest(`/brand/offers/${offer.id}/tracking`, { cookie }),
      { offerId: offer.id },
    );
    const loaded = page.body as { offerNumber: number; setup: { steps: { code: string }[] } };
    expect(loaded.offerNumber).toBe(1);
    expect(loaded.setup.steps.some((s) => s.code.includes('/aff_lsr?offer_id=1&'))).toBe(true);

    const save = (value: string, offerId = offer.id) =>
      callRoute(
        trackingAction as never,
        makeRequest(`/brand/offers/${offerId}/tracking`, {
          form: { previousTuneOfferId: value },
          cookie,
        }),
        { offerId },
      );
    expect((await save('12')).status).toBe(200);
    const [saved] = await db.select().from(offers).where(eq(offers.id, offer.id));
    expect(saved.previousTuneOfferId).toBe(12);

    const bad = await save('12abc');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      typed: '12abc',
      fieldErrors: { previousTuneOfferId: [expect.stringContaining('whole number')] },
    });
    const taken = await save('12', other.id);
    expect(taken.status).toBe(400);
    expect(taken.body).toMatchObject({
      fieldErrors: {
        previousTuneOfferId: [
          expect.stringContaining(`“${offer.name}” already has TUNE offer id 12`),
        ],
      },
    });
    expect((await save('')).status).toBe(200);
    const [cleared] = await db.select().from(offers).where(eq(offers.id, offer.id));
    expect(cleared.previousTuneOfferId).toBeNull();

    // Another brand's offer: 404, nothing changes.
    const stranger = await createBrandWithUser();
    const foreign = await callRoute(
      trackingAction as never,
      makeRequest(`/brand/offers/${offer.id}/tracking`, {
        form: { previousTuneOfferId: '5' },
        cookie: await sessionCookieFor({ userId: stranger.user.id }),
      }),
      { offerId: offer.id },
    );
    expect(foreign.status).toBe(404);
  });
});
