import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject, expect, test } from 'vitest';
import { createDatabase, dropDatabase, withServer } from '../test/postgres-server';
import { migrate } from './migrate';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const migrationFiles = readdirSync(migrationsDir).filter((name) => name.endsWith('.sql'));

test('several processes migrating a fresh database at once all succeed, each migration once', async () => {
  const serverUrl = inject('pgServerUrl');
  const name = `migrate_race_${process.pid}_${Date.now()}`;
  await createDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => migrate(url.toString())),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    await withServer(url.toString(), async (sql) => {
      const applied = await sql`select hash from drizzle.__drizzle_migrations`;
      expect(applied).toHaveLength(migrationFiles.length);
      const [worker] = await sql`select count(*)::int as n from graphile_worker.migrations`;
      expect(worker.n).toBeGreaterThan(0);
      // Nothing is left holding the lock.
      const locks = await sql`
        select 1 from pg_locks l join pg_database d on d.oid = l.database
        where l.locktype = 'advisory' and d.datname = current_database()`;
      expect(locks).toHaveLength(0);
    });
  } finally {
    await dropDatabase(serverUrl, name);
  }
});

test('partitioning clicks (migration 0008) keeps the clicks already stored', async () => {
  const serverUrl = inject('pgServerUrl');
  const name = `migrate_clicks_${process.pid}_${Date.now()}`;
  await createDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // The migrations before 0008, as an installation that ran them had them.
  const folder = mkdtempSync(path.join(tmpdir(), 'offerlink-migrations-'));
  try {
    cpSync(migrationsDir, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.startsWith('0008_'));
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalFile, JSON.stringify(journal));
    await migrate(url.toString(), { migrationsFolder: folder });
    const lastMonth = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 9),
    );
    await withServer(url.toString(), async (sql) => {
      await sql`
        insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash)
        values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
                gen_random_uuid(), ${lastMonth}, 'h'), (gen_random_uuid(), gen_random_uuid(),
                gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), 'h')`;
    });
    await migrate(url.toString());
    await withServer(url.toString(), async (sql) => {
      const rows = await sql<{ part: string }[]>`
        select tableoid::regclass::text as part from clicks order by created_at`;
      const month = (d: Date) =>
        `clicks_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
      expect(rows.map((r) => r.part)).toEqual([month(lastMonth), month(new Date())]);
      expect(await sql`select 1 from pg_class where relname = 'clicks_unpartitioned'`).toHaveLength(
        0,
      );
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await dropDatabase(serverUrl, name);
  }
});
