import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may never go in production (decision 051): private, loopback, link-local,
 * shared (CGNAT), multicast, reserved and unspecified addresses, IPv4 and IPv6, including IPv4
 * written as IPv6 (`::ffff:127.0.0.1`, NAT64 `64:ff9b::/96`) and the cloud metadata address
 * 169.254.169.254. Checked at send time on the addresses DNS returned, and the socket connects
 * to the address that was checked (a `lookup` of our own), so DNS rebinding cannot swap it.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:7f00:1`), else null. */
function mappedIpv4(address: string): string | null {
  const text = address.toLowerCase().replace(/^\[|\]$/g, '');
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(text);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Whether an IP address is one a webhook may not reach in production. */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0];
  const v4 = mappedIpv4(bare);
  if (v4) return isForbiddenAddress(v4);
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return true;
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
}

/**
 * A `lookup` for http(s).request that resolves the name, refuses it when any of its addresses is
 * forbidden (unless `allowPrivate`), and hands the socket the address it checked.
 */
export function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as { address: string; family: number }[];
      const forbidden = allowPrivate ? [] : list.filter((a) => isForbiddenAddress(a.address));
      if (list.length === 0 || forbidden.length > 0) {
        const refused = new ForbiddenAddressError(
          `${hostname} resolves to ${forbidden[0]?.address ?? 'no address'}, a private, loopback or link-local address: refused.`,
        );
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) {
        (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(
          null,
          list,
        );
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
}
