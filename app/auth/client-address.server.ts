import type { IncomingMessage } from 'node:http';
import { getConfig } from '../config.server';

/**
 * The client's address. server.ts copies the socket address into `x-offerlink-client-ip` (after
 * dropping any value the client sent), so Remix code can read it from the Fetch Request.
 */
export const CLIENT_IP_HEADER = 'x-offerlink-client-ip';

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/** Used by server.ts: the address of a Node request, honouring X-Forwarded-For only when trusted. */
export function socketClientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
): string {
  if (getConfig().TRUST_PROXY === '1' && forwardedFor) {
    const value = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
    const first = value.split(',')[0]?.trim();
    if (first) return first;
  }
  return (remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

/** socketClientAddress() for the fast paths, which run before server.ts sets CLIENT_IP_HEADER. */
export function nodeClientAddress(req: IncomingMessage): string {
  return socketClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
}
