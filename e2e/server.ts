/**
 * The server Playwright starts: the production build against a fresh database that is removed on
 * exit (an embedded PostgreSQL in .data/e2e-<pid>, or a new database on DATABASE_URL's server).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, dropDatabase, freePort, startTestPostgres } from '../test/postgres-server';
import { databaseUrlFile } from './database';

const pg = await startTestPostgres('e2e');
const database = `offerlink_e2e_${process.pid}`;
await dropDatabase(pg.url(), database);
await createDatabase(pg.url(), database);
process.env.DATABASE_URL = pg.url(database);
process.env.NODE_ENV = 'production';
process.env.SEED_DEMO ??= '1';
process.env.EMBEDDED_PG_PORT ??= String(await freePort());
// As behind one load balancer: tests can name the client address in X-Forwarded-For.
process.env.TRUST_PROXY ??= '1';

// The specs' webhook receivers listen on this machine, which production refuses (decision 051).
process.env.WEBHOOK_ALLOW_PRIVATE_URLS ??= '1';

const port = Number(process.env.E2E_PORT ?? 3210);
// Links shown in the portal must be reachable from the test browser, where `localhost` may not
// resolve (Debian's Chromium here): publish the address itself.
process.env.PUBLIC_URL ??= `http://127.0.0.1:${port}`;

// Specs that compare pages with the database read its address here (e2e/database.ts).
mkdirSync(path.dirname(databaseUrlFile(port)), { recursive: true });
writeFileSync(databaseUrlFile(port), process.env.DATABASE_URL);

const { startServer } = await import('../server');
const running = await startServer({ port, host: '127.0.0.1' });
console.log(`e2e server at ${running.url}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await running.stop();
  rmSync(databaseUrlFile(port), { force: true });
  await dropDatabase(pg.url(), database).catch(() => {});
  await pg.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
