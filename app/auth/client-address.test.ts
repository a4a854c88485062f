import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { getConfig, resetConfigForTests } from '../config.server';
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

function trusting(value: string) {
  process.env.TRUST_PROXY = value;
  resetConfigForTests();
}

describe('the client address', () => {
  test('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    trusting('0');
    // A client cannot choose its own address (and so its unique-click identity).
    expect(nodeClientAddress(request({ 'x-forwarded-for': '198.51.100.9, 10.0.0.1' }))).toBe(
      '203.0.113.7',
    );
    expect(socketClientAddress(undefined, undefined)).toBe('unknown');
  });

  test('behind N trusted proxies, is the hop N entries from the right, never a forged left entry', () => {
    trusting('1');
    // The load balancer (socket peer) appended the address it saw; whatever the client wrote
    // to the left of it is ignored.
    expect(socketClientAddress('10.0.0.2', 'forged-1, 198.51.100.20')).toBe('198.51.100.20');
    expect(socketClientAddress('10.0.0.2', '203.0.113.99, 1.2.3.4, 198.51.100.20')).toBe(
      '198.51.100.20',
    );
    expect(socketClientAddress('10.0.0.2', ['1.1.1.1', '198.51.100.20'])).toBe('198.51.100.20');
    expect(nodeClientAddress(request({}))).toBe('203.0.113.7');
    trusting('2');
    // CDN → load balancer → us: the CDN's entry is the second from the right.
    expect(socketClientAddress('10.0.0.2', 'forged, 198.51.100.20, 10.0.0.9')).toBe(
      '198.51.100.20',
    );
    // Fewer entries than trusted hops: the left-most there is.
    expect(socketClientAddress('10.0.0.2', '198.51.100.20')).toBe('198.51.100.20');
  });

  test('with a list of proxy addresses, is the right-most hop that is not one of them', () => {
    trusting('loopback, 10.0.0.0/8');
    expect(socketClientAddress('127.0.0.1', 'forged, 198.51.100.30, 10.1.2.3')).toBe(
      '198.51.100.30',
    );
    // The socket peer is not a trusted proxy: its X-Forwarded-For means nothing.
    expect(socketClientAddress('203.0.113.50', 'forged, 198.51.100.30')).toBe('203.0.113.50');
  });

  test('a TRUST_PROXY that is neither a number nor addresses is refused at start', () => {
    trusting('yes please');
    expect(() => getConfig()).toThrow(/TRUST_PROXY is 0, a number of proxies/);
  });
});
