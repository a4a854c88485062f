/**
 * A hand-made POST, PUT, PATCH or DELETE to a route that has no action, over real HTTP (the
 * production build and server.ts): 405 with `Allow`, the app's own error page for a page route,
 * and never Remix's internal text. Table-driven over every route of the build (so a new route file
 * without an action is covered as soon as it exists).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrandWithUser } from '../../seed/factories';
import { createSession, SESSION_COOKIE } from '../auth/session.server';
import { startServer, type RunningServer } from '../../server';
import { webServerOptions } from '../../test/web-server';

let server: RunningServer & { base: string };
let routes: ServerBuild['routes'];

beforeAll(async () => {
  const options = await webServerOptions();
  const running = await startServer(options);
  server = { ...running, base: `http://127.0.0.1:${running.port}` };
  const build = (await import(
    pathToFileURL(path.join(options.buildDir, 'server/index.js')).href
  )) as ServerBuild;
  routes = build.routes;
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

const SOME_ID = '5b0c6f1e-4d0a-4c59-9d1e-7f0a2b3c4d5e';

/** Each route of the build without an action, with a URL that reaches it. */
function routesWithoutAction() {
  const fullPath = (id: string): string => {
    const route = routes[id];
    const own = route.path ?? '';
    const parent = route.parentId ? fullPath(route.parentId) : '';
    return [parent, own].filter(Boolean).join('/');
  };
  return (
    Object.values(routes)
      // A pathless layout (the sign-in pages' frame) is never what an address names.
      .filter((route) => route.id !== 'root' && !route.module.action && (route.path || route.index))
      .map((route) => {
        const pathname = `/${fullPath(route.id)}`
          .replace(/:[A-Za-z]+/g, (param) => (param === ':format' ? 'svg' : SOME_ID))
          .replace(/\/+$/, '')
          .replace(/^$/, '/');
        return {
          id: route.id,
          // An index route is the target of a post only with ?index; without it, its parent is.
          url: route.index ? `${pathname || '/'}?index` : pathname || '/',
          page: Boolean(route.module.default),
        };
      })
  );
}

async function signedInCookie() {
  const { user } = await createBrandWithUser();
  const { token } = await createSession({ userId: user.id });
  return `${SESSION_COOKIE}=${token}`;
}

const INTERNAL_TEXT =
  /did not provide an `?action|no way to handle the request|Unexpected Server Error|Error: /i;

describe('a method a route does not take', () => {
  test('the table covers the page routes without an action (the layouts and list pages)', () => {
    const urls = routesWithoutAction().map((r) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/brand/payouts',
        '/brand/offers?index',
        '/brand/reports?index',
        `/creator/${SOME_ID}`,
        '/healthz',
      ]),
    );
    expect(urls.length).toBeGreaterThan(25);
  });

  test('every route without an action answers 405 with Allow, in the app’s look for pages', async () => {
    const cookie = await signedInCookie();
    for (const route of routesWithoutAction()) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await fetch(`${server.base}${route.url}`, {
          method,
          redirect: 'manual',
          body: new URLSearchParams({ anything: '1' }),
          headers: { origin: server.base, cookie },
        });
        const body = await response.text();
        const where = `${method} ${route.url} (${route.id})`;
        expect(response.status, where).toBe(405);
        expect(response.headers.get('allow'), where).toBe('GET, HEAD');
        expect(body, where).not.toMatch(INTERNAL_TEXT);
        if (route.page) {
          expect(response.headers.get('content-type'), where).toMatch(/^text\/html/);
          expect(body, where).toContain('<h1');
          expect(body, where).toContain('This page cannot be changed this way');
          // The app's look: its stylesheet, and its security headers.
          expect(body, where).toMatch(/<link rel="stylesheet" href="\/assets\/[^"]+\.css"/);
          expect(response.headers.get('content-security-policy'), where).toBeTruthy();
          // No hydration data: it would carry the router's message.
          expect(body, where).not.toContain('__remixContext');
        } else {
          expect(body, where).toMatch(/Method not allowed/);
        }
      }
    }
  });

  test('a method no route takes (OPTIONS) to a page with an action: Allow names its form methods', async () => {
    const cookie = await signedInCookie();
    const response = await fetch(`${server.base}/brand/settings`, {
      method: 'OPTIONS',
      headers: { origin: server.base, cookie },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(await response.text()).not.toMatch(INTERNAL_TEXT);
  });

  test('a page’s data request (Remix’s .data) gets Allow too', async () => {
    const response = await fetch(`${server.base}/brand/payouts.data`, {
      method: 'POST',
      body: new URLSearchParams({ anything: '1' }),
      headers: { origin: server.base, cookie: await signedInCookie() },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    await response.text();
  });

  test('signed out too, and the page still answers its GET', async () => {
    const post = await fetch(`${server.base}/brand/payouts`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ memberId: SOME_ID }),
      headers: { origin: server.base },
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.text()).not.toMatch(INTERNAL_TEXT);
    const cookie = await signedInCookie();
    const get = await fetch(`${server.base}/brand/payouts`, { headers: { cookie } });
    expect(get.status).toBe(200);
    expect(get.headers.get('allow')).toBeNull();
  });
});
