import type postgres from 'postgres';
import { getDb } from '../../db/client';
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
  client?: () => postgres.Sql;
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
 * and written every few milliseconds by one multi-row INSERT (arrays `unnest`ed: 19 parameters,
 * whatever the batch size) together with the `click_stats_daily` counters, in one transaction.
 * When the database is unreachable the clicks are kept and retried with backoff; the buffer is
 * bounded, and dropping clicks is logged loudly.
 */
export class ClickWriter {
  private buffer: ClickRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  dropped = 0;
  written = 0;
  private readonly opts: Required<ClickWriterOptions>;

  constructor(options: ClickWriterOptions = {}) {
    this.opts = {
      client: () => getDb().$client,
      flushDelayMs: 20,
      batchSize: 1_000,
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
        await writeClicks(this.opts.client(), batch);
        this.written += batch.length;
        if (this.failures) this.opts.log(`[clicks] database reachable again; writing resumed`);
        this.failures = 0;
      } catch (error) {
        this.buffer.unshift(...batch);
        this.failures += 1;
        this.opts.log(
          `[clicks] could not write ${batch.length} clicks (attempt ${this.failures}; ${this.buffer.length} waiting): ${String(error)}`,
        );
        return;
      }
    }
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
}

async function writeClicks(sql: postgres.Sql, rows: ClickRow[]) {
  const n = rows.length;
  const col = <T>(pick: (row: ClickRow) => T) => {
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i += 1) out[i] = pick(rows[i]);
    return out;
  };
  // Per-link, per-UTC-day counters; sorted so concurrent writers lock rows in the same order.
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
  const stats = new Map<string, DayStats>();
  for (const row of rows) {
    const day = row.createdAt.toISOString().slice(0, 10);
    const key = `${row.linkId}|${day}`;
    let s = stats.get(key);
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
      stats.set(key, s);
    }
    if (row.isBot) s.bots += 1;
    else {
      s.clicks += 1;
      if (row.isUnique) s.unique += 1;
    }
  }
  const s = [...stats.values()].sort((a, b) =>
    a.linkId === b.linkId ? (a.day < b.day ? -1 : 1) : a.linkId < b.linkId ? -1 : 1,
  );
  const array = (values: unknown[]) => sql.array(values as never[]) as unknown as string;
  await sql.begin(async (tx) => {
    // Do not wait for the WAL flush at commit: a busy disk then cannot hold clicks back. A crash
    // of PostgreSQL itself (not of Offerlink) may lose the last fraction of a second of clicks,
    // the same exposure as the in-memory buffer. Conversions are written with the default.
    await tx`set local synchronous_commit = off`;
    await tx`
      insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash,
                          user_agent, referrer, country, device, is_bot, is_unique, attributable,
                          sub1, sub2, sub3, sub4, sub5)
      select * from unnest(
        ${array(col((r) => r.id))}::uuid[], ${array(col((r) => r.brandId))}::uuid[],
        ${array(col((r) => r.offerId))}::uuid[], ${array(col((r) => r.linkId))}::uuid[],
        ${array(col((r) => r.memberId))}::uuid[],
        ${array(col((r) => r.createdAt.toISOString()))}::timestamptz[],
        ${array(col((r) => r.ipHash))}::text[], ${array(col((r) => r.userAgent))}::text[],
        ${array(col((r) => r.referrer))}::text[], ${array(col((r) => r.country))}::text[],
        ${array(col((r) => r.device))}::device_class[], ${array(col((r) => r.isBot))}::bool[],
        ${array(col((r) => r.isUnique))}::bool[], ${array(col((r) => r.attributable))}::bool[],
        ${array(col((r) => r.subs[0]))}::text[], ${array(col((r) => r.subs[1]))}::text[],
        ${array(col((r) => r.subs[2]))}::text[], ${array(col((r) => r.subs[3]))}::text[],
        ${array(col((r) => r.subs[4]))}::text[])
      on conflict (id) do nothing`;
    await tx`
      insert into click_stats_daily (link_id, day, brand_id, offer_id, member_id, clicks,
                                     unique_clicks, bot_clicks)
      select * from unnest(
        ${array(s.map((x) => x.linkId))}::uuid[], ${array(s.map((x) => x.day))}::date[],
        ${array(s.map((x) => x.brandId))}::uuid[], ${array(s.map((x) => x.offerId))}::uuid[],
        ${array(s.map((x) => x.memberId))}::uuid[], ${array(s.map((x) => x.clicks))}::int8[],
        ${array(s.map((x) => x.unique))}::int8[], ${array(s.map((x) => x.bots))}::int8[])
      on conflict (link_id, day) do update set
        clicks = click_stats_daily.clicks + excluded.clicks,
        unique_clicks = click_stats_daily.unique_clicks + excluded.unique_clicks,
        bot_clicks = click_stats_daily.bot_clicks + excluded.bot_clicks`;
  });
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
