/**
 * What every benchmark script starts with: its options, and a fresh, migrated database of its own
 * on DATABASE_URL's server when set (a throw-away database is created there), else on an embedded
 * PostgreSQL in .data/. DATABASE_URL is pointed at it, so app modules imported afterwards use it.
 */
import { createDatabase, dropDatabase, startTestPostgres } from '../test/postgres-server';

/** The value of `--name value` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? process.argv[i + 1] : fallback;
}

export interface BenchDatabase {
  url: string;
  /** Drops the database and stops the embedded server (if one was started). */
  drop: () => Promise<void>;
}

export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const pg = await startTestPostgres(`bench-${label}`);
  const serverUrl = pg.url('postgres');
  const name = `bench_${label.replace(/\W/g, '_')}_${process.pid}`;
  await dropDatabase(serverUrl, name);
  await createDatabase(serverUrl, name);
  const url = pg.url(name);
  process.env.DATABASE_URL = url;
  const { migrate } = await import('../db/migrate');
  await migrate(url);
  return {
    url,
    drop: async () => {
      await dropDatabase(serverUrl, name).catch(() => {});
      await pg.stop();
    },
  };
}
