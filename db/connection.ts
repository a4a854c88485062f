import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from './embedded';

export interface Database {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

const DATABASE_NAME = 'offerlink';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One running Offerlink per data folder. Returns a release function, or throws a clear error
 * when another process holds the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'offerlink.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `Offerlink is already running (pid ${pid}) with its data in ${path.resolve(dataDir)}.\n` +
          `Stop it first (Ctrl-C in its terminal, or kill ${pid}), or give this one another ` +
          `OFFERLINK_DATA_DIR and PORT. To run web and worker processes side by side, point them ` +
          `all at one PostgreSQL with DATABASE_URL.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
}

/**
 * The database Offerlink uses: DATABASE_URL when set, else the embedded PostgreSQL in
 * `<dataDir>/postgres` (started here, stopped by `stop()`).
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  embeddedPort: number;
  log?: (line: string) => void;
}): Promise<Database> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  // The caller holds the data-folder lock, so a postgres still running there is an orphan of a
  // killed run; startEmbeddedPostgres stops it first.
  const pgDir = path.join(options.dataDir, 'postgres');
  const pg = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: options.embeddedPort,
    log: options.log,
  });
  try {
    await ensureDatabase(pg.url('postgres'), DATABASE_NAME);
  } catch (error) {
    await pg.stop();
    throw error;
  }
  return { url: pg.url(DATABASE_NAME), embedded: true, stop: pg.stop };
}
