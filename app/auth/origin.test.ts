import { describe, expect, test } from 'vitest';
import { safeRedirect } from './schemas';
import { hideOriginFromRemix, originAllowed } from './origin.server';

describe('origin check', () => {
  const base = { pathname: '/brand/offers', host: 'app.example.com' };
  test('safe methods pass', () => {
    expect(originAllowed({ ...base, method: 'GET', origin: undefined })).toBe(true);
  });
  test('same-origin posts pass; foreign, missing and malformed origins do not', () => {
    expect(originAllowed({ ...base, method: 'POST', origin: 'https://app.example.com' })).toBe(
      true,
    );
    expect(originAllowed({ ...base, method: 'POST', origin: 'https://evil.example' })).toBe(false);
    expect(originAllowed({ ...base, method: 'DELETE', origin: undefined })).toBe(false);
    expect(originAllowed({ ...base, method: 'POST', origin: 'null' })).toBe(false);
  });
  test('behind a load balancer, the public origin passes whatever Host the process sees', () => {
    const behind = { pathname: '/sign-in', host: '10.0.0.5:3000', method: 'POST' };
    const publicOrigin = 'https://go.example.com';
    expect(originAllowed({ ...behind, origin: 'https://go.example.com', publicOrigin })).toBe(true);
    // Scheme and port are part of the origin.
    expect(originAllowed({ ...behind, origin: 'http://go.example.com', publicOrigin })).toBe(false);
    expect(originAllowed({ ...behind, origin: 'https://go.example.com:8443', publicOrigin })).toBe(
      false,
    );
    expect(originAllowed({ ...behind, origin: 'https://evil.example', publicOrigin })).toBe(false);
    expect(originAllowed({ ...behind, origin: undefined, publicOrigin })).toBe(false);
    // Without PUBLIC_URL only the Host is known, and the upstream Host is not the browser's.
    expect(originAllowed({ ...behind, origin: 'https://go.example.com' })).toBe(false);
  });
  test('Origin: null passes only when the browser vouches for a same-origin request', () => {
    const post = { ...base, method: 'POST', origin: 'null' };
    // A page of this site with `no-referrer` (page, browser setting or extension).
    expect(originAllowed({ ...post, fetchSite: 'same-origin' })).toBe(true);
    expect(originAllowed({ ...post, origin: undefined, fetchSite: 'same-origin' })).toBe(true);
    // A sandboxed frame, a data: page or another site's page also send `Origin: null`.
    expect(originAllowed({ ...post, fetchSite: 'cross-site' })).toBe(false);
    // A sibling subdomain is not this site.
    expect(originAllowed({ ...post, fetchSite: 'same-site' })).toBe(false);
    expect(originAllowed({ ...post, fetchSite: 'none' })).toBe(false);
    expect(originAllowed({ ...post, fetchSite: undefined })).toBe(false);
    expect(originAllowed({ ...post, fetchSite: 'Same-Origin' })).toBe(false);
    // A real Origin decides on its own: another site's is refused whatever Sec-Fetch-Site says.
    expect(
      originAllowed({ ...post, origin: 'https://evil.example', fetchSite: 'same-origin' }),
    ).toBe(false);
  });
  test('server-to-server tracking endpoints are exempt', () => {
    expect(
      originAllowed({ ...base, pathname: '/postback', method: 'POST', origin: undefined }),
    ).toBe(true);
  });
});

describe('hideOriginFromRemix', () => {
  const post = { method: 'POST', pathname: '/sign-in', host: '10.0.0.5:3000' };
  test('only where Remix would refuse what the Origin check accepted', () => {
    expect(hideOriginFromRemix({ ...post, origin: 'null' })).toBe(true);
    expect(hideOriginFromRemix({ ...post, origin: 'https://go.example.com' })).toBe(true);
    expect(hideOriginFromRemix({ ...post, origin: 'http://10.0.0.5:3000' })).toBe(false);
    expect(hideOriginFromRemix({ ...post, origin: undefined })).toBe(false);
    expect(hideOriginFromRemix({ ...post, method: 'GET', origin: 'null' })).toBe(false);
    // The snippet's endpoint answers CORS from its Origin.
    expect(hideOriginFromRemix({ ...post, pathname: '/api/js/convert', origin: 'null' })).toBe(
      false,
    );
  });
});

describe('safeRedirect', () => {
  test.each([
    ['/brand/offers', '/brand/offers'],
    ['//evil.example', '/brand'],
    ['/\\evil.example', '/brand'],
    ['https://evil.example', '/brand'],
    ['', '/brand'],
  ])('%s -> %s', (input, expected) => expect(safeRedirect(input)).toBe(expected));
});
