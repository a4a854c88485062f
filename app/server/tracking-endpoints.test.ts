import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { startServer } from '../../server';
import { conversionSetup, trackingServer } from '../../test/conversion-setup';
import { generateClickId } from '../tracking/click-id.server';

/**
 * The tracking endpoints answered by the node:http fast path, their one entrance: wrong methods,
 * the pixel, and clicks too new to be visible (SPEC §6: waited for or retryable, never refused).
 */
const endpoints = trackingServer(startServer);

const rowsOf = (brandId: string) =>
  db.select().from(conversions).where(eq(conversions.brandId, brandId));

describe('wrong methods answer 405 with Allow and a clear message', () => {
  const cases: Array<[string, string, string]> = [
    ['PUT', '/postback', 'GET, POST'],
    ['DELETE', '/postback', 'GET, POST'],
    ['PATCH', '/postback/reverse', 'GET, POST'],
    ['DELETE', '/postback/reverse', 'GET, POST'],
    ['POST', '/aff_lsr', 'GET'],
    ['PUT', '/aff_lsr', 'GET'],
    ['POST', '/pixel.gif', 'GET, HEAD'],
    ['DELETE', '/pixel.gif', 'GET, HEAD'],
  ];
  for (const [method, path, allow] of cases) {
    test(`${method} ${path}`, async () => {
      const response = await fetch(`${endpoints.base}${path}?amount=1`, { method });
      const body = await response.text();
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(body).toMatch(/takes GET|load it with GET/);
      expect(body).not.toContain('Unexpected Server Error');
    });
  }
});

describe('pixel', () => {
  const pixel = (path: string, cookie?: string) =>
    fetch(`${endpoints.base}${path}`, { headers: cookie ? { cookie } : {} });

  test('reads the click cookie, attributes, answers a 1×1 GIF that is never cached', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
    });
    const click = await s.click();
    const response = await pixel(
      `/pixel.gif?offer_id=${s.offer.id}&amount=12.34&order_id=PX-1`,
      `other=1; ol_click=${click.id}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(bytes.readUInt16LE(6)).toBe(1);
    expect(bytes.readUInt16LE(8)).toBe(1);
    const [row] = await rowsOf(s.brand.id);
    expect(row).toMatchObject({
      source: 'pixel',
      status: 'pending',
      clickId: click.id,
      amountMinor: 1234,
      commissionMinor: 123,
    });
  });

  test('no cookie: the refusal is stored against the offer’s brand; still a GIF', async () => {
    const s = await conversionSetup();
    const response = await pixel(`/pixel.gif?offer_id=${s.offer.id}&amount=1&order_id=PX-2`);
    expect(response.headers.get('content-type')).toBe('image/gif');
    const [row] = await rowsOf(s.brand.id);
    expect(row).toMatchObject({ status: 'refused', reason: 'unknown_click', offerId: s.offer.id });
    const nothing = await pixel('/pixel.gif?offer_id=garbage');
    expect(nothing.headers.get('content-type')).toBe('image/gif');
  });

  test('a click made a moment ago (still buffered) is attributed, not refused', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Flat', type: 'cpa_flat', amountMinor: 300 }],
    });
    const redirect = await fetch(`${endpoints.base}/l/${s.link.code}`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
    });
    const clickId = /ol_click=([0-9a-f-]{36})/.exec(redirect.headers.get('set-cookie')!)![1];
    const response = await pixel(`/pixel.gif?order_id=PX-3`, `ol_click=${clickId}`);
    expect(response.status).toBe(200);
    const [row] = await rowsOf(s.brand.id);
    expect(row).toMatchObject({
      source: 'pixel',
      status: 'pending',
      clickId,
      commissionMinor: 300,
    });
  });

  test('a fresh click id no writer has (yet): 503 with Retry-After, still a GIF, nothing stored', async () => {
    const s = await conversionSetup();
    const response = await pixel(
      `/pixel.gif?offer_id=${s.offer.id}&order_id=PX-4`,
      `ol_click=${generateClickId()}`,
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(await rowsOf(s.brand.id)).toEqual([]);
  });
});

describe('postback for a click id too new to be visible', () => {
  const postback = (params: Record<string, string>) =>
    fetch(`${endpoints.base}/postback?${new URLSearchParams(params)}`);

  test('is answered 503 with Retry-After and stored nowhere; an old unknown id is refused', async () => {
    const s = await conversionSetup();
    const fresh = await postback({
      transaction_id: generateClickId(),
      order_id: 'F-1',
      amount: '10',
      security_token: s.brand.postbackToken,
    });
    expect(fresh.status).toBe(503);
    expect(fresh.headers.get('retry-after')).toBe('1');
    expect(await fresh.json()).toMatchObject({ success: false, reason: 'click_pending' });
    expect(await rowsOf(s.brand.id)).toEqual([]);

    const tune = await fetch(
      `${endpoints.base}/aff_lsr?${new URLSearchParams({ transaction_id: generateClickId(), security_token: s.brand.postbackToken })}`,
    );
    expect(tune.status).toBe(503);
    expect(await tune.text()).toBe('success=false; err_msg=click_pending');

    // An hour old and not there: it will never come; refused and stored with its reason.
    const old = await postback({
      transaction_id: generateClickId(Date.now() - 3_600_000),
      order_id: 'F-2',
      amount: '10',
      security_token: s.brand.postbackToken,
    });
    expect(old.status).toBe(200);
    expect(await old.json()).toMatchObject({ success: false, reason: 'unknown_click' });
    expect(await rowsOf(s.brand.id)).toMatchObject([
      { status: 'refused', reason: 'unknown_click' },
    ]);
  });
});
