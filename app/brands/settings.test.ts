import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createOffer } from '../../seed/factories';
import { checkLedger, ledgerSetup } from '../../test/payouts-fixtures';
import { setMinimumPayouts } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
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

describe('settings: minimum payout per currency', () => {
  const minimums = async (brandId: string) =>
    Object.fromEntries(
      (
        await db.execute<{ currency: string; minimum_minor: string }>(
          sql`select currency, minimum_minor::text from minimum_payouts where brand_id = ${brandId}`,
        )
      ).map((r) => [r.currency, Number(r.minimum_minor)]),
    );

  test('one minimum per currency the brand pays in, in that currency’s units and decimals', async () => {
    // Issue 19, item 4: "50.00" was 5,000 minor units in every currency (¥5,000 for yen).
    const a = await signedIn();
    await createOffer(a.brand.id, { currency: 'JPY' });
    await createOffer(a.brand.id, { currency: 'EUR' });
    const page = await run(loader, makeRequest('/brand/settings', { cookie: a.cookie }));
    const listed = (
      page.body as { minimumPayouts: { currency: string; value: string; example: string }[] }
    ).minimumPayouts;
    // The default currency first, then every currency of its offers.
    expect(listed.map((m) => [m.currency, m.value, m.example])).toEqual([
      ['USD', '0.00', '50.00'],
      ['EUR', '0.00', '50.00'],
      ['JPY', '0', '5000'],
    ]);

    const saved = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: {
          intent: 'save-minimum-payout',
          'minimum.USD': '50.00',
          'minimum.EUR': '',
          'minimum.JPY': '5000',
        },
      }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      done: 'Minimum payout saved: $50.00, none in EUR, ¥5,000. Balances below it are carried forward.',
    });
    expect(await minimums(a.brand.id)).toEqual({ USD: 5000, EUR: 0, JPY: 5000 });
    const again = await run(loader, makeRequest('/brand/settings', { cookie: a.cookie }));
    expect(
      (again.body as { minimumPayouts: { currency: string; value: string }[] }).minimumPayouts.map(
        (m) => [m.currency, m.value],
      ),
    ).toEqual([
      ['USD', '50.00'],
      ['EUR', '0.00'],
      ['JPY', '5000'],
    ]);

    // Each refusal names the currency, its format and the range; nothing changes.
    for (const [field, value, message] of [
      [
        'minimum.JPY',
        '50.5',
        'Enter the minimum payout in JPY as a whole number from 0 to 1,000,000 (JPY has no decimals), like 5000.',
      ],
      [
        'minimum.USD',
        '-5',
        'Enter the minimum payout in USD as an amount from 0.00 to 1,000,000.00 with up to 2 decimals, like 50.00.',
      ],
      [
        'minimum.USD',
        '1.005',
        'Enter the minimum payout in USD as an amount from 0.00 to 1,000,000.00 with up to 2 decimals, like 50.00.',
      ],
      [
        'minimum.EUR',
        'ten',
        'Enter the minimum payout in EUR as an amount from 0.00 to 1,000,000.00 with up to 2 decimals, like 50.00.',
      ],
      [
        'minimum.JPY',
        '2000000',
        'Enter the minimum payout in JPY as a whole number from 0 to 1,000,000 (JPY has no decimals), like 5000.',
      ],
      ['minimum.XYZ', '5', 'XYZ is not a currency code.'],
    ]) {
      const refused = await run(
        action,
        makeRequest('/brand/settings', {
          cookie: a.cookie,
          form: { intent: 'save-minimum-payout', 'minimum.USD': '1.00', [field]: value },
        }),
      );
      expect(refused.status).toBe(400);
      expect((refused.body as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({
        [field]: [message],
      });
      expect((refused.body as { values: Record<string, string> }).values[field.slice(8)]).toBe(
        value,
      );
    }
    expect(await minimums(a.brand.id)).toEqual({ USD: 5000, EUR: 0, JPY: 5000 });
  });

  test('each balance is held to its own currency’s minimum', async () => {
    const s = await ledgerSetup({
      offers: [{ currency: 'USD' }, { currency: 'JPY' }],
      minimumPayouts: { USD: 5000, JPY: 5000 },
    });
    await s.convert({ offer: 0, commissionMinor: 6000 }); // $60.00 ≥ $50.00
    await s.convert({ offer: 1, commissionMinor: 3000 }); // ¥3,000 < ¥5,000 (not 50.00)
    await rollupBrand(s.brand.id);
    const status = async () =>
      (
        await db.execute<{ currency: string; status: string }>(
          sql`select currency, status::text from statements where brand_id = ${s.brand.id}
               order by currency`,
        )
      ).map((r) => [r.currency, r.status]);
    expect(await status()).toEqual([
      ['JPY', 'carried_forward'],
      ['USD', 'open'],
    ]);
    // Lowering the yen minimum to ¥3,000 makes the yen balance due; the dollar one is untouched.
    await setMinimumPayouts(db, s.brand.id, { JPY: 3000 }, { kind: 'user', userId: s.user.id });
    expect(await status()).toEqual([
      ['JPY', 'open'],
      ['USD', 'open'],
    ]);
    await checkLedger(s.brand.id);
  });
});

describe('settings: promo code or click', () => {
  test('the code wins by default; the brand can make the click win; a bad value changes nothing', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const page = await run(loader, makeRequest('/brand/settings', { cookie: a.cookie }));
    expect(page.body).toMatchObject({ codeConflictRule: 'code_wins' });
    const saved = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: { intent: 'save-code-conflict-rule', codeConflictRule: 'click_wins' },
      }),
    );
    expect(saved.status).toBe(200);
    const rule = async (id: string) =>
      (await db.select().from(brands).where(eq(brands.id, id)))[0].codeConflictRule;
    expect(await rule(a.brand.id)).toBe('click_wins');
    expect(await rule(b.brand.id)).toBe('code_wins');
    const bad = await run(
      action,
      makeRequest('/brand/settings', {
        cookie: a.cookie,
        form: { intent: 'save-code-conflict-rule', codeConflictRule: 'coin_toss' },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      fieldErrors: { codeConflictRule: ['Choose whether the code or the click wins.'] },
    });
    expect(await rule(a.brand.id)).toBe('click_wins');
  });
});
