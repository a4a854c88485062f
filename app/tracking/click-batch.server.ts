import {
  binaryArray,
  BOOL_FIELD_BYTES,
  COPY_HEADER,
  COPY_TRAILER,
  readBoolField,
  readTextField,
  readTimestampField,
  readUuid,
  TIMESTAMP_FIELD_BYTES,
  UUID_FIELD_BYTES,
  utf8Bound,
  writeBoolField,
  writeTextField,
  writeTimestampField,
  writeInt8,
  writeUuidField,
  PG_EPOCH_MS,
  TIMESTAMPTZ_OID,
  UUID_OID,
} from '../../db/pg-binary';
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
  /**
   * The user agent's digest (visitor.server.ts), with `ipHash` the visitor of unique clicks. A
   * human click's `isUnique` is provisional: the batch's transaction decides it in PostgreSQL
   * (decideUniqueClicks, docs/decisions/030-unique-clicks-in-postgresql.md). Absent on rows
   * decoded back from a batch (the slow paths keep what was decided).
   */
  userAgentDigest?: string;
}

/**
 * The layout of a batch of clicks: each click is a row of binary COPY into `clicks` (db/pg-binary.ts
 * writes the fields), written into large buffers as the click comes in. click-storage.server.ts
 * sends a batch.
 */

/** The columns of a COPY row, in order. */
export const CLICK_COLUMNS = `id, brand_id, offer_id, link_id, member_id, created_at, ip_hash, user_agent,
  referrer, country, device, is_bot, is_unique, attributable, sub1, sub2, sub3, sub4, sub5`;
const FIELD_COUNT = 19;
/** Bytes of a row besides its text: field count, 19 lengths, 5 uuids, a timestamp, 3 booleans. */
const ROW_FIXED_BYTES = 2 + FIELD_COUNT * 4 + 5 * 16 + 8 + 3;

/**
 * What a batch needs of a link, found with one lookup per click: the link's four ids (brand,
 * offer, link, member) as they go into a COPY row, each as its length and 16 bytes, encoded once
 * per link (the link cache hands out the same strings click after click).
 */
export interface LinkSlot {
  brandId: string;
  offerId: string;
  memberId: string;
  /** 4 × (int32 16, 16 bytes): brand, offer, link, member. */
  ids: Buffer;
  /**
   * The visitor group of the link's last human click, in the batch of generation `groupGeneration`
   * or an earlier one: the next click of the same visitor finds it (or its key) without a map
   * lookup or a new key.
   */
  groupGeneration: number;
  group: VisitorGroup | undefined;
}
const linkSlots = new Map<string, LinkSlot>();
const LINK_SLOTS_LIMIT = 50_000;
const LINK_IDS_BYTES = 4 * UUID_FIELD_BYTES;
/** Where the link id's 16 bytes are in LinkSlot.ids (after the brand's and the offer's). */
const LINK_ID_AT = 2 * UUID_FIELD_BYTES + 4;

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
    writeUuidField(ids, i * UUID_FIELD_BYTES, uuid);
  });
  if (linkSlots.size >= LINK_SLOTS_LIMIT) linkSlots.clear();
  const slot: LinkSlot = {
    brandId: row.brandId,
    offerId: row.offerId,
    memberId: row.memberId,
    ids,
    groupGeneration: known?.groupGeneration ?? -1,
    group: known?.group,
  };
  linkSlots.set(row.linkId, slot);
  return slot;
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
  return ROW_FIXED_BYTES + utf8Bound(chars);
}

/** Where the last row writeRow() wrote keeps its `is_unique` byte (no allocation per click). */
let uniqueByteAt = 0;

/** Writes a click as one row of binary COPY at `at`; returns where the next row starts. */
function writeRow(buf: Buffer, at: number, r: ClickRow, ids: Buffer): number {
  buf.writeInt16BE(FIELD_COUNT, at);
  let o = writeUuidField(buf, at + 2, r.id);
  ids.copy(buf, o);
  o += LINK_IDS_BYTES;
  o = writeTimestampField(buf, o, r.createdAt);
  o = writeTextField(buf, o, r.ipHash);
  o = writeTextField(buf, o, r.userAgent);
  o = writeTextField(buf, o, r.referrer);
  o = writeTextField(buf, o, r.country);
  // An enum travels as its label.
  o = writeTextField(buf, o, r.device);
  o = writeBoolField(buf, o, r.isBot);
  uniqueByteAt = o + 4;
  o = writeBoolField(buf, o, r.isUnique);
  o = writeBoolField(buf, o, r.attributable);
  const s = r.subs;
  o = writeTextField(buf, o, s[0]);
  o = writeTextField(buf, o, s[1]);
  o = writeTextField(buf, o, s[2]);
  o = writeTextField(buf, o, s[3]);
  return writeTextField(buf, o, s[4]);
}

/** The click a row holds (for the slow paths: retries, refused batches, dropped clicks). */
function readRow(buf: Buffer, at: number): [ClickRow, number] {
  let o = at + 2;
  const uuids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    uuids.push(readUuid(buf, o + 4));
    o += UUID_FIELD_BYTES;
  }
  const createdAt = readTimestampField(buf, o);
  o += TIMESTAMP_FIELD_BYTES;
  const texts: Array<string | null> = [];
  for (let i = 0; i < 5; i += 1) {
    const [text, next] = readTextField(buf, o);
    texts.push(text);
    o = next;
  }
  const bools: boolean[] = [];
  for (let i = 0; i < 3; i += 1) {
    bools.push(readBoolField(buf, o));
    o += BOOL_FIELD_BYTES;
  }
  const subs: Array<string | null> = [];
  for (let i = 0; i < 5; i += 1) {
    const [text, next] = readTextField(buf, o);
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
      createdAt,
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

/**
 * One visitor's human clicks of one link in a batch: one row of decideUniqueClicks, however many
 * clicks it has (docs/decisions/039-visitor-groups-per-batch.md). Only its earliest click can be
 * unique; PostgreSQL says whether it is.
 */
export interface VisitorGroup {
  /** visitorKey(): the link and the visitor, the same for every process. */
  readonly key: string;
  slot: LinkSlot;
  /** The IP hash (hex) and user agent digest (16 hex digits) its visitor uuid is made of. */
  ipHash: string;
  agent: string;
  /** Index (among the batch's human clicks) and time of its earliest click, and its latest time. */
  first: number;
  firstMs: number;
  lastMs: number;
  /** PostgreSQL's decision for `first`, once applyUnique ran. */
  unique: boolean;
}

/** The human clicks whose uniqueness PostgreSQL decides, in the order they came. */
interface HumanClicks {
  /** Where each click's `is_unique` byte is: its chunk and offset. */
  chunk: number[];
  byteAt: number[];
  group: VisitorGroup[];
}

function newHumanClicks(): HumanClicks {
  return { chunk: [], byteAt: [], group: [] };
}

/**
 * The visitor uuid's 16 bytes are the IP hash's first 8 and the digest's 8 (visitor.server.ts):
 * clicks with the same key are one visitor, so a batch never sends the same row twice.
 */
function visitorKey(linkId: string, ipHash: string, agent: string): string {
  return `${linkId}${ipHash.slice(0, 16)}${agent}`;
}

/** Numbers batches' fillings (ClickBatch.generation), so a link's slot knows whose group it holds. */
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
 * come in (one buffer write per click, and no string per click left for the garbage collector).
 */
export class ClickBatch {
  private chunks: Buffer[] = [];
  /** Bytes used in each chunk. */
  private lengths: number[] = [];
  private count_ = 0;
  /** This filling's number: a link slot's `group` is of this batch when its generation is this. */
  private generation = nextGeneration++;
  /**
   * The human clicks whose uniqueness PostgreSQL decides, in the order they came: where their
   * `is_unique` byte is, their link, visitor and time, and what the byte says now.
   */
  private humans: HumanClicks = newHumanClicks();
  /** The batch's visitor groups, in the order of their first click, and by visitorKey(). */
  private groups: VisitorGroup[] = [];
  private groupsByKey = new Map<string, VisitorGroup>();

  get size(): number {
    return this.count_;
  }

  /** The earliest click time in the batch (the reporting fold reads clicks from there). */
  get earliest(): Date | null {
    return this.count_ ? new Date(this.earliestMs) : null;
  }
  private earliestMs = Infinity;

  /** Adds a click. */
  add(row: ClickRow) {
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
    const ms = row.createdAt.getTime();
    if (ms < this.earliestMs) this.earliestMs = ms;
    if (!row.isBot && row.userAgentDigest !== undefined) {
      const h = this.humans;
      const index = h.chunk.length;
      h.chunk.push(this.chunks.length - 1);
      h.byteAt.push(uniqueByteAt);
      h.group.push(this.groupOf(row, row.userAgentDigest, slot, index));
    }
  }

  /** The visitor group a human click joins (made on the visitor's first click of the link). */
  private groupOf(row: ClickRow, agent: string, slot: LinkSlot, index: number): VisitorGroup {
    const ms = row.createdAt.getTime();
    const last = slot.group;
    const sameVisitor = last !== undefined && last.ipHash === row.ipHash && last.agent === agent;
    let group = sameVisitor && slot.groupGeneration === this.generation ? last : undefined;
    if (!group) {
      // The link's last visitor again (in an earlier batch): its key is made already.
      const key = sameVisitor ? last.key : visitorKey(row.linkId, row.ipHash, agent);
      group = this.groupsByKey.get(key);
      if (!group) {
        group = {
          key,
          slot,
          ipHash: row.ipHash,
          agent,
          first: index,
          firstMs: ms,
          lastMs: ms,
          unique: false,
        };
        this.groupsByKey.set(key, group);
        this.groups.push(group);
      }
      slot.groupGeneration = this.generation;
      slot.group = group;
    }
    // Clicks come in time order, unless the clock stepped back: the earliest is the candidate.
    if (ms < group.firstMs) {
      group.first = index;
      group.firstMs = ms;
    }
    if (ms > group.lastMs) group.lastMs = ms;
    return group;
  }

  /** How many clicks' uniqueness PostgreSQL decides (see visitorArrays). */
  get humanClicks(): number {
    return this.humans.chunk.length;
  }

  /** The visitor groups those clicks make, in the order of their first click. */
  get visitorGroups(): readonly VisitorGroup[] {
    return this.groups;
  }

  /**
   * Visitor groups as binary arrays for decideUniqueClicks, one element per group: link ids
   * (uuid), visitors (a uuid made of the first 8 bytes of the IP hash and the user agent's 8-byte
   * digest), the times of their first and last clicks.
   */
  visitorArrays(groups: readonly VisitorGroup[] = this.groups): [Buffer, Buffer, Buffer, Buffer] {
    return [
      binaryArray(UUID_OID, 16, groups, (buf, at, x) =>
        x.slot.ids.copy(buf, at, LINK_ID_AT, LINK_ID_AT + 16),
      ),
      binaryArray(UUID_OID, 16, groups, (buf, at, x) => {
        buf.fill(0, at, at + 16);
        buf.write(x.ipHash, at, 8, 'hex');
        buf.write(x.agent, at + 8, 8, 'hex');
      }),
      binaryArray(TIMESTAMPTZ_OID, 8, groups, (buf, at, x) =>
        writeInt8(buf, at, (x.firstMs - PG_EPOCH_MS) * 1000),
      ),
      binaryArray(TIMESTAMPTZ_OID, 8, groups, (buf, at, x) =>
        writeInt8(buf, at, (x.lastMs - PG_EPOCH_MS) * 1000),
      ),
    ];
  }

  /**
   * Applies the decision: the `uniqueGroups` have a unique first click; every other human click is
   * not unique. Their COPY bytes follow; applying again (a retried batch) changes only what differs.
   */
  applyUnique(uniqueGroups: Iterable<VisitorGroup>) {
    for (const x of this.groups) x.unique = false;
    for (const x of uniqueGroups) x.unique = true;
    const h = this.humans;
    for (let i = 0; i < h.chunk.length; i++) {
      const group = h.group[i];
      const want = group.unique && group.first === i ? 1 : 0;
      const chunk = this.chunks[h.chunk[i]];
      if (chunk[h.byteAt[i]] === want) continue;
      chunk[h.byteAt[i]] = want;
    }
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
    this.humans = newHumanClicks();
    this.groups = [];
    this.groupsByKey.clear();
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
    for (const row of rows.slice(n)) this.add(row);
    return dropped;
  }
}
