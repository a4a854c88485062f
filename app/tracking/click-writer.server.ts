import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { onCloseDb } from '../../db/client';
import { onShutdown } from '../lifecycle.server';
import { singleton } from '../singleton.server';
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

export interface ClickWriterOptions {
  /** The database to write to; read at each (re)connect. Default: DATABASE_URL. */
  databaseUrl?: () => string;
  /** How long a click may wait in memory before a flush starts. */
  flushDelayMs?: number;
  /** A flush starts at once when this many clicks are waiting. */
  batchSize?: number;
  /** Most clicks written by one statement. */
  maxBatch?: number;
  /** Most clicks kept in memory while the database is unreachable; older ones are dropped. */
  maxBuffered?: number;
  log?: (line: string) => void;
}

/**
 * Records clicks without making the redirect wait on the database: clicks are buffered in memory
 * and written every few milliseconds with one `COPY … FROM STDIN` per batch, together with the
 * `click_stats_daily` counters, in one transaction, over a connection of the writer's own (so the
 * stream of click batches never waits behind, or holds up, the pool's queries). See
 * docs/decisions/012-click-writer-copy.md for why COPY and why node-postgres here.
 *
 * When the database is unreachable the clicks are kept and retried with backoff; the buffer is
 * bounded, and dropping clicks is logged loudly. A batch whose COPY hits a click that is already
 * stored (a retry after a commit whose acknowledgement was lost) is written again idempotently; a
 * batch the database refuses for its data is written click by click, and only the refused clicks
 * are dropped (logged).
 */
export class ClickWriter {
  private buffer: ClickRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private connection: Promise<pg.Client> | undefined;
  private unregisterClose: (() => void) | undefined;
  private failures = 0;
  dropped = 0;
  written = 0;
  private readonly opts: Required<ClickWriterOptions>;

  constructor(options: ClickWriterOptions = {}) {
    this.opts = {
      databaseUrl: databaseUrlFromEnv,
      flushDelayMs: 20,
      batchSize: 2_000,
      maxBatch: 5_000,
      maxBuffered: 200_000,
      log: (line) => console.error(line),
      ...options,
    };
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Whether clicks are buffered or being written: a click looked up now may not be in the table yet. */
  get unsettled(): boolean {
    return this.buffer.length > 0 || this.flushing !== undefined;
  }

  record(row: ClickRow) {
    this.buffer.push(row);
    if (this.buffer.length > this.opts.maxBuffered) {
      const excess = this.buffer.length - this.opts.maxBuffered;
      this.buffer.splice(0, excess);
      this.dropped += excess;
      this.opts.log(
        `[clicks] DROPPED ${excess} clicks: buffer full (${this.opts.maxBuffered}) while the database is unreachable; ${this.dropped} dropped so far`,
      );
    }
    if (this.flushing) return;
    if (this.buffer.length >= this.opts.batchSize) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      setImmediate(() => void this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushDelayMs);
    }
  }

  /** Writes what is buffered; on failure keeps it and schedules a retry with backoff. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      if (this.buffer.length && !this.timer) {
        const delay = this.failures
          ? Math.min(100 * 2 ** (this.failures - 1), 5_000)
          : this.opts.flushDelayMs;
        this.timer = setTimeout(() => void this.flush(), delay);
      }
    });
    return this.flushing;
  }

  private async drain() {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, this.opts.maxBatch);
      try {
        await this.write(batch);
        if (this.failures) this.opts.log(`[clicks] database reachable again; writing resumed`);
        this.failures = 0;
      } catch (error) {
        this.buffer.unshift(...batch);
        this.failures += 1;
        this.opts.log(
          `[clicks] could not write ${batch.length} clicks (attempt ${this.failures}; ${this.buffer.length} waiting): ${String(error)}`,
        );
        await this.disconnect();
        return;
      }
    }
  }

  private async write(batch: ClickRow[]) {
    const client = await this.connect();
    try {
      await copyClicks(client, batch);
      this.written += batch.length;
      return;
    } catch (error) {
      const code = sqlState(error);
      // Connection trouble and the like: the caller keeps the batch and retries.
      if (code === '23505') {
        // Some of these clicks are stored already (the commit of an earlier attempt went through
        // but its answer was lost): write again, skipping what is there and counting only the rest.
        this.written += await insertClicksIdempotently(client, batch);
        return;
      }
      if (!code?.startsWith('22') && !code?.startsWith('23')) throw error;
    }
    // The database refused the batch for its data: write the clicks one by one, so one bad click
    // cannot hold the others back for ever; only the clicks refused on their own are dropped.
    for (const row of batch) {
      try {
        this.written += await insertClicksIdempotently(client, [row]);
      } catch (error) {
        const code = sqlState(error);
        if (!code?.startsWith('22') && !code?.startsWith('23')) throw error;
        this.dropped += 1;
        this.opts.log(`[clicks] DROPPED click ${row.id}: the database refused it: ${String(error)}`);
      }
    }
  }

  private connect(): Promise<pg.Client> {
    this.connection ??= (async () => {
      const client = new pg.Client({
        connectionString: this.opts.databaseUrl(),
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        application_name: 'offerlink-clicks',
      });
      client.on('error', (error) => {
        // The connection broke while idle: the next flush connects again.
        this.opts.log(`[clicks] database connection lost: ${String(error)}`);
        void this.disconnect();
      });
      await client.connect();
      // closeDb() (shutdown, the end of a test file) closes this connection too.
      this.unregisterClose = onCloseDb(() => this.disconnect());
      return client;
    })();
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  /** Closes the writer's connection (the next flush opens a new one). */
  async disconnect() {
    const connection = this.connection;
    this.connection = undefined;
    this.unregisterClose?.();
    this.unregisterClose = undefined;
    if (!connection) return;
    const client = await connection.catch(() => undefined);
    await client?.end().catch(() => {});
  }

  /** Writes everything buffered, retrying failures; throws if clicks remain after `attempts`. */
  async flushAll({ attempts = 1 }: { attempts?: number } = {}) {
    for (let attempt = 1; ; attempt += 1) {
      if (this.flushing) await this.flushing;
      if (this.buffer.length) await this.flush();
      if (!this.buffer.length) return;
      if (attempt >= attempts) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    throw new Error(`${this.buffer.length} clicks could not be written to the database`);
  }

  /** Writes what is buffered (once) and closes the writer's connection. */
  async close() {
    try {
      await this.flushAll();
    } finally {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      await this.disconnect();
    }
  }
}

function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  return url;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

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

/** A value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value)
    ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c])
    : value;
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

/** One transaction: COPY the clicks, then add them to the per-link, per-UTC-day counters. */
async function copyClicks(client: pg.Client, rows: ClickRow[]) {
  const stats = new Map<string, DayStats>();
  let text = '';
  for (const r of rows) {
    const at = r.createdAt.toISOString();
    const day = at.slice(0, 10);
    const key = r.linkId + day;
    let s = stats.get(key);
    if (!s) {
      s = {
        linkId: r.linkId,
        day,
        brandId: r.brandId,
        offerId: r.offerId,
        memberId: r.memberId,
        clicks: 0,
        unique: 0,
        bots: 0,
      };
      stats.set(key, s);
    }
    if (r.isBot) s.bots += 1;
    else {
      s.clicks += 1;
      if (r.isUnique) s.unique += 1;
    }
    text +=
      `${r.id}\t${r.brandId}\t${r.offerId}\t${r.linkId}\t${r.memberId}\t${at}\t${copyValue(r.ipHash)}\t` +
      `${copyValue(r.userAgent)}\t${copyValue(r.referrer)}\t${copyValue(r.country)}\t${r.device}\t` +
      `${r.isBot ? 't' : 'f'}\t${r.isUnique ? 't' : 'f'}\t${r.attributable ? 't' : 'f'}\t` +
      `${copyValue(r.subs[0])}\t${copyValue(r.subs[1])}\t${copyValue(r.subs[2])}\t` +
      `${copyValue(r.subs[3])}\t${copyValue(r.subs[4])}\n`;
  }
  await transaction(client, async () => {
    const stream = client.query(copyFrom(`copy clicks (${CLICK_COLUMNS}) from stdin`));
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      stream.end(text);
    });
    // Sorted, so that concurrent writers (several processes) lock counter rows in the same order.
    const s = [...stats.values()].sort((a, b) =>
      a.linkId === b.linkId ? (a.day < b.day ? -1 : 1) : a.linkId < b.linkId ? -1 : 1,
    );
    await client.query(
      `insert into click_stats_daily (link_id, day, brand_id, offer_id, member_id, clicks,
                                      unique_clicks, bot_clicks)
       select * from unnest($1::uuid[], $2::date[], $3::uuid[], $4::uuid[], $5::uuid[],
                            $6::int8[], $7::int8[], $8::int8[])
       on conflict (link_id, day) do update set
         clicks = click_stats_daily.clicks + excluded.clicks,
         unique_clicks = click_stats_daily.unique_clicks + excluded.unique_clicks,
         bot_clicks = click_stats_daily.bot_clicks + excluded.bot_clicks`,
      [
        s.map((x) => x.linkId),
        s.map((x) => x.day),
        s.map((x) => x.brandId),
        s.map((x) => x.offerId),
        s.map((x) => x.memberId),
        s.map((x) => x.clicks),
        s.map((x) => x.unique),
        s.map((x) => x.bots),
      ],
    );
  });
}

/**
 * The slow, idempotent way: an INSERT that skips clicks already stored and adds to the counters
 * only what it inserted. Returns how many clicks were new.
 */
async function insertClicksIdempotently(client: pg.Client, rows: ClickRow[]): Promise<number> {
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
 * Runs `work` in a transaction on `client`. Click batches do not wait for the WAL flush at commit:
 * a busy disk then cannot hold clicks back. A crash of PostgreSQL itself (not of Offerlink) may
 * lose the last fraction of a second of clicks, the same exposure as the in-memory buffer.
 * Conversions are written with the default.
 */
async function transaction(client: pg.Client, work: () => Promise<void>) {
  await client.query('begin');
  try {
    await client.query('set local synchronous_commit = off');
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** The process's click writer, shared by the fast path and the Remix route. */
export function clickWriter(): ClickWriter {
  return singleton('tracking:click-writer', () => new ClickWriter());
}

const shutdownHook = singleton('tracking:click-writer-hook', () => ({ registered: false }));

/** Buffers a click for the process's writer (and makes sure shutdown writes it). */
export function recordClick(row: ClickRow) {
  if (!shutdownHook.registered) {
    // server.ts runs shutdown hooks after the HTTP server closes, before the database stops.
    // Hooks run once, so register again after each shutdown (tests start several servers).
    shutdownHook.registered = true;
    onShutdown('clicks', async () => {
      shutdownHook.registered = false;
      await clickWriter().flushAll({ attempts: 5 });
    });
  }
  clickWriter().record(row);
}

/** Writes every buffered click now (tests, shutdown). */
export function flushClicks(): Promise<void> {
  return clickWriter().flushAll();
}
