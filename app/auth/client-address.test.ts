import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { resetConfigForTests } from '../config.server';
import { nodeClientAddress, socketClientAddress } from './client-address.server';

function request(headers: Record<string, string>, remoteAddress = '::ffff:203.0.113.7') {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

const trustProxy = process.env.TRUST_PROXY;
afterEach(() => {
  if (trustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustProxy;
  resetConfigForTests();
});

describe('the client address', () => {
  test('is the socket address unless a trusted proxy forwards one', () => {
    const req = request({ 'x-forwarded-for': '198.51.100.9, 10.0.0.1' });
    process.env.TRUST_PROXY = '0';
    resetConfigForTests();
    // A client cannot choose its own address (and so its unique-click identity).
    expect(nodeClientAddress(req)).toBe('203.0.113.7');
    process.env.TRUST_PROXY = '1';
    resetConfigForTests();
    expect(nodeClientAddress(req)).toBe('198.51.100.9');
    expect(nodeClientAddress(request({}))).toBe('203.0.113.7');
    expect(socketClientAddress(undefined, undefined)).toBe('unknown');
  });
});
