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
