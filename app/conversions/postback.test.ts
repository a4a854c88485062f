import { createHmac, randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  badTokenCounts,
  conversionStatusHistory,
  conversions,
  offers,
  statementAdjustments,
  statements,
} from '../../db/schema';
import { startServer } from '../../server';
import { rotatePostbackToken } from '../brands/tracking-keys.server';
import { recordClick } from '../tracking/click-writer.server';
import { markStatementsPaid } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
import { attributeConversion } from './attribute.server';
import { conversionSetup, conversionsOf, trackingServer } from '../../test/conversion-setup';
import { balancesOf } from '../../test/payouts-fixtures';

const endpoints = trackingServer(startServer);
const get = endpoints.get;

const badTokenCount = async () => {
  const [row] = await db
    .select()
    .from(badTokenCounts)
    .where(eq(badTokenCounts.day, new Date().toISOString().slice(0, 10)));
  return row?.count ?? 0;
};

let orderSeq = 0;
const order = () => `order-${++orderSeq}`;

describe('server postback: acceptance and commission', () => {
  test('accepts a valid click, computes CPS commission, answers JSON after the row exists', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
    });
    const click = await s.click();
    const r = await get('/postback', {
      transaction_id: click.id,
      amount: '49.99',
      order_id: 'A-1',
      currency: 'USD',
      event: 'purchase',
      security_token: s.brand.postbackToken,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, status: 'pending' });
    const [row] = await db
      .select()
      .from(conversions)
      .where(eq(conversions.id, r.body.conversion_id));
    expect(row).toMatchObject({
      brandId: s.brand.id,
      offerId: s.offer.id,
      linkId: s.link.id,
      memberId: s.member.id,
      clickId: click.id,
      orderId: 'A-1',
      event: 'purchase',
      amountMinor: 4999,
      commissionMinor: 500,
      currency: 'USD',
      status: 'pending',
      source: 'postback',
      reason: null,
    });
    // The secret is not kept with the raw parameters.
    expect(row.raw).toMatchObject({ order_id: 'A-1', amount: '49.99' });
    expect(row.raw).not.toHaveProperty('security_token');
  });

  test('a conversion reported before its click batch is written is still attributed', async () => {
    const s = await conversionSetup();
    const clickId = randomUUID();
    // Buffered, not yet written: the writer flushes every few milliseconds.
    recordClick({
      id: clickId,
      brandId: s.brand.id,
      offerId: s.offer.id,
      linkId: s.link.id,
      memberId: s.member.id,
      createdAt: new Date(),
      ipHash: 'test',
      userAgent: 'Mozilla/5.0',
      referrer: null,
      country: null,
      device: 'mobile',
      isBot: false,
      isUnique: true,
      attributable: true,
      subs: [null, null, null, null, null],
    });
    const result = await attributeConversion({
      brandId: s.brand.id,
      source: 'postback',
      clickRef: clickId,
      amount: '20.00',
      orderId: order(),
    });
    expect(result).toMatchObject({ ok: true, status: 'pending', commissionMinor: 200 });
    const [row] = await conversionsOf(s.brand.id);
    expect(row).toMatchObject({ clickId, linkId: s.link.id });
  });

  test('click_id is an alias of transaction_id; POST form and JSON bodies work', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const a = await get('/postback', {
      click_id: click.id,
      amount: '10',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(a.body.success).toBe(true);
    const form = await fetch(`${endpoints.base}/postback`, {
      method: 'POST',
      body: new URLSearchParams({
        transaction_id: click.id,
        amount: '10',
        order_id: order(),
        security_token: s.brand.postbackToken,
      }),
    });
    expect((await form.json()).success).toBe(true);
    const json = await fetch(`${endpoints.base}/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        transaction_id: click.id,
        amount: 10,
        order_id: order(),
        security_token: s.brand.postbackToken,
      }),
    });
    expect((await json.json()).success).toBe(true);
    const bad = await fetch(`${endpoints.base}/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ success: false, reason: 'malformed' });
    expect((await conversionsOf(s.brand.id)).map((r) => r.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
  });

  test.each([
    ['0.25', '10', 2], // 2.5 minor → 2
    ['0.35', '10', 4], // 3.5 minor → 4
    ['0.45', '10', 4], // 4.5 minor → 4
    ['100', '12.5', 1250],
    ['0', '10', 0],
  ])(
    'CPS half-even: %s USD at %s percent gives %s minor units',
    async (amount, percent, commission) => {
      const s = await conversionSetup({ payouts: [{ title: 'P', type: 'cps_percent', percent }] });
      const click = await s.click();
      const r = await get('/postback', {
        transaction_id: click.id,
        amount,
        order_id: order(),
        security_token: s.brand.postbackToken,
      });
      expect(r.body.success).toBe(true);
      const [row] = await conversionsOf(s.brand.id);
      expect(row.commissionMinor).toBe(commission);
    },
  );

  test('CPA pays the fixed amount, with or without a sale amount', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Lead', type: 'cpa_flat', amountMinor: 750 }],
    });
    const click = await s.click();
    await get('/postback', {
      transaction_id: click.id,
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    await get('/postback', {
      transaction_id: click.id,
      amount: '120.00',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    const rows = await conversionsOf(s.brand.id);
    expect(rows.map((r) => [r.status, r.commissionMinor, r.amountMinor])).toEqual([
      ['pending', 750, null],
      ['pending', 750, 12000],
    ]);
  });

  test('currency exponents: JPY has none, KWD has three', async () => {
    const jpy = await conversionSetup({
      offer: { currency: 'JPY' },
      payouts: [{ title: 'P', type: 'cps_percent', percent: '5' }],
    });
    const kwd = await conversionSetup({
      offer: { currency: 'KWD' },
      payouts: [{ title: 'P', type: 'cps_percent', percent: '5' }],
    });
    const c1 = await jpy.click();
    const c2 = await kwd.click();
    expect(
      (
        await get('/postback', {
          transaction_id: c1.id,
          amount: '1234',
          currency: 'JPY',
          order_id: order(),
          security_token: jpy.brand.postbackToken,
        })
      ).body.success,
    ).toBe(true);
    expect(
      (
        await get('/postback', {
          transaction_id: c2.id,
          amount: '12.345',
          currency: 'KWD',
          order_id: order(),
          security_token: kwd.brand.postbackToken,
        })
      ).body.success,
    ).toBe(true);
    const refused = await get('/postback', {
      transaction_id: c1.id,
      amount: '12.5',
      currency: 'JPY',
      order_id: order(),
      security_token: jpy.brand.postbackToken,
    });
    expect(refused.body).toMatchObject({ success: false, reason: 'invalid_amount' });
    expect(refused.body.message).toMatch(/JPY amounts have no decimals/);
    const [j] = await conversionsOf(jpy.brand.id);
    const [k] = await conversionsOf(kwd.brand.id);
    expect([j.amountMinor, j.commissionMinor, j.currency]).toEqual([1234, 62, 'JPY']); // 61.7 → 62
    expect([k.amountMinor, k.commissionMinor, k.currency]).toEqual([12345, 617, 'KWD']); // 617.25 → 617
  });
});

describe('attribution rules, in order, each refusal stored with its reason', () => {
  test('unknown_click: missing, malformed, unknown, another brand’s click', async () => {
    const s = await conversionSetup();
    const other = await conversionSetup();
    const otherClick = await other.click();
    const token = s.brand.postbackToken;
    const cases = [undefined, 'not-a-uuid', '0190a4c2-1111-7222-8333-444455556666', otherClick.id];
    for (const ref of cases) {
      const r = await get('/postback', {
        transaction_id: ref,
        amount: '10',
        order_id: order(),
        security_token: token,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: false, reason: 'unknown_click' });
    }
    const rows = await conversionsOf(s.brand.id);
    expect(rows).toHaveLength(4);
    expect(
      rows.every(
        (r) => r.status === 'refused' && r.reason === 'unknown_click' && r.memberId === null,
      ),
    ).toBe(true);
    expect(rows[1].clickRef).toBe('not-a-uuid');
    // Brand B's click is untouched and nothing was stored against brand B.
    expect(await conversionsOf(other.brand.id)).toHaveLength(0);
  });

  test('each rule wins over the ones after it', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const token = (s: { brand: { postbackToken: string } }) => s.brand.postbackToken;

    // Paused beats expired, bot, window, duplicate and bad amount.
    const paused = await conversionSetup({
      offer: { status: 'paused', endsAt: new Date(now - day), attributionWindowDays: 1 },
    });
    const pc = await paused.click({ isBot: true, createdAt: new Date(now - 5 * day) });
    // Expired beats bot, window, amount.
    const expired = await conversionSetup({
      offer: { endsAt: new Date(now - 1000), attributionWindowDays: 1 },
    });
    const ec = await expired.click({ isBot: true, createdAt: new Date(now - 5 * day) });
    const expiredByJob = await conversionSetup({ offer: { expiredAt: new Date(now - 1000) } });
    const ejc = await expiredByJob.click();
    // Bot beats window and amount.
    const bot = await conversionSetup({ offer: { attributionWindowDays: 1 } });
    const bc = await bot.click({ isBot: true, createdAt: new Date(now - 5 * day) });
    const nonAttributable = await bot.click({ attributable: false });
    // Window beats duplicate and amount.
    const old = await bot.click({ createdAt: new Date(now - 2 * day) });
    const fresh = await bot.click({ createdAt: new Date(now - day / 2) });

    const results = [
      await get('/postback', {
        transaction_id: pc.id,
        amount: '-1',
        order_id: 'X',
        security_token: token(paused),
      }),
      await get('/postback', {
        transaction_id: ec.id,
        amount: '-1',
        order_id: 'X',
        security_token: token(expired),
      }),
      await get('/postback', {
        transaction_id: ejc.id,
        amount: '5',
        order_id: 'X',
        security_token: token(expiredByJob),
      }),
      await get('/postback', {
        transaction_id: bc.id,
        amount: '-1',
        order_id: 'X',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: nonAttributable.id,
        amount: '5',
        order_id: 'Y',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: old.id,
        amount: '-1',
        order_id: 'X',
        security_token: token(bot),
      }),
      // Accepted, then the same order again (with a bad amount too): duplicate wins over amount.
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '5',
        order_id: 'X',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '-1',
        order_id: 'X',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '5',
        order_id: 'X',
        security_token: token(bot),
      }),
      // Amount problems.
      await get('/postback', {
        transaction_id: fresh.id,
        order_id: 'Z1',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '-3',
        order_id: 'Z2',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '10000000.01',
        order_id: 'Z3',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '1.999',
        order_id: 'Z4',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: 'ten',
        order_id: 'Z5',
        security_token: token(bot),
      }),
      await get('/postback', {
        transaction_id: fresh.id,
        amount: '5',
        currency: 'EUR',
        order_id: 'Z6',
        security_token: token(bot),
      }),
    ];
    expect(results.map((r) => r.body.reason ?? r.body.status)).toEqual([
      'offer_paused',
      'offer_expired',
      'offer_expired',
      'bot_click',
      'bot_click',
      'outside_window',
      'pending',
      'duplicate_order',
      'duplicate_order',
      'invalid_amount',
      'invalid_amount',
      'invalid_amount',
      'invalid_amount',
      'invalid_amount',
      'invalid_amount',
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results[14].body.message).toMatch(/EUR is not the offer's currency \(USD\)/);
    // Every refusal is a stored row with its reason; exactly one accepted conversion for order X.
    const rows = await conversionsOf(bot.brand.id);
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.status === 'pending').map((r) => r.orderId)).toEqual(['X']);
    expect(
      rows.filter((r) => r.status === 'refused').every((r) => r.reason && r.commissionMinor === 0),
    ).toBe(true);
    for (const s of [paused, expired, expiredByJob]) {
      const [row] = await conversionsOf(s.brand.id);
      expect(row.status).toBe('refused');
      expect(row.memberId).toBe(s.member.id);
    }
  });

  test('an offer that passes its end date refuses from then on (ends_at ≤ now)', async () => {
    const s = await conversionSetup({ offer: { endsAt: new Date(Date.now() + 60_000) } });
    const click = await s.click();
    const ok = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(ok.body.success).toBe(true);
    await db.update(offers).set({ endsAt: new Date() }).where(eq(offers.id, s.offer.id));
    const late = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(late.body.reason).toBe('offer_expired');
  });

  test('50 identical postbacks at once: exactly one conversion and 49 duplicate_order', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const params = {
      transaction_id: click.id,
      amount: '20',
      order_id: 'SAME',
      security_token: s.brand.postbackToken,
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => get('/postback', params)));
    expect(results.filter((r) => r.body.success === true)).toHaveLength(1);
    expect(results.filter((r) => r.body.reason === 'duplicate_order')).toHaveLength(49);
    const rows = await conversionsOf(s.brand.id);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(1);
    expect(rows.filter((r) => r.reason === 'duplicate_order')).toHaveLength(49);
  });
});

describe('authentication and tenant isolation', () => {
  test('a bad or missing token is refused with 401, stored against no brand, counted for the day', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const before = await badTokenCount();
    const total = async () => (await db.select().from(conversions)).length;
    const rowsBefore = await total();
    const bad = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: 'pb_wrong',
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ success: false, reason: 'bad_token' });
    const missing = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
    });
    expect(missing.status).toBe(401);
    const tune = await get('/aff_lsr', {
      transaction_id: click.id,
      amount: '1',
      adv_unique1: order(),
      security_token: 'nope',
    });
    expect(tune.body).toBe('success=false; err_msg=bad_token');
    expect(await total()).toBe(rowsBefore);
    expect(await badTokenCount()).toBe(before + 3);
  });

  test('HMAC: a signed GET or POST with pk is accepted; a wrong signature is refused', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const sign = (text: string, key = s.brand.postbackToken) =>
      `sha256=${createHmac('sha256', key).update(text).digest('hex')}`;
    const query = new URLSearchParams({
      transaction_id: click.id,
      amount: '12.00',
      order_id: 'H-1',
      pk: s.brand.publishableKey,
    }).toString();
    const signedGet = await fetch(`${endpoints.base}/postback?${query}`, {
      headers: { 'x-offerlink-signature': sign(query) },
    });
    expect(await signedGet.json()).toMatchObject({ success: true });
    const body = JSON.stringify({
      transaction_id: click.id,
      amount: '12.00',
      order_id: 'H-2',
      pk: s.brand.publishableKey,
    });
    const signedPost = await fetch(`${endpoints.base}/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-offerlink-signature': sign(body) },
      body,
    });
    expect(await signedPost.json()).toMatchObject({ success: true });
    const tampered = query.replace('12.00', '99.00');
    const forged = await fetch(`${endpoints.base}/postback?${tampered}`, {
      headers: { 'x-offerlink-signature': sign(query) },
    });
    expect(forged.status).toBe(401);
    const wrongKey = await fetch(`${endpoints.base}/postback?${query}`, {
      headers: { 'x-offerlink-signature': sign(query, 'pb_other') },
    });
    expect(wrongKey.status).toBe(401);
    expect((await conversionsOf(s.brand.id)).map((r) => r.orderId)).toEqual(['H-1', 'H-2']);
  });

  test("brand A's token can neither create nor reverse conversions on brand B", async () => {
    const a = await conversionSetup();
    const b = await conversionSetup();
    const bClick = await b.click();
    const ok = await get('/postback', {
      transaction_id: bClick.id,
      amount: '10',
      order_id: 'B-1',
      security_token: b.brand.postbackToken,
    });
    expect(ok.body.success).toBe(true);
    const viaA = await get('/postback', {
      transaction_id: bClick.id,
      amount: '10',
      order_id: 'B-2',
      security_token: a.brand.postbackToken,
    });
    expect(viaA.body.reason).toBe('unknown_click');
    const memberViaA = await get('/postback', {
      aff_id: b.member.id,
      offer_id: b.offer.id,
      amount: '10',
      order_id: 'B-3',
      security_token: a.brand.postbackToken,
    });
    expect(memberViaA.body.reason).toBe('unknown_click');
    const reverseViaA = await get('/postback/reverse', {
      offer_id: b.offer.id,
      order_id: 'B-1',
      security_token: a.brand.postbackToken,
    });
    expect(reverseViaA.status).toBe(404);
    const bRows = await conversionsOf(b.brand.id);
    expect(bRows.map((r) => [r.orderId, r.status])).toEqual([['B-1', 'pending']]);
    // A's refusals are stored against A only and never point at B's rows.
    const aRows = await conversionsOf(a.brand.id);
    expect(aRows).toHaveLength(2);
    expect(aRows.every((r) => r.offerId === null && r.memberId === null && r.linkId === null)).toBe(
      true,
    );
  });

  test('a rotated token is refused at once; the new one works', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const first = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(first.body.success).toBe(true);
    const fresh = await rotatePostbackToken(s.brand.id);
    expect(fresh).not.toBe(s.brand.postbackToken);
    const old = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: s.brand.postbackToken,
    });
    expect(old.status).toBe(401);
    const renewed = await get('/postback', {
      transaction_id: click.id,
      amount: '1',
      order_id: order(),
      security_token: fresh,
    });
    expect(renewed.body.success).toBe(true);
  });
});

describe('TUNE dialect /aff_lsr', () => {
  test('answers success=true; and success=false; err_msg=<reason> as text/plain', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const token = s.brand.postbackToken;
    const ok = await get('/aff_lsr', {
      offer_id: s.offer.id,
      transaction_id: click.id,
      amount: '30.00',
      adv_unique1: 'T-1',
      security_token: token,
    });
    expect(ok.status).toBe(200);
    expect(ok.contentType).toMatch(/^text\/plain/);
    expect(ok.body).toBe('success=true;');
    const dup = await get('/aff_lsr', {
      offer_id: s.offer.id,
      transaction_id: click.id,
      amount: '30.00',
      adv_unique1: 'T-1',
      security_token: token,
    });
    expect(dup.body).toBe('success=false; err_msg=duplicate_order');
    const unknown = await get('/aff_lsr', {
      offer_id: s.offer.id,
      transaction_id: 'nope',
      amount: '30.00',
      adv_unique1: 'T-2',
      security_token: token,
    });
    expect(unknown.body).toBe('success=false; err_msg=unknown_click');
    const rows = await conversionsOf(s.brand.id);
    expect(rows.map((r) => [r.source, r.status, r.reason, r.orderId])).toEqual([
      ['tune', 'pending', null, 'T-1'],
      ['tune', 'refused', 'duplicate_order', 'T-1'],
      ['tune', 'refused', 'unknown_click', 'T-2'],
    ]);
    expect(rows[0].commissionMinor).toBe(300);
    // The refused unknown click still names the brand's offer it was reported for.
    expect(rows[2].offerId).toBe(s.offer.id);
  });

  test('a click of another offer than offer_id is an unknown click', async () => {
    const s = await conversionSetup();
    const { offer: other } = await (await import('../../seed/factories')).createOffer(s.brand.id);
    const click = await s.click();
    const r = await get('/aff_lsr', {
      offer_id: other.id,
      transaction_id: click.id,
      amount: '1',
      adv_unique1: 'T-9',
      security_token: s.brand.postbackToken,
    });
    expect(r.body).toBe('success=false; err_msg=unknown_click');
  });
});

describe('member postback (subscriptions)', () => {
  test("attributes to the member's main link on the offer, without a click", async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Sub', type: 'cps_percent', percent: '20' }],
    });
    const token = s.brand.postbackToken;
    const r1 = await get('/postback', {
      aff_id: s.member.id,
      offer_id: s.offer.id,
      amount: '9.99',
      order_id: 'SUB-1-2026-01',
      security_token: token,
    });
    const r2 = await get('/postback', {
      aff_id: s.member.id,
      offer_id: s.offer.id,
      amount: '9.99',
      order_id: 'SUB-1-2026-02',
      security_token: token,
    });
    const dup = await get('/postback', {
      aff_id: s.member.id,
      offer_id: s.offer.id,
      amount: '9.99',
      order_id: 'SUB-1-2026-02',
      security_token: token,
    });
    const unknown = await get('/postback', {
      aff_id: '00000000-0000-4000-8000-000000000000',
      offer_id: s.offer.id,
      amount: '9.99',
      order_id: 'SUB-X',
      security_token: token,
    });
    expect([r1.body.status, r2.body.status, dup.body.reason, unknown.body.reason]).toEqual([
      'pending',
      'pending',
      'duplicate_order',
      'unknown_click',
    ]);
    const rows = await conversionsOf(s.brand.id);
    expect(rows[0]).toMatchObject({
      source: 'member_postback',
      memberId: s.member.id,
      linkId: s.link.id,
      clickId: null,
      amountMinor: 999,
      commissionMinor: 200,
    });
    await db.update(offers).set({ status: 'paused' }).where(eq(offers.id, s.offer.id));
    const paused = await get('/postback', {
      aff_id: s.member.id,
      offer_id: s.offer.id,
      amount: '9.99',
      order_id: 'SUB-1-2026-03',
      security_token: token,
    });
    expect(paused.body.reason).toBe('offer_paused');
  });
});

describe('reversal by order id', () => {
  test('reverses, is idempotent, refuses unknown orders clearly', async () => {
    const s = await conversionSetup();
    const click = await s.click();
    const token = s.brand.postbackToken;
    await get('/postback', {
      transaction_id: click.id,
      amount: '50',
      order_id: 'R-1',
      security_token: token,
    });
    const r = await get('/postback/reverse', {
      offer_id: s.offer.id,
      order_id: 'R-1',
      security_token: token,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, status: 'reversed', already_reversed: false });
    const [row] = await conversionsOf(s.brand.id);
    expect(row.status).toBe('reversed');
    expect(row.reversedAt).toBeInstanceOf(Date);
    const again = await fetch(`${endpoints.base}/postback/reverse`, {
      method: 'POST',
      body: new URLSearchParams({ offer_id: s.offer.id, order_id: 'R-1', security_token: token }),
    });
    expect(await again.json()).toMatchObject({
      success: true,
      status: 'reversed',
      already_reversed: true,
    });
    const [same] = await conversionsOf(s.brand.id);
    expect(same.reversedAt?.getTime()).toBe(row.reversedAt?.getTime());
    const unknown = await get('/postback/reverse', {
      offer_id: s.offer.id,
      order_id: 'NOPE',
      security_token: token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, reason: 'unknown_order' });
    expect(unknown.body.message).toMatch(/NOPE/);
    // A reversed order can't be re-used to sneak a second acceptance past the duplicate rule.
    const reuse = await get('/postback', {
      transaction_id: click.id,
      amount: '50',
      order_id: 'R-1',
      security_token: token,
    });
    expect(reuse.body.reason).toBe('duplicate_order');
  });

  test('a paid commission becomes a negative adjustment; an unpaid statement just shrinks', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
    });
    const click = await s.click();
    const token = s.brand.postbackToken;
    const user = { kind: 'user' as const, userId: s.user.id };
    // P-1 is approved and paid; P-2 comes later and goes into the next, unpaid statement.
    await get('/postback', {
      transaction_id: click.id,
      amount: '80',
      order_id: 'P-1',
      security_token: token,
    });
    await rollupBrand(s.brand.id);
    const [paid] = await db.select().from(statements).where(eq(statements.brandId, s.brand.id));
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [paid.id]),
      { paidOn: new Date().toISOString().slice(0, 10), method: 'paypal' },
      user,
    );
    await get('/postback', {
      transaction_id: click.id,
      amount: '30',
      order_id: 'P-2',
      security_token: token,
    });
    await rollupBrand(s.brand.id);
    const [open] = await db
      .select()
      .from(statements)
      .where(and(eq(statements.brandId, s.brand.id), ne(statements.id, paid.id)));
    expect([paid.amountMinor, open.amountMinor, open.status]).toEqual([800, 300, 'open']);

    const r1 = await get('/postback/reverse', {
      offer_id: s.offer.id,
      order_id: 'P-1',
      security_token: token,
    });
    const r1again = await get('/postback/reverse', { order_id: 'P-1', security_token: token });
    const r2 = await get('/postback/reverse', {
      offer_id: s.offer.id,
      order_id: 'P-2',
      security_token: token,
    });
    expect([r1.body.success, r1again.body.already_reversed, r2.body.success]).toEqual([
      true,
      true,
      true,
    ]);

    // The clawback went into the next statement, which now holds only it.
    const adjustments = await db
      .select()
      .from(statementAdjustments)
      .where(eq(statementAdjustments.brandId, s.brand.id));
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0]).toMatchObject({
      memberId: s.member.id,
      amountMinor: -800,
      currency: 'USD',
      statementId: open.id,
    });
    const [paidAfter] = await db.select().from(statements).where(eq(statements.id, paid.id));
    const [openAfter] = await db.select().from(statements).where(eq(statements.id, open.id));
    expect(paidAfter).toMatchObject({ amountMinor: 800, status: 'paid' }); // never changes
    expect(openAfter).toMatchObject({ amountMinor: -800, status: 'carried_forward' });
    const rows = await conversionsOf(s.brand.id);
    expect(rows.map((r) => [r.orderId, r.status, r.statementId])).toEqual([
      ['P-1', 'reversed', paid.id],
      ['P-2', 'reversed', null],
    ]);
    const history = await db
      .select()
      .from(conversionStatusHistory)
      .where(eq(conversionStatusHistory.brandId, s.brand.id))
      .orderBy(conversionStatusHistory.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorKind])).toEqual([
      ['pending', 'approved', 'system'],
      ['pending', 'approved', 'system'],
      ['approved', 'reversed', 'postback'],
      ['approved', 'reversed', 'postback'],
    ]);
  });
});
