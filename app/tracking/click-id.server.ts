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

const bytes = Buffer.alloc(16);

export function generateClickId(now = Date.now()): string {
  if (offset + 10 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  bytes.writeUIntBE(now, 0, 6);
  pool.copy(bytes, 6, offset, offset + 10);
  offset += 10;
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const CLICK_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time a click id carries (milliseconds since the epoch). */
export function clickIdTime(clickId: string): number {
  return parseInt(clickId.slice(0, 8) + clickId.slice(9, 13), 16);
}
