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

test('per-currency minimums and payouts (migration 0026) keep what each brand had', async () => {
  const serverUrl = inject('pgServerUrl');
  const name = `migrate_minimums_${process.pid}_${Date.now()}`;
  await createDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const folder = mkdtempSync(path.join(tmpdir(), 'offerlink-migrations-'));
  try {
    cpSync(migrationsDir, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((e) => e.tag.startsWith('0026_')),
    );
    writeFileSync(journalFile, JSON.stringify(journal));
    await migrate(url.toString(), { migrationsFolder: folder });
    // A brand with "50.00" (5,000 minor units in every currency), a yen statement paid and a
    // dollar one due; a brand without a minimum.
    await withServer(url.toString(), async (sql) => {
      await sql`
        insert into brands (id, name, postback_token, publishable_key, minimum_payout_minor)
        values ('00000000-0000-4000-8000-000000000001', 'Glow', 't1', 'k1', 5000),
               ('00000000-0000-4000-8000-000000000002', 'Free', 't2', 'k2', 0)`;
      await sql`
        insert into members (id, brand_id, name, email)
        values ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001',
                'Ann', 'ann@example.com')`;
      await sql`
        insert into statements (id, brand_id, member_id, period_start, period_end, currency,
                                amount_minor, status, paid_on, payment_method, paid_at)
        values ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000001',
                '00000000-0000-4000-8000-0000000000a1', '2026-10-01', '2026-10-31', 'JPY', 7000,
                'paid', '2026-11-02', 'paypal', now()),
               ('00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-000000000001',
                '00000000-0000-4000-8000-0000000000a1', '2026-11-01', '2026-11-30', 'USD', 6000,
                'open', null, null, null)`;
    });
    await migrate(url.toString());
    await withServer(url.toString(), async (sql) => {
      const minimums = await sql`
        select brand_id::text, currency, minimum_minor::int from minimum_payouts
         order by brand_id, currency`;
      expect(minimums.map((m) => [m.brand_id.slice(-1), m.currency, m.minimum_minor])).toEqual([
        ['1', 'JPY', 5000],
        ['1', 'USD', 5000],
      ]);
      const payouts = await sql`select id::text, amount_minor::int, statement_count from payouts`;
      expect(payouts.map((p) => [p.id, p.amount_minor, p.statement_count])).toEqual([
        ['00000000-0000-4000-8000-0000000000b1', 7000, 1],
      ]);
      const statements = await sql`
        select id::text, payout_id::text, status::text from statements order by id`;
      expect(statements.map((s) => [s.payout_id, s.status])).toEqual([
        ['00000000-0000-4000-8000-0000000000b1', 'paid'],
        [null, 'open'],
      ]);
      // Paid money is still guarded.
      await expect(
        sql`update statements set amount_minor = 1
             where id = '00000000-0000-4000-8000-0000000000b1'`,
      ).rejects.toThrow(/is paid/);
      await expect(sql`update payouts set amount_minor = 1`).rejects.toThrow(
        /can no longer change/,
      );
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await dropDatabase(serverUrl, name);
  }
});
