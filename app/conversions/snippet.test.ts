import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { setAllowedOrigins } from '../brands/tracking-keys.server';
import { action as convertAction, loader as convertLoader } from '../routes/api.js.convert';
import { action as snippetAction, loader as snippetLoader } from '../routes/js.offerlink[.]js';
import { conversionSetup } from '../../test/conversion-setup';

const SHOP = 'https://shop.example.com';

async function setup() {
  const s = await conversionSetup({
    payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
  });
  await setAllowedOrigins(s.brand.id, [SHOP, 'http://localhost:4000']);
  return s;
}

function convertRequest(
  key: string,
  origin: string | null,
  body: object | string,
  method = 'POST',
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin) headers.origin = origin;
  return new Request(`http://offerlink.test/api/js/convert?key=${encodeURIComponent(key)}`, {
    method,
    headers,
    body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  });
}

const rowsOf = (brandId: string) =>
  db.select().from(conversions).where(eq(conversions.brandId, brandId));

describe('snippet conversion endpoint (CORS)', () => {
  test('preflight from an allowed origin is answered with that origin, Vary and methods', async () => {
    const s = await setup();
    const response = await convertLoader({
      request: new Request(`http://offerlink.test/api/js/convert?key=${s.brand.publishableKey}`, {
        method: 'OPTIONS',
        headers: {
          origin: SHOP,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(
      /content-type/,
    );
  });

  test('preflight from another origin, or with an unknown key, gets a 403 without CORS headers', async () => {
    const s = await setup();
    for (const [key, origin] of [
      [s.brand.publishableKey, 'https://evil.example.com'],
      [s.brand.publishableKey, 'https://shop.example.com.evil.com'],
      ['pk_unknown', SHOP],
    ]) {
      const response = await convertLoader({
        request: new Request(`http://offerlink.test/api/js/convert?key=${key}`, {
          method: 'OPTIONS',
          headers: { origin },
        }),
        params: {},
        context: {},
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('an allowed origin reports a conversion through the same attribution', async () => {
    const s = await setup();
    const click = await s.click();
    const response = await convertAction({
      request: convertRequest(s.brand.publishableKey, SHOP, {
        key: s.brand.publishableKey,
        clickId: click.id,
        amount: '25.00',
        orderId: 'JS-1',
        currency: 'USD',
        event: 'purchase',
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await response.json()).toMatchObject({ success: true, status: 'pending' });
    const again = await convertAction({
      request: convertRequest(s.brand.publishableKey, SHOP, {
        clickId: click.id,
        amount: 25,
        orderId: 'JS-1',
      }),
      params: {},
      context: {},
    });
    expect(await again.json()).toMatchObject({ success: false, reason: 'duplicate_order' });
    const rows = await rowsOf(s.brand.id);
    const accepted = rows.find((r) => r.status === 'pending');
    expect(accepted).toMatchObject({
      source: 'js',
      memberId: s.member.id,
      amountMinor: 2500,
      commissionMinor: 250,
    });
    expect(accepted?.raw).not.toHaveProperty('key');
  });

  test('a disallowed or missing origin is refused with 403 and nothing is stored', async () => {
    const s = await setup();
    const click = await s.click();
    for (const origin of ['https://evil.example.com', null]) {
      const response = await convertAction({
        request: convertRequest(s.brand.publishableKey, origin, {
          clickId: click.id,
          amount: '1',
          orderId: 'JS-X',
        }),
        params: {},
        context: {},
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    // Brand B's key from brand A's allowed origin: B has not allowed it.
    const other = await conversionSetup();
    const viaOther = await convertAction({
      request: convertRequest(other.brand.publishableKey, SHOP, {
        clickId: click.id,
        amount: '1',
        orderId: 'JS-Y',
      }),
      params: {},
      context: {},
    });
    expect(viaOther.status).toBe(403);
    expect(await rowsOf(s.brand.id)).toHaveLength(0);
    expect(await rowsOf(other.brand.id)).toHaveLength(0);
  });

  test('a malformed body from an allowed origin is a 400 with CORS headers', async () => {
    const s = await setup();
    const response = await convertAction({
      request: convertRequest(s.brand.publishableKey, SHOP, '[1,2'),
      params: {},
      context: {},
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
  });
});

describe('snippet script', () => {
  test('is served as cacheable JavaScript that reads data-key and posts to the endpoint', async () => {
    const response = snippetLoader();
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=3600/);
    const source = await response.text();
    expect(source).toContain("getAttribute('data-key')");
    expect(source).toContain('/api/js/convert');
    expect(source).toContain('keepalive: true');
    // ES5: no arrow functions, let/const or template literals.
    expect(source).not.toMatch(/=>|\blet\s|\bconst\s|`/);
    // It parses.
    expect(() => new Function(source)).not.toThrow();
  });
});

describe('wrong methods', () => {
  test('answer 405 with Allow and say how to call the endpoint', async () => {
    const get = await convertLoader({
      request: new Request('http://offerlink.test/api/js/convert?key=k'),
      params: {},
      context: {},
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await get.json()).toMatchObject({ reason: 'method_not_allowed' });
    const put = await convertAction({
      request: new Request('http://offerlink.test/api/js/convert?key=k', { method: 'PUT' }),
      params: {},
      context: {},
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, OPTIONS');
    const script = snippetAction();
    expect(script.status).toBe(405);
    expect(script.headers.get('allow')).toBe('GET, HEAD');
    expect(await script.text()).toContain('load it with GET');
  });
});

describe('snippet conversion with a promo code', () => {
  test('convert({ coupon }) without a click credits the code’s member, source code', async () => {
    const s = await setup();
    const { assignPromoCodes } = await import('../promo-codes/promo-codes.server');
    await db.transaction((tx) =>
      assignPromoCodes(tx, {
        brandId: s.brand.id,
        offerId: s.offer.id,
        userId: null,
        requests: [{ memberId: s.member.id, code: 'SNIP15' }],
        membersById: new Map(),
      }),
    );
    const response = await convertAction({
      request: convertRequest(s.brand.publishableKey, SHOP, {
        key: s.brand.publishableKey,
        coupon: 'snip15',
        amount: '30.00',
        orderId: 'JS-CODE-1',
      }),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true });
    const [row] = await rowsOf(s.brand.id);
    expect(row).toMatchObject({
      memberId: s.member.id,
      source: 'code',
      couponRef: 'snip15',
      commissionMinor: 300,
    });
  });
});
