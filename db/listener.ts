import { EventEmitter } from 'node:events';
import pg from 'pg';
import { singleton } from '../lib/singleton.server';
import { directDatabaseUrl, onCloseDb } from './client';

/**
 * The process's one LISTEN connection (docs/decisions/020). Every in-process cache that must hear
 * about changes made by other processes (links, tracking keys) and every wait for another
 * process's writes (fresh clicks) subscribes here, instead of each opening a listener of its own.
 *
 * - One node-postgres connection of its own, straight to PostgreSQL (DIRECT_DATABASE_URL when set:
 *   a LISTEN holds its session, which PgBouncer in transaction mode does not keep), opened on
 *   first use.
 * - When the connection drops it reconnects with backoff (100 ms … 5 s); after every (re)connect
 *   the `reset` handlers run, because notifications sent meanwhile were missed: caches clear.
 * - A watchdog pings its own channel every `watchdogMs`; a ping that has not come back by the next
 *   tick means notifications stopped arriving (a half-open connection): it reconnects.
 */
export type NotificationHandler = (payload: string) => void;

export interface NotificationListenerOptions {
  /**
   * The database to listen on; read at each (re)connect. Default: DIRECT_DATABASE_URL, else
   * DATABASE_URL (a LISTEN needs a session, which a transaction pooler does not keep).
   */
  databaseUrl?: () => string;
  /** How often the watchdog pings (0: never). */
  watchdogMs?: number;
  log?: (line: string) => void;
}

const PING_CHANNEL = 'offerlink_listener_ping';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class NotificationListener {
  /** `listening` after each (re)connect, `lost` when the connection dropped (tests wait on them). */
  readonly events = new EventEmitter();
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly resetHandlers = new Set<() => void>();
  private client: pg.Client | undefined;
  /** Channels LISTENed on the current connection. */
  private listened = new Set<string>();
  private connecting: Promise<boolean> | undefined;
  private readonly pendingListens = new Set<Promise<void>>();
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private pendingPing: string | undefined;
  private failures = 0;
  /** Bumped by close(): a connect that started before it is abandoned. */
  private epoch = 0;
  private unregisterClose: (() => void) | undefined;
  private readonly opts: Required<NotificationListenerOptions>;

  constructor(options: NotificationListenerOptions = {}) {
    this.opts = {
      databaseUrl: directDatabaseUrl,
      watchdogMs: 30_000,
      log: (line) => console.error(line),
      ...options,
    };
    this.events.setMaxListeners(100);
  }

  /** Calls `handler` with each notification's payload on `channel`; returns an unsubscribe. */
  subscribe(channel: string, handler: NotificationHandler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) this.listenOn(this.client, channel);
    }
    set.add(handler);
    this.ensure();
    return () => set.delete(handler);
  }

  /**
   * Calls `handler` after every (re)connect and when listening stops (close): anything may have
   * changed while nobody listened, so a cache must forget what it holds.
   */
  onReset(handler: () => void): () => void {
    this.resetHandlers.add(handler);
    return () => this.resetHandlers.delete(handler);
  }

  /** Whether notifications on `channel` are being received now. Cheap: for hot paths. */
  isListening(channel: string): boolean {
    return this.client !== undefined && this.listened.has(channel);
  }

  /** Connects if not connected (nor connecting, nor waiting to retry). Cheap when connected. */
  ensure(): void {
    if (this.client || this.connecting || this.retryTimer) return;
    this.connect();
  }

  /** Resolves once every subscribed channel is LISTENed (true), or the connection failed (false). */
  async ready(): Promise<boolean> {
    this.ensure();
    for (;;) {
      if (this.connecting) {
        await this.connecting;
        continue;
      }
      if (this.pendingListens.size) {
        await Promise.all(this.pendingListens);
        continue;
      }
      return (
        this.client !== undefined && [...this.handlers.keys()].every((c) => this.listened.has(c))
      );
    }
  }

  private connect() {
    const epoch = this.epoch;
    const attempt = (async () => {
      const client = new pg.Client({
        connectionString: this.opts.databaseUrl(),
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        application_name: 'offerlink-listen',
      });
      client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? ''));
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
        const channels = [PING_CHANNEL, ...this.handlers.keys()];
        await client.query(channels.map((c) => `listen ${quoteIdent(c)}`).join('; '));
        if (epoch !== this.epoch) throw new Error('closed while connecting');
        this.client = client;
        this.listened = new Set(channels);
        // Channels subscribed while the LISTEN above was on its way.
        for (const channel of this.handlers.keys()) {
          if (!this.listened.has(channel)) this.listenOn(client, channel);
        }
        if (this.failures) this.opts.log('[listen] listening again');
        this.failures = 0;
        this.unregisterClose ??= onCloseDb(() => this.close());
        this.startWatchdog(client);
        this.reset();
        this.events.emit('listening');
        return true;
      } catch (error) {
        client.removeAllListeners('end');
        client.on('error', () => {});
        await client.end().catch(() => {});
        if (epoch === this.epoch) this.scheduleRetry(error);
        return false;
      }
    })();
    this.connecting = attempt;
    void attempt.finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
  }

  private listenOn(client: pg.Client, channel: string) {
    const pending = client.query(`listen ${quoteIdent(channel)}`).then(
      () => {
        if (this.client === client) this.listened.add(channel);
      },
      (error: unknown) => this.lost(client, error),
    );
    this.pendingListens.add(pending);
    void pending.finally(() => this.pendingListens.delete(pending));
  }

  private dispatch(channel: string, payload: string) {
    if (channel === PING_CHANNEL) {
      if (payload === this.pendingPing) this.pendingPing = undefined;
      return;
    }
    const set = this.handlers.get(channel);
    if (!set) return;
    for (const handler of set) {
      try {
        handler(payload);
      } catch (error) {
        this.opts.log(`[listen] handler for ${channel} failed: ${String(error)}`);
      }
    }
  }

  private reset() {
    for (const handler of this.resetHandlers) {
      try {
        handler();
      } catch (error) {
        this.opts.log(`[listen] reset handler failed: ${String(error)}`);
      }
    }
  }

  /** The connection broke (or stopped delivering): forget it and connect again. */
  private lost(client: pg.Client, error?: unknown) {
    if (this.client !== client) return;
    this.client = undefined;
    this.listened = new Set();
    this.stopWatchdog();
    client.removeAllListeners('end');
    client.on('error', () => {});
    void client.end().catch(() => {});
    this.events.emit('lost');
    this.scheduleRetry(error ?? new Error('connection ended'));
  }

  private scheduleRetry(error: unknown) {
    if (this.retryTimer) return;
    this.failures += 1;
    const delay = Math.min(100 * 2 ** (this.failures - 1), 5_000);
    this.opts.log(
      `[listen] not listening (attempt ${this.failures}), retrying in ${delay} ms: ${String(error)}`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.ensure();
    }, delay);
    this.retryTimer.unref();
  }

  private startWatchdog(client: pg.Client) {
    this.stopWatchdog();
    if (!this.opts.watchdogMs) return;
    this.watchdog = setInterval(() => {
      if (this.client !== client) return;
      if (this.pendingPing) {
        this.opts.log('[listen] notifications stopped arriving; listening again');
        this.lost(client, new Error('watchdog: ping not delivered'));
        return;
      }
      const ping = Math.random().toString(36).slice(2);
      this.pendingPing = ping;
      client
        .query('select pg_notify($1, $2)', [PING_CHANNEL, ping])
        .catch((error: unknown) => this.lost(client, error));
    }, this.opts.watchdogMs);
    this.watchdog.unref();
  }

  private stopWatchdog() {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.pendingPing = undefined;
  }

  /** For tests: the backend pid of the LISTEN connection (to break it on purpose). */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  /** Stops listening (closeDb() calls this); the next subscribe/ensure connects again. */
  async close(): Promise<void> {
    this.epoch += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopWatchdog();
    this.unregisterClose?.();
    this.unregisterClose = undefined;
    this.failures = 0;
    const client = this.client;
    this.client = undefined;
    this.listened = new Set();
    this.connecting = undefined;
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
    // Nothing is heard from now on: what the caches hold may go stale.
    this.reset();
  }
}

/** The process's LISTEN connection, shared by every cache. */
export function notificationListener(): NotificationListener {
  return singleton('db:listener', () => new NotificationListener());
}
