import { describe, expect, test } from 'vitest';
import { isLocalUrl } from './config.server';

describe('isLocalUrl', () => {
  test.each([
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://app.localhost:8080/x',
    'http://127.0.0.1:3216',
    'http://127.8.9.10',
    'http://0.0.0.0:3000',
    'http://[::1]:3000',
  ])('%s names this computer', (url) => expect(isLocalUrl(url)).toBe(true));

  test.each([
    'https://track.example.com',
    'http://192.168.1.20:3000',
    'https://localhost.example.com',
    'https://127.0.0.1.nip.io',
    'not a url',
  ])('%s does not', (url) => expect(isLocalUrl(url)).toBe(false));
});
