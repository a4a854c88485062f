/**
 * The portal over real HTTP (production build, server.ts): security headers, the session
 * cookie's Secure flag, 400 for every refused form, the localhost PUBLIC_URL warning.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { db } from '../../db/client';
import { emailOutbox } from '../../db/schema';
import { createSession, SESSION_COOKIE } from '../auth/session.server';
import { resetConfigForTests } from '../config.server';
import { createCreatorSignInToken } from '../creators/sign-in-tokens.server';
import { startServer, type RunningServer } from '../../server';
import { webServerOptions } from '../../test/web-server';

let server: RunningServer & { base: string };
const env = { TRUST_PROXY: process.env.TRUST_PROXY, PUBLIC_URL: process.env.PUBLIC_URL };

async function start(vars: Record<string, string | undefined>) {
  await server?.stop();
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
  const running = await startServer(await webServerOptions());
  server = { ...running, base: `http://127.0.0.1:${running.port}` };
}

beforeAll(() => start({ TRUST_PROXY: '0', PUBLIC_URL: undefined }), 240_000);
afterAll(async () => {
  await server?.stop();
  Object.assign(process.env, env);
  resetConfigForTests();
});

async function signedIn() {
  const account = await createBrandWithUser();
  const { token } = await createSession({ userId: account.user.id });
  return { ...account, cookie: `${SESSION_COOKIE}=${token}` };
}

function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${server.base}${path}`, {
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** A form post as a browser sends it (same-origin Origin header). */
function post(
  path: string,
  form: Record<string, string | string[]>,
  cookie?: string,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: { origin: server.base, ...(cookie ? { cookie } : {}), ...headers },
  });
}

function cspOf(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  test('a signed-in page: CSP whose nonce is on every inline script, no framing, no-store', async () => {
    const { cookie } = await signedIn();
    const response = await get('/brand/offers', cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = cspOf(response);
    const nonce = csp
      .get('script-src')
      ?.find((v) => v.startsWith("'nonce-"))
      ?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);

    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\son[a-z]+="/i); // no inline event handlers

    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('strict-transport-security')).toBeNull(); // plain HTTP
  });

  test('each page gets its own nonce', async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await get('/sign-in');
        await response.text();
        return cspOf(response).get('script-src')?.join(' ');
      }),
    );
    expect(new Set(nonces).size).toBe(3);
  });

  test('data requests, resource routes and static files carry the headers too', async () => {
    const { cookie } = await signedIn();
    const data = await get('/brand/offers.data', cookie);
    expect(data.status).toBe(200);
    expect(data.headers.get('cache-control')).toBe('no-store');
    expect(data.headers.get('x-content-type-options')).toBe('nosniff');
    expect(data.headers.get('x-frame-options')).toBe('DENY');

    const health = await get('/healthz');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');

    const favicon = await get('/favicon.svg');
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('x-content-type-options')).toBe('nosniff');
    // Brands' sites load the snippet and the pixel: no Cross-Origin-Resource-Policy on them.
    const snippet = await get('/js/offerlink.js');
    expect(snippet.status).toBe(200);
    expect(snippet.headers.get('cross-origin-resource-policy')).toBeNull();
  });

  test('HSTS only over HTTPS (a trusted proxy says so)', async () => {
    await start({ TRUST_PROXY: '1' });
    const response = await get('/sign-in', undefined, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=15552000');
    await start({ TRUST_PROXY: '0' });
    const untrusted = await get('/sign-in', undefined, { 'x-forwarded-proto': 'https' });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
  });

  test('the tracking fast path is left alone', async () => {
    const { brand } = await signedIn();
    const member = await createMember(brand.id);
    const { offer, payouts } = await createOffer(brand.id);
    const link = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: member.id,
      payoutOptionId: payouts[0].id,
    });
    const response = await get(`/l/${link.code}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  test('an email preview may be framed by the outbox only, runs no script, stays in its brand', async () => {
    const { brand, cookie } = await signedIn();
    const other = await signedIn();
    const [email] = await db
      .insert(emailOutbox)
      .values({
        brandId: brand.id,
        kind: 'link',
        toAddress: 'sam@example.com',
        fromAddress: 'Offerlink <links@offerlink.local>',
        subject: 'Your link',
        html: '<p style="color:red">Hi Sam</p>',
        text: 'Hi Sam',
        transport: 'outbox',
        idempotencyKey: `preview-test-${Date.now()}`,
      })
      .returning();
    const response = await get(`/brand/outbox/${email.id}/preview`, cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p style="color:red">Hi Sam</p>');
    const csp = cspOf(response);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toBeUndefined(); // falls back to default-src 'none'
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    expect(csp.has('sandbox')).toBe(true);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');

    const page = await get(`/brand/outbox/${email.id}`, cookie);
    expect(await page.text()).toContain(`src="/brand/outbox/${email.id}/preview"`);
    expect(cspOf(page).get('frame-src')).toEqual(["'self'"]);

    expect((await get(`/brand/outbox/${email.id}/preview`, other.cookie)).status).toBe(404);
  });
});

describe('the session cookie', () => {
  const signIn = async (email: string, password: string, headers: Record<string, string> = {}) =>
    post('/sign-in', { email, password }, undefined, headers);

  test('is Secure over HTTPS behind a trusted proxy, not over plain HTTP or an untrusted claim', async () => {
    const { user, password } = await createBrandWithUser();
    await start({ TRUST_PROXY: '0' });
    const plain = await signIn(user.email, password);
    expect(plain.status).toBe(302);
    const plainCookie = plain.headers.get('set-cookie') ?? '';
    expect(plainCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(plainCookie).toContain('HttpOnly');
    expect(plainCookie).not.toContain('Secure');

    const forged = await signIn(user.email, password, { 'x-forwarded-proto': 'https' });
    expect(forged.headers.get('set-cookie')).not.toContain('Secure');

    await start({ TRUST_PROXY: '1' });
    const proxied = await signIn(user.email, password, {
      'x-forwarded-proto': 'https',
      origin: server.base.replace('http:', 'https:'),
    });
    expect(proxied.status).toBe(302);
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
    await start({ TRUST_PROXY: '0' });
  });
});

describe('refused forms answer 400', () => {
  test('every brand form, as a page post and as a data request', async () => {
    const { brand, cookie } = await signedIn();
    const member = await createMember(brand.id);
    const { offer } = await createOffer(brand.id);
    const forms: Array<[string, Record<string, string | string[]>]> = [
      ['/brand/members/new', { name: '', email: 'nope' }],
      [`/brand/members/${member.id}/edit`, { name: '', email: '' }],
      [`/brand/members/${member.id}?index`, { intent: 'explode' }],
      ['/brand/members/import', { intent: 'preview', csv: '' }],
      ['/brand/projects?index', { name: '' }],
      ['/brand/settings', { intent: 'save-origins', origins: 'not a url' }],
      ['/brand/offers/new', { name: '' }],
      [`/brand/offers/${offer.id}/edit`, { name: '' }],
      [`/brand/offers/${offer.id}/add-members`, {}],
      [
        `/brand/offers/${offer.id}?index`,
        {
          intent: 'deep-link',
          memberId: member.id,
          deepLink: 'https://evil.example.net/',
          payoutOptionId: '',
        },
      ],
      [`/brand/offers/${offer.id}?index`, { intent: 'email', scope: 'nothing' }],
      [`/brand/offers/${offer.id}/status`, { status: 'deleted' }],
    ];
    for (const [path, form] of forms) {
      const [pathname, query] = path.split('?');
      const dataPath = `${pathname}.data${query ? `?${query}` : ''}`;
      for (const target of [path, dataPath]) {
        const response = await post(target, form, cookie);
        await response.text();
        expect(response.status, `POST ${target}`).toBe(400);
      }
    }
  });

  test('sign-up, sign-in and a used creator sign-in link', async () => {
    expect((await post('/sign-up', { brandName: '', email: 'x' })).status).toBe(400);
    expect((await post('/sign-in', { email: '', password: '' })).status).toBe(400);
    const { brand } = await signedIn();
    const member = await createMember(brand.id);
    const { token } = await createCreatorSignInToken({ memberId: member.id, brandId: brand.id });
    const first = await post(`/creator/sign-in/${token}`, {});
    expect(first.status).toBe(302);
    const again = await post(`/creator/sign-in/${token}`, {});
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This sign-in link has already been used.');
  });
});

describe('the Origin check (decision 035)', () => {
  test("a creator's sign-in post with Origin: null passes when the browser vouches for it", async () => {
    const { brand } = await signedIn();
    const member = await createMember(brand.id);
    const { token } = await createCreatorSignInToken({ memberId: member.id, brandId: brand.id });
    // Another site's page (or a sandboxed frame) sending Origin: null: refused, token unspent.
    const forged = await post(`/creator/sign-in/${token}`, {}, undefined, {
      origin: 'null',
      'sec-fetch-site': 'cross-site',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    // The page itself under a no-referrer policy: Origin: null, Sec-Fetch-Site: same-origin.
    const own = await post(`/creator/sign-in/${token}`, {}, undefined, {
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(302);
    expect(own.headers.get('set-cookie')).toContain(`${SESSION_COOKIE}=`);
  });

  test('behind a proxy that passes another Host, a page post from PUBLIC_URL reaches its action', async () => {
    const { brand } = await signedIn();
    const member = await createMember(brand.id);
    const { token } = await createCreatorSignInToken({ memberId: member.id, brandId: brand.id });
    await start({ PUBLIC_URL: 'https://go.example.com' });
    try {
      // Remix's own check (Origin against Host) would answer 500 to this document post.
      const signIn = await post(`/creator/sign-in/${token}`, {}, undefined, {
        origin: 'https://go.example.com',
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get('location')).toBe('/creator');
    } finally {
      await start({ PUBLIC_URL: undefined });
    }
  });

  test('the sign-in link page keeps the Origin on its own post (referrer policy same-origin)', async () => {
    const { brand } = await signedIn();
    const member = await createMember(brand.id);
    const { token } = await createCreatorSignInToken({ memberId: member.id, brandId: brand.id });
    const html = await (await get(`/creator/sign-in/${token}`)).text();
    expect(html).toContain('<meta name="referrer" content="same-origin"/>');
    expect(html).not.toContain('no-referrer');
  });

  test('a refused page post gets a 403 page in the app look; a data request, a sentence', async () => {
    const { brand, cookie } = await signedIn();
    const { offer } = await createOffer(brand.id);
    const refused = await post(`/brand/offers/${offer.id}/status`, { status: 'paused' }, cookie, {
      origin: 'https://evil.example',
      referer: 'https://evil.example/trap',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await refused.text();
    expect(page).toContain('<h1 class="mt-2 text-2xl font-bold">This form was not sent</h1>');
    expect(page).toContain('Nothing was changed.');
    expect(page).toContain('reload the page and submit the form again');
    expect(page).toContain('PUBLIC_URL');
    // The build's own stylesheet, and no script.
    const [, stylesheet] = page.match(/<link rel="stylesheet" href="([^"]+)">/) ?? [];
    expect(stylesheet).toMatch(/^\/assets\/tailwind-[\w-]+\.css$/);
    expect((await get(stylesheet)).status).toBe(200);
    expect(page).not.toContain('<script');
    // Back to this site only: another site's Referer is not followed.
    expect(page).toContain(`href="/brand/offers/${offer.id}/status"`);
    expect(page).not.toContain('evil.example/trap');

    const data = await post(`/brand/offers/${offer.id}/status.data`, { status: 'paused' }, cookie, {
      origin: 'https://evil.example',
    });
    expect(data.status).toBe(403);
    expect(data.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await data.text()).toContain('Cross-site request refused: nothing was changed.');
    // Nothing was changed.
    const offerPage = await (await get(`/brand/offers/${offer.id}`, cookie)).text();
    expect(offerPage).toContain('Pause offer');
  });
});

describe('the localhost PUBLIC_URL warning', () => {
  const warning = (base: string) => `Tracking links point to ${base}: set PUBLIC_URL`;
  // The page's text: React separates adjacent text nodes with empty comments.
  const textOf = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '');

  test('is on every brand page while PUBLIC_URL is local, gone once it is public', async () => {
    const { brand, cookie } = await signedIn();
    const { offer } = await createOffer(brand.id);
    const pages = [
      '/brand',
      `/brand/offers/${offer.id}`,
      `/brand/offers/${offer.id}/add-members`,
      `/brand/offers/${offer.id}/tracking`,
      '/brand/outbox',
      '/brand/settings',
    ];
    await start({ PUBLIC_URL: 'http://localhost:3000' });
    for (const path of pages) {
      expect(await textOf(await get(path, cookie)), path).toContain(
        warning('http://localhost:3000'),
      );
    }
    await start({ PUBLIC_URL: 'https://track.example.com' });
    for (const path of pages) {
      expect(await textOf(await get(path, cookie)), path).not.toContain('set PUBLIC_URL');
    }
    await start({ PUBLIC_URL: undefined });
  });
});
