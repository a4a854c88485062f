/**
 * The e2e server's database, for specs that check what a page shows against the rows themselves
 * (e2e/server.ts writes its address to a file named by the server's port).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function databaseUrlFile(port: number): string {
  return path.join(root, '.data', `e2e-database-${port}.url`);
}

/** The running e2e server's database address (for another process on the same database). */
export function e2eDatabaseUrl(): string {
  return readFileSync(databaseUrlFile(Number(process.env.E2E_PORT ?? 3210)), 'utf8');
}

/** A client of the running e2e server's database; end it when done. */
export function e2eDatabase(): postgres.Sql {
  return postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
}
