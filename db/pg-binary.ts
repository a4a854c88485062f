/**
 * PostgreSQL's binary wire formats, for writers that send many values without having PostgreSQL
 * parse text: COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format") and one-dimensional arrays as binary parameters (array_recv). A binary COPY
 * row is a field count (int16), then every field as its length (int32, -1 for null) and its bytes.
 * Generic: nothing here knows what is being written.
 */

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32 0) and header extension length (int32 0). */
export const COPY_HEADER = Buffer.concat([COPY_SIGNATURE, Buffer.alloc(8)]);
/** A field count of -1 ends the data. */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** PostgreSQL's epoch (2000-01-01 UTC) in Unix milliseconds. */
export const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const PG_EPOCH_DAYS = PG_EPOCH_MS / 86_400_000;
const TWO_32 = 2 ** 32;

/** Bytes of a field holding a uuid (length + 16), a timestamptz (length + 8), a boolean. */
export const UUID_FIELD_BYTES = 4 + 16;
export const TIMESTAMP_FIELD_BYTES = 4 + 8;
export const BOOL_FIELD_BYTES = 4 + 1;

/** Type oids of array elements (pg_type). */
export const INT8_OID = 20;
export const DATE_OID = 1082;
export const UUID_OID = 2950;
export const TIMESTAMPTZ_OID = 1184;

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i += 1) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Writes a uuid's 16 bytes; throws on anything but a uuid's 36 characters. */
export function writeUuid(buf: Buffer, at: number, uuid: string): void {
  if (uuid.length !== 36) throw new TypeError(`Not a uuid: ${uuid}`);
  let o = at;
  for (let i = 0; i < 36; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i += 1;
    const a = uuid.charCodeAt(i);
    const b = uuid.charCodeAt(i + 1);
    const hi = a < 128 ? HEX_VALUES[a] : -1;
    const lo = b < 128 ? HEX_VALUES[b] : -1;
    if (hi < 0 || lo < 0) throw new TypeError(`Not a uuid: ${uuid}`);
    buf[o++] = (hi << 4) | lo;
  }
}

/** The uuid whose 16 bytes are at `at`, in lower case. */
export function readUuid(buf: Buffer, at: number): string {
  const hex = buf.toString('hex', at, at + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An int64 (a count, or microseconds since 2000: beyond 32 bits, within 2^53) as two halves. */
export function writeInt8(buf: Buffer, at: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(value - high * TWO_32, at + 4);
}

export function readInt8(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/** PostgreSQL text cannot hold NUL at all (`?sub1=%00` would otherwise poison a whole write). */
export function withoutNul(value: string): string {
  return value.includes('\0') ? value.replaceAll('\0', '') : value;
}

/** A uuid field: its length (16), then its bytes. Returns where the next field starts. */
export function writeUuidField(buf: Buffer, at: number, uuid: string): number {
  buf.writeInt32BE(16, at);
  writeUuid(buf, at + 4, uuid);
  return at + UUID_FIELD_BYTES;
}

/** A timestamptz field: its length (8), then microseconds since 2000-01-01 as an int64. */
export function writeTimestampField(buf: Buffer, at: number, time: Date): number {
  buf.writeInt32BE(8, at);
  writeInt8(buf, at + 4, (time.getTime() - PG_EPOCH_MS) * 1000);
  return at + TIMESTAMP_FIELD_BYTES;
}

/** The time in a timestamptz field at `at` (millisecond precision, as written). */
export function readTimestampField(buf: Buffer, at: number): Date {
  return new Date(readInt8(buf, at + 4) / 1000 + PG_EPOCH_MS);
}

/** A text field: its length, then its UTF-8 bytes (NUL removed); null as length -1. */
export function writeTextField(buf: Buffer, at: number, value: string | null): number {
  if (value === null) {
    buf.writeInt32BE(-1, at);
    return at + 4;
  }
  const n = buf.write(withoutNul(value), at + 4, 'utf8');
  buf.writeInt32BE(n, at);
  return at + 4 + n;
}

/** The text field at `at`, and where the next field starts. */
export function readTextField(buf: Buffer, at: number): [string | null, number] {
  const n = buf.readInt32BE(at);
  if (n < 0) return [null, at + 4];
  return [buf.toString('utf8', at + 4, at + 4 + n), at + 4 + n];
}

export function writeBoolField(buf: Buffer, at: number, value: boolean): number {
  buf.writeInt32BE(1, at);
  buf[at + 4] = value ? 1 : 0;
  return at + BOOL_FIELD_BYTES;
}

export function readBoolField(buf: Buffer, at: number): boolean {
  return buf[at + 4] === 1;
}

/** Most bytes of UTF-8 a string of `length` UTF-16 code units can take. */
export function utf8Bound(length: number): number {
  return length * 3;
}

/**
 * A one-dimensional array in PostgreSQL's binary format (array_recv): node-postgres sends a Buffer
 * parameter as binary, so PostgreSQL reads uuids, dates and integers without parsing text.
 */
export function binaryArray<T>(
  elementOid: number,
  elementBytes: number,
  values: readonly T[],
  write: (buf: Buffer, at: number, value: T) => void,
): Buffer {
  if (!values.length) {
    const empty = Buffer.alloc(12);
    empty.writeInt32BE(elementOid, 8);
    return empty;
  }
  const buf = Buffer.allocUnsafe(20 + values.length * (4 + elementBytes));
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(0, 4); // no nulls
  buf.writeInt32BE(elementOid, 8);
  buf.writeInt32BE(values.length, 12);
  buf.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const value of values) {
    buf.writeInt32BE(elementBytes, at);
    write(buf, at + 4, value);
    at += 4 + elementBytes;
  }
  return buf;
}

/** The last day writeDate() converted: a run of dates is mostly one day. */
let lastDay = { text: '', days: 0 };

/** A `YYYY-MM-DD` day as PostgreSQL's binary date (4 bytes): days since 2000-01-01. */
export function writeDate(buf: Buffer, at: number, day: string): void {
  if (day !== lastDay.text)
    lastDay = { text: day, days: Date.parse(`${day}T00:00:00Z`) / 86_400_000 - PG_EPOCH_DAYS };
  buf.writeInt32BE(lastDay.days, at);
}
