import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DeviceClass } from './visitor.server';

/** One click as stored in `clicks`. */
export interface ClickRow {
  id: string;
  brandId: string;
  offerId: string;
  linkId: string;
  memberId: string;
  createdAt: Date;
  ipHash: string;
  userAgent: string | null;
  referrer: string | null;
  country: string | null;
  device: DeviceClass;
  isBot: boolean;
  isUnique: boolean;
  attributable: boolean;
  subs: readonly [string | null, string | null, string | null, string | null, string | null];
}

/** The columns of a COPY row, in order. */
const CLICK_COLUMNS = `id, brand_id, offer_id, link_id, member_id, created_at, ip_hash, user_agent,
  referrer, country, device, is_bot, is_unique, attributable, sub1, sub2, sub3, sub4, sub5`;
const FIELD_COUNT = 19;

/*
 * Clicks are sent in COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"): PostgreSQL then copies uuids and timestamps as they are, where the text format
 * made it parse five uuids (a strtoul call per byte) and a timestamp for every click. Each row is
 * a field count, then every field as its length (-1 for null) and its bytes.
 */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32 0) and header extension length (int32 0). */
const COPY_HEADER = Buffer.concat([COPY_SIGNATURE, Buffer.alloc(8)]);
/** A field count of -1 ends the data. */
const COPY_TRAILER = Buffer.from([0xff, 0xff]);
/** PostgreSQL's epoch (2000-01-01 UTC) in Unix milliseconds. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const PG_EPOCH_DAYS = PG_EPOCH_MS / 86_400_000;
const TWO_32 = 2 ** 32;
/** Bytes of a row besides its text: field count, 19 lengths, 5 uuids, a timestamp, 3 booleans. */
const ROW_FIXED_BYTES = 2 + FIELD_COUNT * 4 + 5 * 16 + 8 + 3;

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i += 1) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Writes a uuid's 16 bytes; throws on anything but a uuid's 36 characters. */
function writeUuid(buf: Buffer, at: number, uuid: string): void {
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

function readUuid(buf: Buffer, at: number): string {
  const hex = buf.toString('hex', at, at + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What a batch needs of a link, found with one lookup per click: the link's four ids (brand,
 * offer, link, member) as they go into a COPY row, each as its length and 16 bytes, encoded once
 * per link (the link cache hands out the same strings click after click); and the link's counters
 * in the batch being filled. One map instead of one for the ids and one per batch for the counters:
 * at thousands of clicks a second over many links, each lookup is a few cache misses.
 */
interface LinkSlot {
  brandId: string;
  offerId: string;
  memberId: string;
  /** 4 × (int32 16, 16 bytes): brand, offer, link, member. */
  ids: Buffer;
  /** The batch generation `stats` counts for (ClickBatch.generation); -1 when none yet. */
  generation: number;
  stats: DayStats | undefined;
}
const linkSlots = new Map<string, LinkSlot>();
const LINK_SLOTS_LIMIT = 50_000;
const LINK_IDS_BYTES = 4 * 20;
/** Where the link id's 16 bytes are in LinkSlot.ids (after the brand's and the offer's). */
const LINK_ID_AT = 2 * 20 + 4;

function slotOf(row: ClickRow): LinkSlot {
  const known = linkSlots.get(row.linkId);
  // The same string objects each time: these comparisons cost next to nothing.
  if (
    known?.brandId === row.brandId &&
    known.offerId === row.offerId &&
    known.memberId === row.memberId
  ) {
    return known;
  }
  const ids = Buffer.allocUnsafe(LINK_IDS_BYTES);
  [row.brandId, row.offerId, row.linkId, row.memberId].forEach((uuid, i) => {
    ids.writeInt32BE(16, i * 20);
    writeUuid(ids, i * 20 + 4, uuid);
  });
  if (linkSlots.size >= LINK_SLOTS_LIMIT) linkSlots.clear();
  const slot: LinkSlot = {
    brandId: row.brandId,
    offerId: row.offerId,
    memberId: row.memberId,
    ids,
    // The counters are the link's, whatever else changed.
    generation: known?.generation ?? -1,
    stats: known?.stats,
  };
  linkSlots.set(row.linkId, slot);
  return slot;
}

/** An int64 (a count, or microseconds since 2000: beyond 32 bits, within 2^53) as two halves. */
function writeInt8(buf: Buffer, at: number, value: number) {
  const high = Math.floor(value / TWO_32);
  buf.writeInt32BE(high, at);
  buf.writeUInt32BE(value - high * TWO_32, at + 4);
}

/** PostgreSQL text cannot hold NUL at all (`?sub1=%00` would otherwise poison a batch). */
function withoutNul(value: string): string {
  return value.includes('\0') ? value.replaceAll('\0', '') : value;
}

/** A text field: its length, then its UTF-8 bytes. PostgreSQL text cannot hold NUL at all. */
function writeText(buf: Buffer, at: number, value: string | null): number {
  if (value === null) {
    buf.writeInt32BE(-1, at);
    return at + 4;
  }
  const n = buf.write(withoutNul(value), at + 4, 'utf8');
  buf.writeInt32BE(n, at);
  return at + 4 + n;
}

function readText(buf: Buffer, at: number): [string | null, number] {
  const n = buf.readInt32BE(at);
  if (n < 0) return [null, at + 4];
  return [buf.toString('utf8', at + 4, at + 4 + n), at + 4 + n];
}

function writeBool(buf: Buffer, at: number, value: boolean): number {
  buf.writeInt32BE(1, at);
  buf[at + 4] = value ? 1 : 0;
  return at + 5;
}

/** Most bytes a click's row can take (a UTF-16 code unit is at most 3 bytes of UTF-8). */
function rowBound(r: ClickRow): number {
  const s = r.subs;
  const chars =
    r.ipHash.length +
    r.device.length +
    (r.userAgent?.length ?? 0) +
    (r.referrer?.length ?? 0) +
    (r.country?.length ?? 0) +
    (s[0]?.length ?? 0) +
    (s[1]?.length ?? 0) +
    (s[2]?.length ?? 0) +
    (s[3]?.length ?? 0) +
    (s[4]?.length ?? 0);
  return ROW_FIXED_BYTES + chars * 3;
}

/** Writes a click as one row of binary COPY at `at`; returns where the next row starts. */
function writeRow(buf: Buffer, at: number, r: ClickRow, ids: Buffer): number {
  let o = at;
  buf.writeInt16BE(FIELD_COUNT, o);
  buf.writeInt32BE(16, o + 2);
  writeUuid(buf, o + 6, r.id);
  o += 22;
  ids.copy(buf, o);
  o += LINK_IDS_BYTES;
  // timestamptz: microseconds since 2000-01-01 as an int64.
  buf.writeInt32BE(8, o);
  writeInt8(buf, o + 4, (r.createdAt.getTime() - PG_EPOCH_MS) * 1000);
  o += 12;
  o = writeText(buf, o, r.ipHash);
  o = writeText(buf, o, r.userAgent);
  o = writeText(buf, o, r.referrer);
  o = writeText(buf, o, r.country);
  // An enum travels as its label.
  o = writeText(buf, o, r.device);
  o = writeBool(buf, o, r.isBot);
  o = writeBool(buf, o, r.isUnique);
  o = writeBool(buf, o, r.attributable);
  const s = r.subs;
  o = writeText(buf, o, s[0]);
  o = writeText(buf, o, s[1]);
  o = writeText(buf, o, s[2]);
  o = writeText(buf, o, s[3]);
  return writeText(buf, o, s[4]);
}

/** The click a row holds (for the slow paths: retries, refused batches, dropped clicks). */
function readRow(buf: Buffer, at: number): [ClickRow, number] {
  let o = at + 2;
  const uuids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    uuids.push(readUuid(buf, o + 4));
    o += 20;
  }
  const micros = buf.readInt32BE(o + 4) * TWO_32 + buf.readUInt32BE(o + 8);
  o += 12;
  const texts: Array<string | null> = [];
  for (let i = 0; i < 5; i += 1) {
    const [text, next] = readText(buf, o);
    texts.push(text);
    o = next;
  }
  const bools: boolean[] = [];
  for (let i = 0; i < 3; i += 1) {
    bools.push(buf[o + 4] === 1);
    o += 5;
  }
  const subs: Array<string | null> = [];
  for (let i = 0; i < 5; i += 1) {
    const [text, next] = readText(buf, o);
    subs.push(text);
    o = next;
  }
  const [id, brandId, offerId, linkId, memberId] = uuids;
  return [
    {
      id,
      brandId,
      offerId,
      linkId,
      memberId,
      createdAt: new Date(micros / 1000 + PG_EPOCH_MS),
      ipHash: texts[0] ?? '',
      userAgent: texts[1],
      referrer: texts[2],
      country: texts[3],
      device: texts[4] as DeviceClass,
      isBot: bools[0],
      isUnique: bools[1],
      attributable: bools[2],
      subs: subs as unknown as ClickRow['subs'],
    },
    o,
  ];
}

interface DayStats {
  linkId: string;
  /** The link's slot ids (LinkSlot.ids): the link id's 16 bytes are copied from there. */
  linkIds: Buffer;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  clicks: number;
  unique: number;
  bots: number;
}

function newStats(linkId: string, day: string, slot: LinkSlot): DayStats {
  return { linkId, linkIds: slot.ids, day, clicks: 0, unique: 0, bots: 0 };
}

/** Numbers batches' fillings (ClickBatch.generation), so a link's slot knows whose counters it holds. */
let nextGeneration = 0;

/** Size of the buffers a batch's COPY text is written into. */
const CHUNK_BYTES = 256 * 1024;
/**
 * Written batches give their buffers back for the next ones: a fresh 256 KiB buffer every few
 * hundred clicks costs page faults and unmapping (kernel time, measured ~1.8 µs per click).
 */
const spareChunks: Buffer[] = [];
const MAX_SPARE_CHUNKS = 32;

function takeChunk(minBytes: number): Buffer {
  if (minBytes <= CHUNK_BYTES) return spareChunks.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
  return Buffer.allocUnsafe(minBytes);
}

/**
 * Clicks waiting to be written together: their COPY text, encoded into large buffers as the clicks
 * come in (one buffer write per click, and no string per click left for the garbage collector),
 * and their per-link, per-UTC-day counters.
 */
export class ClickBatch {
  private chunks: Buffer[] = [];
  /** Bytes used in each chunk. */
  private lengths: number[] = [];
  private count_ = 0;
  /**
   * Counters of the batch's first day, reached through each link's slot (LinkSlot.stats, valid
   * while its generation is this batch's); a new generation on release makes them all stale.
   */
  private generation = nextGeneration++;
  private readonly firstDayStats: DayStats[] = [];
  /**
   * Counters of any later day (a batch across midnight), by link id and day. A link may appear
   * twice in the counters (its slot was forgotten mid-batch, past LINK_SLOTS_LIMIT links): the
   * fold sums by link and day.
   */
  private readonly laterDayStats = new Map<string, DayStats>();
  /** The first click's day. */
  private day: string | undefined;

  get size(): number {
    return this.count_;
  }

  /** Adds a click (`day`: its UTC day, `YYYY-MM-DD`, which callers make once per millisecond). */
  add(row: ClickRow, day: string) {
    const slot = slotOf(row);
    const last = this.chunks.length - 1;
    const room = rowBound(row);
    if (last >= 0 && this.lengths[last] + room <= this.chunks[last].length) {
      this.lengths[last] = writeRow(this.chunks[last], this.lengths[last], row, slot.ids);
    } else {
      const header = last < 0 ? COPY_HEADER.length : 0;
      const chunk = takeChunk(header + room);
      if (header) COPY_HEADER.copy(chunk, 0);
      const end = writeRow(chunk, header, row, slot.ids);
      this.chunks.push(chunk);
      this.lengths.push(end);
    }
    this.count_ += 1;
    this.count(row, day, slot);
  }

  /** The COPY data (binary format: header, rows, trailer), as buffers to send in order. */
  data(): Buffer[] {
    if (!this.count_) return [];
    return [...this.chunks.map((chunk, i) => chunk.subarray(0, this.lengths[i])), COPY_TRAILER];
  }

  /**
   * Empties the batch and gives its buffers back for reuse. Only once nothing refers to its data
   * any more (the COPY that sent it has finished).
   */
  release() {
    for (const chunk of this.chunks) {
      if (chunk.length === CHUNK_BYTES && spareChunks.length < MAX_SPARE_CHUNKS) {
        spareChunks.push(chunk);
      }
    }
    this.chunks = [];
    this.lengths = [];
    this.count_ = 0;
    this.generation = nextGeneration++;
    this.firstDayStats.length = 0;
    this.laterDayStats.clear();
    this.day = undefined;
  }

  /** The clicks, decoded again (for the slow paths). */
  rows(): ClickRow[] {
    const rows: ClickRow[] = [];
    this.chunks.forEach((chunk, i) => {
      let at = i === 0 ? COPY_HEADER.length : 0;
      while (at < this.lengths[i]) {
        const [row, next] = readRow(chunk, at);
        rows.push(row);
        at = next;
      }
    });
    return rows;
  }

  /** Removes the `n` oldest clicks (the buffer is full); returns them. */
  dropOldest(n: number): ClickRow[] {
    const rows = this.rows();
    const dropped = rows.slice(0, n);
    this.release();
    for (const row of rows.slice(n)) this.add(row, row.createdAt.toISOString().slice(0, 10));
    return dropped;
  }

  private count(row: ClickRow, day: string, slot: LinkSlot) {
    const s = this.statsFor(row.linkId, day, slot);
    if (row.isBot) s.bots += 1;
    else {
      s.clicks += 1;
      if (row.isUnique) s.unique += 1;
    }
  }

  /** A link's counters for `day` in this batch, made on its first click of that day. */
  private statsFor(linkId: string, day: string, slot: LinkSlot): DayStats {
    this.day ??= day;
    if (day !== this.day) {
      const key = linkId + day;
      let later = this.laterDayStats.get(key);
      if (!later) this.laterDayStats.set(key, (later = newStats(linkId, day, slot)));
      return later;
    }
    if (slot.generation === this.generation && slot.stats) return slot.stats;
    const first = newStats(linkId, day, slot);
    slot.generation = this.generation;
    slot.stats = first;
    this.firstDayStats.push(first);
    return first;
  }

  counters(): DayStats[] {
    return [...this.firstDayStats, ...this.laterDayStats.values()];
  }
}

/** Type oids of the array elements sent (pg_type). */
const INT8_OID = 20;
const DATE_OID = 1082;
const UUID_OID = 2950;

/**
 * A one-dimensional array in PostgreSQL's binary format (array_recv): node-postgres sends a Buffer
 * parameter as binary, so PostgreSQL reads uuids, dates and integers without parsing text.
 */
function binaryArray<T>(
  elementOid: number,
  elementBytes: number,
  values: T[],
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

/** The last day writeDate() converted: a batch's counters are almost all of one day. */
let lastDay = { text: '', days: 0 };

/** A `YYYY-MM-DD` day as PostgreSQL's binary date: days since 2000-01-01. */
function writeDate(buf: Buffer, at: number, day: string) {
  if (day !== lastDay.text)
    lastDay = { text: day, days: Date.parse(`${day}T00:00:00Z`) / 86_400_000 - PG_EPOCH_DAYS };
  buf.writeInt32BE(lastDay.days, at);
}

/** One transaction: COPY the batch's clicks, and record their counts as pending. */
export async function copyBatch(client: pg.Client, batch: ClickBatch) {
  await transaction(client, async () => {
    const stream = client.query(
      copyFrom(`copy clicks (${CLICK_COLUMNS}) from stdin with (format binary)`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      for (const chunk of batch.data()) stream.write(chunk);
      stream.end();
    });
    // The batch's counts go into click_stats_pending as one row; foldPendingCounters() adds them
    // to click_stats_daily about once a second.
    const s = batch.counters();
    await client.query(
      `insert into click_stats_pending (link_ids, days, clicks, unique_clicks, bot_clicks)
       values ($1::uuid[], $2::date[], $3::int8[], $4::int8[], $5::int8[])`,
      [
        binaryArray(UUID_OID, 16, s, (buf, at, x) =>
          x.linkIds.copy(buf, at, LINK_ID_AT, LINK_ID_AT + 16),
        ),
        binaryArray(DATE_OID, 4, s, (buf, at, x) => writeDate(buf, at, x.day)),
        binaryArray(INT8_OID, 8, s, (buf, at, x) => writeInt8(buf, at, x.clicks)),
        binaryArray(INT8_OID, 8, s, (buf, at, x) => writeInt8(buf, at, x.unique)),
        binaryArray(INT8_OID, 8, s, (buf, at, x) => writeInt8(buf, at, x.bots)),
      ],
    );
  });
}

/**
 * Moves every pending count (of any process's batches) into click_stats_daily, in one statement:
 * the rows it deletes are exactly the rows it adds up. Concurrent folds do not count a row twice (a
 * row deleted by one is skipped by the other) and lock counter rows in the same order.
 */
export async function foldPendingCounters(client: pg.Client): Promise<void> {
  // A link's brand, offer and member come from `links` (they never change for a link). Counts of a
  // link deleted meanwhile are dropped with it: its clicks and counters went with it (cascade).
  await client.query(
    `with pending as (
       delete from click_stats_pending
       returning link_ids, days, clicks, unique_clicks, bot_clicks
     ), counts as (
       select c.link_id, c.day, sum(c.clicks)::int8 as clicks,
              sum(c.unique_clicks)::int8 as unique_clicks, sum(c.bot_clicks)::int8 as bot_clicks
         from pending p,
              unnest(p.link_ids, p.days, p.clicks, p.unique_clicks, p.bot_clicks)
                as c(link_id, day, clicks, unique_clicks, bot_clicks)
        group by c.link_id, c.day
     )
     insert into click_stats_daily (link_id, day, brand_id, offer_id, member_id, clicks,
                                    unique_clicks, bot_clicks)
     select c.link_id, c.day, l.brand_id, l.offer_id, l.member_id, c.clicks, c.unique_clicks,
            c.bot_clicks
       from counts c
       join links l on l.id = c.link_id
      order by c.link_id, c.day
     on conflict (link_id, day) do update set
       clicks = click_stats_daily.clicks + excluded.clicks,
       unique_clicks = click_stats_daily.unique_clicks + excluded.unique_clicks,
       bot_clicks = click_stats_daily.bot_clicks + excluded.bot_clicks`,
  );
}

/**
 * The slow, idempotent way: an INSERT that skips clicks already stored and adds to the counters
 * only what it inserted. Returns how many clicks were new.
 */
export async function insertClicksIdempotently(
  client: pg.Client,
  rows: ClickRow[],
): Promise<number> {
  const col = <T>(pick: (row: ClickRow) => T) => rows.map(pick);
  const clean = (value: string | null) => (value === null ? null : withoutNul(value));
  let inserted = 0;
  await transaction(client, async () => {
    const result = await client.query<{ n: string }>(
      `with inserted as (
         insert into clicks (${CLICK_COLUMNS})
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[],
                              $11::device_class[], $12::bool[], $13::bool[], $14::bool[],
                              $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
         on conflict (id) do nothing
         returning link_id, created_at, brand_id, offer_id, member_id, is_bot, is_unique
       ), counted as (
         insert into click_stats_daily (link_id, day, brand_id, offer_id, member_id, clicks,
                                        unique_clicks, bot_clicks)
         select link_id, (created_at at time zone 'UTC')::date, (array_agg(brand_id))[1],
                (array_agg(offer_id))[1], (array_agg(member_id))[1],
                count(*) filter (where not is_bot), count(*) filter (where not is_bot and is_unique),
                count(*) filter (where is_bot)
           from inserted
          group by 1, 2
          order by 1, 2
         on conflict (link_id, day) do update set
           clicks = click_stats_daily.clicks + excluded.clicks,
           unique_clicks = click_stats_daily.unique_clicks + excluded.unique_clicks,
           bot_clicks = click_stats_daily.bot_clicks + excluded.bot_clicks
       )
       select count(*) as n from inserted`,
      [
        col((r) => r.id),
        col((r) => r.brandId),
        col((r) => r.offerId),
        col((r) => r.linkId),
        col((r) => r.memberId),
        col((r) => r.createdAt.toISOString()),
        col((r) => clean(r.ipHash)),
        col((r) => clean(r.userAgent)),
        col((r) => clean(r.referrer)),
        col((r) => clean(r.country)),
        col((r) => r.device),
        col((r) => r.isBot),
        col((r) => r.isUnique),
        col((r) => r.attributable),
        col((r) => clean(r.subs[0])),
        col((r) => clean(r.subs[1])),
        col((r) => clean(r.subs[2])),
        col((r) => clean(r.subs[3])),
        col((r) => clean(r.subs[4])),
      ],
    );
    inserted = Number(result.rows[0].n);
  });
  return inserted;
}

/**
 * Runs `work` in a transaction on `client`. The writer's connection does not wait for the WAL
 * flush at commit (it sets `synchronous_commit = off` when it connects): a busy disk then cannot
 * hold clicks back. A crash of PostgreSQL itself (not of Offerlink) may lose the last fraction of
 * a second of clicks, the same exposure as the in-memory buffer. Conversions are written with the
 * default.
 */
async function transaction(client: pg.Client, work: () => Promise<void>) {
  await client.query('begin');
  try {
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
