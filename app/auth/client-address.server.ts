import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { getConfig } from '../config.server';

/**
 * The client's address. server.ts copies the address worked out here into `x-offerlink-client-ip`
 * (after dropping any value the client sent), so Remix code can read it from the Fetch Request.
 */
export const CLIENT_IP_HEADER = 'x-offerlink-client-ip';

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/** Whether the hop at `address`, `hop` steps from us (0 = the socket's peer), is our own proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

const NO_PROXY: ProxyTrust = () => false;

/**
 * TRUST_PROXY, compiled: `0` (default) trusts nobody; a number N trusts the N hops nearest to us
 * (N proxies/load balancers in front of Offerlink); a comma-separated list of addresses, CIDR
 * ranges or `loopback` / `linklocal` / `uniquelocal` trusts the hops whose address is in it.
 */
export function compileProxyTrust(value: string): ProxyTrust {
  const text = value.trim();
  if (text === '' || text === '0' || text === 'false') return NO_PROXY;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  const trust = proxyaddr.compile(text.split(',').map((part) => part.trim()));
  return (address, hop) => trust(address, hop);
}

let compiled: { value: string; trust: ProxyTrust } | undefined;

/** The configured ProxyTrust (also given to Express, so `req.ip` and `req.protocol` agree). */
export function proxyTrust(): ProxyTrust {
  const value = getConfig().TRUST_PROXY;
  if (compiled?.value !== value) compiled = { value, trust: compileProxyTrust(value) };
  return compiled.trust;
}

/**
 * The address of a Node request. With trusted proxies, X-Forwarded-For is read from the right (the
 * entry our nearest proxy appended) and the first hop that is not one of ours is the client: the
 * left-most entries are whatever the client sent, so they can never choose its identity (sign-in
 * throttling, unique clicks).
 */
export function socketClientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
): string {
  const socket = (remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const trust = proxyTrust();
  if (trust === NO_PROXY || !forwardedFor) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  let address = socket;
  let hop = 0;
  for (let i = hops.length - 1; i >= 0 && trust(address, hop); i -= 1) {
    const next = hops[i].trim();
    // A malformed entry ends the chain: the last good hop is the best we know.
    if (!next) break;
    address = next.replace(/^::ffff:/, '');
    hop += 1;
  }
  return address;
}

/** socketClientAddress() for the fast paths, which run before server.ts sets CLIENT_IP_HEADER. */
export function nodeClientAddress(req: IncomingMessage): string {
  return socketClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
}
