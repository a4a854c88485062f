import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser } from '../../seed/factories';
import { brands } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { action, loader } from '../routes/brand+/settings';
import { normalizeOrigin } from './allowed-origins';
import { brandByPostbackToken, brandByPublishableKey } from './tracking-keys.server';

async function signedIn() {
  const { brand, user } = await createBrandWithUser();
  return { brand, cookie: await sessionCookieFor({ userId: user.id }) };
}

const run = (fn: typeof action | typeof loader, request: Request) =>
  callRoute(fn as never, request);

describe('settings: tracking keys', () => {
  test('shows the brand’s own token, key and origins; signed-out users are sent away', async () => {
    const a = await signedIn();
    await signedIn();
    const result = await run(loader, makeRequest('/brand/settings', { cookie: a.cookie }));
    expect(result.body).toMatchObject({
      postbackToken: a.brand.postbackToken,
      publishableKey: a.brand.publishableKey,
      allowedOrigins: [],
    });
    const anonymous = await run(loader, makeRequest('/brand/settings'));
    expect(anonymous.status).toBe(302);
  });

  test('rotating the postback token replaces it at once; only the signed-in brand changes', async () => {
    const a = await signedIn();
    const b = await signedIn();
    expect(await brandByPostbackToken(a.brand.postbackToken)).not.toBeNull();
    const result = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: { intent: 'rotate-postback-token' },
      }),
    );
    expect(result.status).toBe(200);
    const [after] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(after.postbackToken).not.toBe(a.brand.postbackToken);
    expect(after.postbackToken).toMatch(/^pb_/);
    expect(await brandByPostbackToken(a.brand.postbackToken)).toBeNull();
    expect((await brandByPostbackToken(after.postbackToken))?.id).toBe(a.brand.id);
    const [bAfter] = await db.select().from(brands).where(eq(brands.id, b.brand.id));
    expect(bAfter.postbackToken).toBe(b.brand.postbackToken);
  });

  test('rotating the publishable key', async () => {
    const a = await signedIn();
    await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: { intent: 'rotate-publishable-key' },
      }),
    );
    expect(await brandByPublishableKey(a.brand.publishableKey)).toBeNull();
    const [after] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(after.publishableKey).toMatch(/^pk_/);
    expect(after.postbackToken).toBe(a.brand.postbackToken);
  });

  test('allowed origins are normalised; a bad one is reported and nothing changes', async () => {
    const a = await signedIn();
    const ok = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: {
          intent: 'save-origins',
          origins: 'https://Shop.Example.com/\nhttp://localhost:4000\nhttps://shop.example.com',
        },
      }),
    );
    expect(ok.status).toBe(200);
    let [row] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(row.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:4000']);
    const bad = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: {
          intent: 'save-origins',
          origins: 'https://ok.example.com\nhttps://shop.example.com/checkout',
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/not an origin like/);
    [row] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(row.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:4000']);
  });

  test.each([
    ['https://shop.example.com', 'https://shop.example.com'],
    ['http://localhost:4000/', 'http://localhost:4000'],
    ['https://shop.example.com:443', 'https://shop.example.com'],
  ])('origin %s → %s', (input, origin) => {
    expect(normalizeOrigin(input)).toEqual({ ok: true, origin });
  });

  test.each([
    'shop.example.com',
    'ftp://shop.example.com',
    'https://user@shop.example.com',
    'https://shop.example.com/path',
    'javascript:alert(1)',
    'https://',
  ])('refuses %s', (input) => {
    expect(normalizeOrigin(input).ok).toBe(false);
  });
});

describe('settings: minimum payout', () => {
  test('saves the minimum payout in minor units; a bad amount is refused and changes nothing', async () => {
    const a = await signedIn();
    const saved = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: { intent: 'save-minimum-payout', minimumPayout: '50.00' },
      }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ done: expect.stringContaining('50.00') });
    const [after] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(after.minimumPayoutMinor).toBe(5000);
    const page = await run(loader, makeRequest('/brand/settings', { cookie: a.cookie }));
    expect(page.body).toMatchObject({ minimumPayoutMinor: 5000 });
    for (const bad of ['-5', 'ten', '1.005']) {
      const refused = await run(
        action,
        makeRequest('/brand/settings', {
          cookie: a.cookie,
          form: { intent: 'save-minimum-payout', minimumPayout: bad },
        }),
      );
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('The minimum payout is 0 or more');
    }
    const [still] = await db.select().from(brands).where(eq(brands.id, a.brand.id));
    expect(still.minimumPayoutMinor).toBe(5000);
  });
});
