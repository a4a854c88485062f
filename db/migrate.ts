import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations } from 'graphile-worker';
import { getDb } from './client';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const quietLogger = new Logger(() => () => {});

/**
 * Applies Offerlink's drizzle migrations (to the database of DATABASE_URL) and installs
 * graphile-worker's schema. Idempotent; run at every start.
 */
export async function migrate(connectionString: string): Promise<void> {
  await drizzleMigrate(getDb(), { migrationsFolder });
  await runMigrations({ connectionString, logger: quietLogger });
}
