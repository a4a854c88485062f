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

/** The id's text, written in place: one string made per click (hex digits and dashes). */
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
/** Where each of the 16 bytes' two hex digits go in `text`. */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = Buffer.from('0123456789abcdef', 'latin1');

function putByte(i: number, byte: number) {
  const at = DIGIT_AT[i];
  text[at] = HEX[byte >> 4];
  text[at + 1] = HEX[byte & 15];
}

export function generateClickId(now = Date.now()): string {
  if (offset + 10 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  // 48 bits of milliseconds, big-endian.
  const high = Math.floor(now / 2 ** 32);
  putByte(0, (high >> 8) & 255);
  putByte(1, high & 255);
  putByte(2, (now >>> 24) & 255);
  putByte(3, (now >>> 16) & 255);
  putByte(4, (now >>> 8) & 255);
  putByte(5, now & 255);
  putByte(6, 0x70 | (pool[offset] & 0x0f)); // version 7
  putByte(7, pool[offset + 1]);
  putByte(8, 0x80 | (pool[offset + 2] & 0x3f)); // variant 10
  for (let i = 9; i < 16; i += 1) putByte(i, pool[offset + i - 6]);
  offset += 10;
  return text.toString('latin1', 0, 36);
}

export const CLICK_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time a click id carries (milliseconds since the epoch). */
export function clickIdTime(clickId: string): number {
  return parseInt(clickId.slice(0, 8) + clickId.slice(9, 13), 16);
}
