import { describe, expect, test } from 'vitest';
import { safeRedirect } from './schemas';
import { originAllowed } from './origin.server';

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
  test('server-to-server tracking endpoints are exempt', () => {
    expect(
      originAllowed({ ...base, pathname: '/postback', method: 'POST', origin: undefined }),
    ).toBe(true);
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
