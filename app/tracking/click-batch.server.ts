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
  subs: [string | null, string | null, string | null, string | null, string | null];
}

/** The columns of a COPY line, in order. */
const CLICK_COLUMNS = `id, brand_id, offer_id, link_id, member_id, created_at, ip_hash, user_agent,
  referrer, country, device, is_bot, is_unique, attributable, sub1, sub2, sub3, sub4, sub5`;

const COPY_SPECIAL = /[\\\t\n\r\0]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r\0]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  // PostgreSQL text cannot hold NUL at all.
  '\0': '',
};
const COPY_UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : value;
}

function fromCopyValue(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\')
    ? field.replace(/\\(.)/g, (_, c: string) => COPY_UNESCAPES[c] ?? c)
    : field;
}

/** A click as one line of COPY's text format (`createdAt` given as its ISO text, which callers cache). */
export function toCopyLine(r: ClickRow, createdAtIso: string): string {
  return (
    `${r.id}\t${r.brandId}\t${r.offerId}\t${r.linkId}\t${r.memberId}\t${createdAtIso}\t` +
    `${copyValue(r.ipHash)}\t${copyValue(r.userAgent)}\t${copyValue(r.referrer)}\t` +
    `${copyValue(r.country)}\t${r.device}\t${r.isBot ? 't' : 'f'}\t${r.isUnique ? 't' : 'f'}\t` +
    `${r.attributable ? 't' : 'f'}\t${copyValue(r.subs[0])}\t${copyValue(r.subs[1])}\t` +
    `${copyValue(r.subs[2])}\t${copyValue(r.subs[3])}\t${copyValue(r.subs[4])}\n`
  );
}

/** The click a COPY line holds (for the slow paths: retries, refused batches, dropped clicks). */
export function fromCopyLine(line: string): ClickRow {
  const f = line.slice(0, line.endsWith('\n') ? -1 : undefined).split('\t');
  return {
    id: f[0],
    brandId: f[1],
    offerId: f[2],
    linkId: f[3],
    memberId: f[4],
    createdAt: new Date(f[5]),
    ipHash: fromCopyValue(f[6]) ?? '',
    userAgent: fromCopyValue(f[7]),
    referrer: fromCopyValue(f[8]),
    country: fromCopyValue(f[9]),
    device: f[10] as DeviceClass,
    isBot: f[11] === 't',
    isUnique: f[12] === 't',
    attributable: f[13] === 't',
    subs: [
      fromCopyValue(f[14]),
      fromCopyValue(f[15]),
      fromCopyValue(f[16]),
      fromCopyValue(f[17]),
      fromCopyValue(f[18]),
    ],
  };
}

interface DayStats {
  linkId: string;
  day: string;
  brandId: string;
  offerId: string;
  memberId: string;
  clicks: number;
  unique: number;
  bots: number;
}

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
  private readonly stats = new Map<string, DayStats>();
  /** The first click's day: counters of that day are keyed by the link id alone. */
  private day: string | undefined;

  get size(): number {
    return this.count_;
  }

  add(row: ClickRow, createdAtIso: string) {
    const line = toCopyLine(row, createdAtIso);
    const last = this.chunks.length - 1;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = line.length * 3;
    if (last >= 0 && this.lengths[last] + room <= this.chunks[last].length) {
      this.lengths[last] += this.chunks[last].write(line, this.lengths[last]);
    } else {
      const chunk = takeChunk(room);
      this.chunks.push(chunk);
      this.lengths.push(chunk.write(line, 0));
    }
    this.count_ += 1;
    this.count(row, createdAtIso.slice(0, 10));
  }

  /** The COPY text, as buffers to send in order. */
  data(): Buffer[] {
    return this.chunks.map((chunk, i) => chunk.subarray(0, this.lengths[i]));
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
    this.stats.clear();
    this.day = undefined;
  }

  /** The clicks, decoded again (for the slow paths). */
  rows(): ClickRow[] {
    const text = Buffer.concat(this.data()).toString('utf8');
    return text ? text.slice(0, -1).split('\n').map(fromCopyLine) : [];
  }

  /** Removes the `n` oldest clicks (the buffer is full); returns them. */
  dropOldest(n: number): ClickRow[] {
    const rows = this.rows();
    const dropped = rows.slice(0, n);
    this.release();
    for (const row of rows.slice(n)) this.add(row, row.createdAt.toISOString());
    return dropped;
  }

  private count(row: ClickRow, day: string) {
    this.day ??= day;
    // Link ids come from the link cache, the same string objects each time: as Map keys their hash
    // is computed once. Another day's counters (a batch across midnight) get a key of their own.
    const key = day === this.day ? row.linkId : row.linkId + day;
    let s = this.stats.get(key);
    if (!s) {
      s = {
        linkId: row.linkId,
        day,
        brandId: row.brandId,
        offerId: row.offerId,
        memberId: row.memberId,
        clicks: 0,
        unique: 0,
        bots: 0,
      };
      this.stats.set(key, s);
    }
    if (row.isBot) s.bots += 1;
    else {
      s.clicks += 1;
      if (row.isUnique) s.unique += 1;
    }
  }

  counters(): DayStats[] {
    return [...this.stats.values()];
  }
}

/**
 * An array literal of values that need no quoting (uuids, dates, integers): built directly, as
 * escaping each element costs more than the rest of a flush.
 */
function plainArray(values: Array<string | number>): string {
  return `{${values.join(',')}}`;
}

/** One transaction: COPY the batch's clicks, and record their counts as pending. */
export async function copyBatch(client: pg.Client, batch: ClickBatch) {
  await transaction(client, async () => {
    const stream = client.query(copyFrom(`copy clicks (${CLICK_COLUMNS}) from stdin`));
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
      `insert into click_stats_pending (link_ids, days, brand_ids, offer_ids, member_ids, clicks,
                                        unique_clicks, bot_clicks)
       values ($1::uuid[], $2::date[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int8[], $7::int8[],
               $8::int8[])`,
      [
        plainArray(s.map((x) => x.linkId)),
        plainArray(s.map((x) => x.day)),
        plainArray(s.map((x) => x.brandId)),
        plainArray(s.map((x) => x.offerId)),
        plainArray(s.map((x) => x.memberId)),
        plainArray(s.map((x) => x.clicks)),
        plainArray(s.map((x) => x.unique)),
        plainArray(s.map((x) => x.bots)),
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
  await client.query(
    `with pending as (
       delete from click_stats_pending
       returning link_ids, days, brand_ids, offer_ids, member_ids, clicks, unique_clicks, bot_clicks
     ), counts as (
       select c.link_id, c.day, (array_agg(c.brand_id))[1] as brand_id,
              (array_agg(c.offer_id))[1] as offer_id, (array_agg(c.member_id))[1] as member_id,
              sum(c.clicks)::int8 as clicks, sum(c.unique_clicks)::int8 as unique_clicks,
              sum(c.bot_clicks)::int8 as bot_clicks
         from pending p,
              unnest(p.link_ids, p.days, p.brand_ids, p.offer_ids, p.member_ids, p.clicks,
                     p.unique_clicks, p.bot_clicks)
                as c(link_id, day, brand_id, offer_id, member_id, clicks, unique_clicks, bot_clicks)
        group by c.link_id, c.day
     )
     insert into click_stats_daily (link_id, day, brand_id, offer_id, member_id, clicks,
                                    unique_clicks, bot_clicks)
     select link_id, day, brand_id, offer_id, member_id, clicks, unique_clicks, bot_clicks
       from counts
      order by link_id, day
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
  const clean = (value: string | null) => (value === null ? null : value.replaceAll('\0', ''));
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
