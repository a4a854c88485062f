import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject, expect, test } from 'vitest';
import { createDatabase, dropDatabase, withServer } from '../test/postgres-server';
import { migrate } from './migrate';

const migrationFiles = readdirSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
).filter((name) => name.endsWith('.sql'));

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
