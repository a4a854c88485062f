import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { forgetSingleton, singleton } from '../lib/singleton.server';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction handle, or the database itself, for functions that work in either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set (server.ts sets it after starting the database).');
  }
  return url;
}

/**
 * The database reached directly, not through a pooler: DIRECT_DATABASE_URL, else DATABASE_URL.
 * What needs a session of its own goes here: migrations (an advisory lock), LISTEN (the caches'
 * invalidations: db/listener.ts, the process's one LISTEN connection), graphile-worker (LISTEN, session locks) and the click writer (a long-lived
 * COPY connection). See the README's "Running more than one process".
 */
export function directDatabaseUrl(): string {
  return process.env.DIRECT_DATABASE_URL || databaseUrl();
}

/** Whether DATABASE_URL is a pooler in transaction mode (PgBouncer), DIRECT_DATABASE_URL the server. */
export function behindPooler(): boolean {
  return directDatabaseUrl() !== databaseUrl();
}

function connect(): Db {
  const pooled = behindPooler();
  const client = postgres(databaseUrl(), {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    // application_name is a startup parameter PgBouncer understands; nothing else is sent at
    // startup (PgBouncer refuses unknown ones such as `options`).
    connection: { application_name: 'offerlink' },
    // A pooler in transaction mode hands each transaction another server connection, where a
    // statement prepared on the last one does not exist (PgBouncer before 1.21).
    prepare: !pooled,
  });
  return drizzle(client, { schema }) as Db;
}

/** The one database client of the process, created on first use from DATABASE_URL. */
export function getDb(): Db {
  return singleton('db', connect);
}

/**
 * `db` is the shared client; it connects lazily so that importing a module never needs the
 * database to be up (server.ts starts the embedded database first, then sets DATABASE_URL).
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = getDb();
    const value = Reflect.get(real, property, real);
    // Methods (on the prototype) are bound to the real client; own function-valued properties
    // such as `$client` (postgres.js's sql, with `.listen`, `.end`…) are returned as they are.
    return typeof value === 'function' && !Object.prototype.hasOwnProperty.call(real, property)
      ? value.bind(real)
      : value;
  },
});

/**
 * Connections opened outside the pool (the click writer's own) register how to close them here,
 * so that closing the database closes them too (they may connect again later).
 */
const closeHooks = singleton('db:close-hooks', () => new Set<() => Promise<void>>());

/** Registers `close` to run on closeDb(); returns a function that unregisters it. */
export function onCloseDb(close: () => Promise<void>): () => void {
  closeHooks.add(close);
  return () => closeHooks.delete(close);
}

export async function closeDb(): Promise<void> {
  for (const close of [...closeHooks]) await close();
  const store = globalThis as unknown as { __offerlink?: Map<string, unknown> };
  const existing = store.__offerlink?.get('db') as Db | undefined;
  if (existing) {
    forgetSingleton('db');
    await existing.$client.end({ timeout: 5 });
  }
}
