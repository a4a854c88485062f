import pg from 'pg';
import { directDatabaseUrl, onCloseDb } from '../../db/client';
import { onShutdown } from '../lifecycle.server';
import { singleton } from '../../lib/singleton.server';
import { ClickBatch, type ClickRow } from './click-batch.server';
import { copyBatch, insertClicksIdempotently } from './click-storage.server';
import { RecentVisitors } from './recent-visitors.server';

export type { ClickRow } from './click-batch.server';

/**
 * NOTIFYed by every process's click writer after each batch it wrote: a conversion waiting for a
 * click made a moment ago, perhaps by another process, looks again then (app/conversions/
 * fresh-click.server.ts) instead of sleeping.
 */
export const CLICKS_WRITTEN_CHANNEL = 'offerlink_clicks_written';

export interface ClickWriterOptions {
  /**
   * The database to write to; read at each (re)connect. Default: DIRECT_DATABASE_URL, else
   * DATABASE_URL (the writer keeps one session for its COPYs and sets `synchronous_commit` at
   * startup, which a transaction pooler would not pass on).
   */
  databaseUrl?: () => string;
  /**
   * How long a click may wait in memory before a flush starts. Bigger batches cost PostgreSQL less
   * per click (docs/decisions/015-click-batches-every-50-ms.md).
   */
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
 * and written 50 ms after a batch's first click (decision 015), with one `COPY … FROM STDIN` per
 * batch in one transaction, over a connection of the writer's own (so the stream of click batches
 * never waits behind, or holds up, the pool's queries). A batch's COPY rows are built as its
 * clicks come in. Figures are folded from `clicks` by the reporting fold (decisions 018, 040). See
 * docs/decisions/012-click-writer-copy.md.
 *
 * When the database is unreachable the clicks are kept and retried with backoff; the buffer is
 * bounded, and dropping clicks is logged loudly. A batch whose COPY hits a click that is already
 * stored (a retry after a commit whose acknowledgement was lost) is written again idempotently; a
 * batch the database refuses for its data is written click by click, and only the refused clicks
 * are dropped (logged).
 */
export class ClickWriter {
  /** Batches waiting to be written, oldest first; the last one takes new clicks. */
  private batches: ClickBatch[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private connection: Promise<pg.Client> | undefined;
  private unregisterClose: (() => void) | undefined;
  private failures = 0;
  /** The visitors this writer's committed batches upserted lately (decision 039). */
  private readonly recentVisitors = new RecentVisitors();
  dropped = 0;
  written = 0;
  private readonly opts: Required<ClickWriterOptions>;

  constructor(options: ClickWriterOptions = {}) {
    this.opts = {
      databaseUrl: directDatabaseUrl,
      flushDelayMs: 50,
      batchSize: 5_000,
      maxBatch: 10_000,
      maxBuffered: 200_000,
      log: (line) => console.error(line),
      ...options,
    };
  }

  /** Clicks waiting to be written (not counting a batch being written now). */
  get pending(): number {
    return this.queued;
  }

  /** Whether clicks are buffered or being written: a click looked up now may not be in the table yet. */
  get unsettled(): boolean {
    return this.queued > 0 || this.flushing !== undefined;
  }

  record(row: ClickRow) {
    let batch = this.batches.at(-1);
    if (!batch || batch.size >= this.opts.maxBatch) {
      batch = new ClickBatch();
      this.batches.push(batch);
    }
    batch.add(row);
    this.queued += 1;
    if (this.queued > this.opts.maxBuffered) this.dropOldest(this.queued - this.opts.maxBuffered);
    if (this.flushing) return;
    if (this.queued >= this.opts.batchSize) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      setImmediate(() => void this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.flushDelayMs);
    }
  }

  private dropOldest(excess: number) {
    let left = excess;
    while (left > 0 && this.batches.length) {
      const oldest = this.batches[0];
      if (this.batches.length > 1) {
        // A whole batch at once: cutting clicks out of a batch means decoding it, far too slow to
        // do for every click that arrives while the database is down.
        left -= oldest.size;
        this.batches.shift();
        oldest.release();
      } else {
        left -= oldest.dropOldest(left).length;
        if (oldest.size === 0) this.batches.shift();
      }
    }
    this.queued -= excess - left;
    this.dropped += excess - left;
    this.opts.log(
      `[clicks] DROPPED ${excess - left} clicks: buffer full (${this.opts.maxBuffered}) while the database is unreachable; ${this.dropped} dropped so far`,
    );
  }

  /**
   * Writes the batches buffered now (clicks arriving meanwhile wait for the next flush, so that
   * batches grow with the load instead of being written back to back); on failure keeps them and
   * schedules a retry with backoff.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing ??= this.drain(this.take()).finally(() => {
      this.flushing = undefined;
      if (this.timer) return;
      if (this.failures) {
        if (!this.queued) return;
        const backoff = Math.min(100 * 2 ** (this.failures - 1), 5_000);
        this.timer = setTimeout(() => void this.flush(), backoff);
        return;
      }
      if (!this.queued) return;
      if (this.queued >= this.opts.batchSize) {
        setImmediate(() => void this.flush());
      } else {
        this.timer = setTimeout(() => void this.flush(), this.opts.flushDelayMs);
      }
    });
    return this.flushing;
  }

  /** Takes every buffered batch for writing; new clicks start a new batch. */
  private take(): ClickBatch[] {
    this.queued = 0;
    return this.batches.splice(0);
  }

  private async drain(work: ClickBatch[]) {
    for (let i = 0; i < work.length; i += 1) {
      const batch = work[i];
      if (!batch.size) continue;
      try {
        await this.write(batch);
        batch.release();
        if (this.failures) this.opts.log(`[clicks] database reachable again; writing resumed`);
        this.failures = 0;
      } catch (error) {
        // Keep this batch and the ones after it, ahead of the clicks that came meanwhile.
        const kept = work.slice(i);
        this.batches.unshift(...kept);
        for (const k of kept) this.queued += k.size;
        this.failures += 1;
        this.opts.log(
          `[clicks] could not write ${batch.size} clicks (attempt ${this.failures}; ${this.queued} waiting): ${String(error)}`,
        );
        await this.disconnect();
        return;
      }
    }
  }

  private async write(batch: ClickBatch) {
    const client = await this.connect();
    // The usual way NOTIFYs in the batch's own transaction; the slow ways announce afterwards.
    if (await this.writeBatch(client, batch)) return;
    // Queued on the writer's connection, not awaited: the next batch need not wait for it.
    client.query(ANNOUNCE).catch(() => {});
  }

  /** Writes a batch; true when it went the usual way (one COPY, announced in its transaction). */
  private async writeBatch(client: pg.Client, batch: ClickBatch): Promise<boolean> {
    try {
      const upserted = await copyBatch(client, batch, {
        notifyChannel: CLICKS_WRITTEN_CHANNEL,
        recent: this.recentVisitors,
      });
      this.recentVisitors.remember(upserted);
      this.written += batch.size;
      return true;
    } catch (error) {
      const code = sqlState(error);
      if (code === '23505') {
        // Some of these clicks are stored already (the commit of an earlier attempt went through
        // but its answer was lost): write again, skipping what is there.
        this.written += await insertClicksIdempotently(client, batch.rows());
        return false;
      }
      // Connection trouble and the like: the caller keeps the batch and retries.
      if (!isDataError(code)) throw error;
    }
    // The database refused the batch for its data: write the clicks one by one, so one bad click
    // cannot hold the others back for ever; only the clicks refused on their own are dropped.
    for (const row of batch.rows()) {
      try {
        this.written += await insertClicksIdempotently(client, [row]);
      } catch (error) {
        if (!isDataError(sqlState(error))) throw error;
        this.dropped += 1;
        this.opts.log(
          `[clicks] DROPPED click ${row.id}: the database refused it: ${String(error)}`,
        );
      }
    }
    return false;
  }

  private connect(): Promise<pg.Client> {
    this.connection ??= (async () => {
      const client = new pg.Client({
        connectionString: this.opts.databaseUrl(),
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        application_name: 'offerlink-clicks',
        // Click batches do not wait for the WAL flush at commit (see transaction() in
        // click-storage.server.ts); this connection writes nothing else.
        options: '-c synchronous_commit=off',
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

  /**
   * Writes the clicks buffered now; clicks recorded meanwhile wait for their own flush, so this
   * ends however busy the redirect is. Never throws: clicks that could not be written stay
   * buffered and are retried.
   */
  async settle(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.queued) await this.flush();
  }

  /**
   * Writes everything buffered, including clicks recorded while it runs, retrying failures; throws if clicks remain after `attempts`. For shutdown (after the HTTP
   * server closed) and tests: under steady traffic it would keep going.
   */
  async flushAll({ attempts = 1 }: { attempts?: number } = {}) {
    for (let attempt = 1; ;) {
      if (this.flushing) await this.flushing;
      if (this.queued) await this.flush();
      if (!this.queued) return;
      // Clicks recorded while that flush ran (it writes only what was buffered when it started)
      // are not a failure: write them too.
      if (!this.failures) continue;
      if (attempt >= attempts) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      attempt += 1;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    throw new Error(`${this.queued} clicks could not be written to the database`);
  }
}

const ANNOUNCE = `select pg_notify('${CLICKS_WRITTEN_CHANNEL}', '')`;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Data exceptions (class 22) and integrity violations (class 23): retrying cannot help. */
function isDataError(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
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

/** Writes the clicks buffered at this moment (a conversion looking for a click just made). */
export function settleClicks(): Promise<void> {
  return clickWriter().settle();
}
