import type postgres from 'postgres';
import { getDb } from '../../db/client';
import { getConfig } from '../config.server';

/*
 * The monthly partitions of `clicks` (docs/decisions/022-click-partitions-and-retention.md):
 * `clicks_pYYYYMM` holds the clicks of one UTC month; `clicks_default` any click no partition
 * covers, so a click is never refused for its date. Partitions are made ahead (this month and the
 * next two) at every start and by the daily `clicks__maintain_partitions` job; old ones are
 * dropped when CLICK_RETENTION_MONTHS is set, never inside any offer's attribution window.
 */

/** Months made ahead, counting the current one. */
export const MONTHS_AHEAD = 3;
/** Transaction advisory lock: one process at a time changes the partitions. */
const PARTITIONS_LOCK = 7363303;

export function monthStart(date: Date, addMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + addMonths, 1));
}

export function partitionName(month: Date): string {
  return `clicks_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Creates the partition of the UTC month starting at `month` unless it exists. When the default
 * partition already holds clicks of that month (nothing made it in time), the month stays in the
 * default partition, where those clicks are found as well; it is reported, not forced (moving the
 * rows would make them new to the reporting fold). Returns whether it created one.
 */
export async function createClickPartition(
  sql: postgres.TransactionSql | postgres.Sql,
  month: Date,
  log: (line: string) => void = (line) => console.error(line),
): Promise<boolean> {
  const name = partitionName(month);
  const from = month.toISOString();
  const to = monthStart(month, 1).toISOString();
  const [exists] = await sql`select 1 from pg_class where relname = ${name} and relkind = 'r'`;
  if (exists) return false;
  const [stray] = await sql`
    select 1 from clicks_default where created_at >= ${from} and created_at < ${to} limit 1`;
  if (stray) {
    log(`[clicks] ${name} not created: clicks_default holds clicks of that month`);
    return false;
  }
  await sql.unsafe(
    `create table if not exists ${name} partition of clicks for values from ('${from}') to ('${to}')`,
  );
  return true;
}

/** Makes sure this month's partition and the next ones exist. Returns the partitions created. */
export async function ensureClickPartitions(now = new Date()): Promise<string[]> {
  const created: string[] = [];
  await getDb().$client.begin(async (sql) => {
    await sql`select pg_advisory_xact_lock(${PARTITIONS_LOCK})`;
    for (let i = 0; i < MONTHS_AHEAD; i++) {
      const month = monthStart(now, i);
      if (await createClickPartition(sql, month)) created.push(partitionName(month));
    }
  });
  return created;
}

export interface RetentionResult {
  /** The oldest time kept: every click at or after it stays. */
  keepFrom: Date;
  dropped: string[];
  /** Old clicks deleted from the default partition. */
  deletedFromDefault: number;
}

/**
 * Drops the partitions whose whole month ended before `keepFrom`: the start of the month
 * `retentionMonths` before this one, or earlier if an offer's attribution window reaches further
 * back (so attribution never needs a dropped click). Old clicks in the default partition are
 * deleted on the same rule. Counters and conversions are other tables: they are kept.
 */
export async function dropExpiredClickPartitions(
  retentionMonths: number,
  now = new Date(),
): Promise<RetentionResult> {
  return getDb().$client.begin(async (sql) => {
    await sql`select pg_advisory_xact_lock(${PARTITIONS_LOCK})`;
    const [{ days }] = await sql<{ days: number }[]>`
      select coalesce(max(attribution_window_days), 0)::int as days from offers`;
    // One day more than the longest window, so a click on its window's last day is kept.
    const windowStart = new Date(now.getTime() - (days + 1) * 86_400_000);
    const retentionStart = monthStart(now, -retentionMonths);
    const keepFrom = windowStart < retentionStart ? windowStart : retentionStart;
    const partitions = await sql<{ name: string; upper_ms: number | null }[]>`
      select c.relname as name,
             (extract(epoch from (regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                               'TO \\(''([^'']+)''\\)'))[1]::timestamptz) * 1000)::float8 as upper_ms
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'clicks'::regclass and c.relname <> 'clicks_default'`;
    const dropped: string[] = [];
    for (const p of partitions) {
      if (
        p.upper_ms !== null &&
        p.upper_ms <= keepFrom.getTime() &&
        /^clicks_p\d{6}$/.test(p.name)
      ) {
        await sql.unsafe(`drop table ${p.name}`);
        dropped.push(p.name);
      }
    }
    const deleted = await sql`
      delete from clicks_default where created_at < ${keepFrom.toISOString()} returning 1`;
    return { keepFrom, dropped: dropped.sort(), deletedFromDefault: deleted.length };
  });
}

/** The daily job: partitions ahead, then retention when CLICK_RETENTION_MONTHS is set. */
export async function maintainClickPartitions(now = new Date()) {
  const created = await ensureClickPartitions(now);
  const months = getConfig().CLICK_RETENTION_MONTHS;
  const retention = months ? await dropExpiredClickPartitions(months, now) : undefined;
  return { created, retention };
}
