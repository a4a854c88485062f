import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  binaryArray,
  BOOL_FIELD_BYTES,
  COPY_HEADER,
  COPY_TRAILER,
  DATE_OID,
  INT8_OID,
  readBoolField,
  readInt8,
  readTextField,
  readTimestampField,
  readUuid,
  TIMESTAMP_FIELD_BYTES,
  UUID_FIELD_BYTES,
  UUID_OID,
  utf8Bound,
  withoutNul,
  writeBoolField,
  writeDate,
  writeInt8,
  writeTextField,
  writeTimestampField,
  writeUuid,
  writeUuidField,
} from './pg-binary';

const UUID = '0193a8c4-5b1a-7c8e-9f61-2a4b8c9d0e11';

describe('fields, encoded and decoded in memory', () => {
  test('a uuid is its 16 bytes, read back in lower case; anything else is refused', () => {
    const buf = Buffer.alloc(16);
    writeUuid(buf, 0, UUID.toUpperCase());
    expect(buf.toString('hex')).toBe(UUID.replaceAll('-', ''));
    expect(readUuid(buf, 0)).toBe(UUID);
    expect(() => writeUuid(buf, 0, 'not-a-uuid')).toThrow(/Not a uuid/);
    expect(() => writeUuid(buf, 0, UUID.replace('0', 'g'))).toThrow(/Not a uuid/);
    expect(() => writeUuid(buf, 0, `${UUID}0`)).toThrow(/Not a uuid/);
  });

  test('an int64 keeps values beyond 32 bits exactly, negative ones too', () => {
    const buf = Buffer.alloc(8);
    for (const value of [0, 1, 2 ** 32, 2 ** 32 + 7, 2 ** 53 - 1, -1, -(2 ** 40) - 3]) {
      writeInt8(buf, 0, value);
      expect(buf.readBigInt64BE(0)).toBe(BigInt(value));
      expect(readInt8(buf, 0)).toBe(value);
    }
  });

  test('a text field is its UTF-8 length and bytes, NUL removed; null is length -1', () => {
    const buf = Buffer.alloc(64);
    const end = writeTextField(buf, 0, 'né\0e');
    expect(buf.readInt32BE(0)).toBe(4);
    expect(end).toBe(8);
    expect(readTextField(buf, 0)).toEqual(['née', 8]);
    const afterNull = writeTextField(buf, end, null);
    expect(buf.readInt32BE(end)).toBe(-1);
    expect(readTextField(buf, end)).toEqual([null, afterNull]);
    expect(withoutNul('a\0b\0')).toBe('ab');
    expect(utf8Bound('né€😀'.length)).toBeGreaterThanOrEqual(Buffer.byteLength('né€😀'));
  });

  test('uuid, timestamp and boolean fields have their fixed sizes and read back', () => {
    const buf = Buffer.alloc(64);
    let at = writeUuidField(buf, 0, UUID);
    expect(at).toBe(UUID_FIELD_BYTES);
    expect(buf.readInt32BE(0)).toBe(16);
    const time = new Date('2026-03-04T05:06:07.089Z');
    at = writeTimestampField(buf, at, time);
    expect(at).toBe(UUID_FIELD_BYTES + TIMESTAMP_FIELD_BYTES);
    expect(readTimestampField(buf, UUID_FIELD_BYTES)).toEqual(time);
    const boolAt = at;
    at = writeBoolField(buf, at, true);
    expect(at - boolAt).toBe(BOOL_FIELD_BYTES);
    expect(readBoolField(buf, boolAt)).toBe(true);
    writeBoolField(buf, boolAt, false);
    expect(readBoolField(buf, boolAt)).toBe(false);
  });

  test('an empty array carries only its element type', () => {
    const empty = binaryArray(UUID_OID, 16, [], () => {});
    expect(empty.length).toBe(12);
    expect(empty.readInt32BE(0)).toBe(0); // no dimensions
    expect(empty.readInt32BE(8)).toBe(UUID_OID);
  });
});

describe('PostgreSQL reads what is written', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  test('binary arrays of uuids, dates and int64s arrive as those values', async () => {
    const uuids = [UUID, '00000000-0000-0000-0000-000000000001'];
    const days = ['2026-12-31', '1999-12-31', '2000-01-01'];
    const counts = [0, 2 ** 40 + 5, -3];
    const { rows } = await client.query<{ u: string[]; d: string[]; n: string[] }>(
      'select $1::uuid[]::text[] as u, $2::date[]::text[] as d, $3::int8[]::text[] as n',
      [
        binaryArray(UUID_OID, 16, uuids, writeUuid),
        binaryArray(DATE_OID, 4, days, writeDate),
        binaryArray(INT8_OID, 8, counts, writeInt8),
      ],
    );
    expect(rows[0].u).toEqual(uuids);
    expect(rows[0].d).toEqual(days);
    expect(rows[0].n).toEqual(counts.map(String));
    const { rows: none } = await client.query<{ n: number }>(
      'select cardinality($1::uuid[]) as n',
      [binaryArray(UUID_OID, 16, [], writeUuid)],
    );
    expect(none[0].n).toBe(0);
  });

  test('binary COPY rows of every field kind, nulls included, are stored as sent', async () => {
    await client.query(
      'create temporary table copied (id uuid, at timestamptz, label text, flag bool)',
    );
    const time = new Date('2026-06-01T12:34:56.789Z');
    const buf = Buffer.alloc(256);
    let at = COPY_HEADER.copy(buf, 0);
    for (const [label, flag] of [
      ['crème\0brûlée', true],
      [null, false],
    ] as const) {
      buf.writeInt16BE(4, at);
      at = writeUuidField(buf, at + 2, UUID);
      at = writeTimestampField(buf, at, time);
      at = writeTextField(buf, at, label);
      at = writeBoolField(buf, at, flag);
    }
    at += COPY_TRAILER.copy(buf, at);
    const stream = client.query(copyFrom('copy copied from stdin with (format binary)'));
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      stream.end(buf.subarray(0, at));
    });
    const { rows } = await client.query(
      'select id, at, label, flag from copied order by flag desc',
    );
    expect(rows).toEqual([
      { id: UUID, at: time, label: 'crèmebrûlée', flag: true },
      { id: UUID, at: time, label: null, flag: false },
    ]);
  });
});
