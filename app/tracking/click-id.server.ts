import { randomBytes } from 'node:crypto';

/**
 * Click ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Time-ordered,
 * so the clicks primary key is appended in order, and unguessable, because the id is the
 * `transaction_id` a brand hands back to claim a conversion. Random bytes are drawn from a pool
 * refilled 4 KiB at a time: one system call per ~400 clicks instead of one per click.
 */
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function generateClickId(now = Date.now()): string {
  if (offset + 10 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const r = pool;
  const o = offset;
  offset += 10;
  // 48-bit timestamp, big-endian, as 12 hex digits.
  const time = now.toString(16).padStart(12, '0').slice(-12);
  return (
    time.slice(0, 8) +
    '-' +
    time.slice(8, 12) +
    '-' +
    HEX[0x70 | (r[o] & 0x0f)] +
    HEX[r[o + 1]] +
    '-' +
    HEX[0x80 | (r[o + 2] & 0x3f)] +
    HEX[r[o + 3]] +
    '-' +
    HEX[r[o + 4]] +
    HEX[r[o + 5]] +
    HEX[r[o + 6]] +
    HEX[r[o + 7]] +
    HEX[r[o + 8]] +
    HEX[r[o + 9]]
  );
}

export const CLICK_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time a click id carries (milliseconds since the epoch). */
export function clickIdTime(clickId: string): number {
  return parseInt(clickId.slice(0, 8) + clickId.slice(9, 13), 16);
}
