import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations } from 'graphile-worker';
import postgres from 'postgres';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const quietLogger = new Logger(() => () => {});

/** Session advisory lock held while migrating (db/seed.ts uses 7363301). */
export const MIGRATION_LOCK = 7363302;

/**
 * Applies Offerlink's drizzle migrations and installs graphile-worker's schema. Idempotent; run at
 * every start. Several processes starting together (web and worker processes) take turns under a
 * PostgreSQL advisory lock: without it they raced to create drizzle's journal and to apply the
 * same migration. `connectionString` must reach PostgreSQL directly, not through a pooler in
 * transaction mode (a session lock needs a session: DIRECT_DATABASE_URL).
 */
export async function migrate(
  connectionString: string,
  options: { migrationsFolder?: string } = {},
): Promise<void> {
  const sql = postgres(connectionString, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'offerlink-migrate' },
  });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await drizzleMigrate(drizzle(sql), {
        migrationsFolder: options.migrationsFolder ?? migrationsFolder,
      });
      await runMigrations({ connectionString, logger: quietLogger });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
