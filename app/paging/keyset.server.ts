/**
 * Keyset page positions on a timestamp and an id ("the last row's time and id"), for lists that
 * page by a cursor instead of an offset (the brand's conversions, the creator's conversions and
 * statement lines). The time is kept to the microsecond: a JavaScript Date keeps milliseconds
 * only, and a position cut to them would skip the rows of the same millisecond beyond it.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isUuid } from '../ids';

/** A timestamp as UTC text to the microsecond, which PostgreSQL reads back as the same instant. */
export const exactTimeSql = (column: SQL | AnyColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export interface KeysetPosition {
  /** The row's time as `exactTimeSql` wrote it. */
  at: string;
  id: string;
}

/** The `after` parameter of the next page, from its previous page's last row. */
export function encodePosition(row: KeysetPosition): string {
  return `${row.at}_${row.id}`;
}

/** The position an `after` parameter names; null for none or anything else than a position. */
export function decodePosition(after: string | null | undefined): KeysetPosition | null {
  if (!after) return null;
  const [at, id] = after.split('_');
  if (!at || !EXACT_TIME.test(at) || !isUuid(id)) return null;
  return { at, id };
}

/**
 * The rows after `position` in a newest-first list (time desc, id desc). Written as two
 * conditions, not a row comparison: the first alone bounds the index's time range, so the scan
 * starts at the position instead of filtering every newer row away (bench/dashboard, page 500);
 * the second breaks ties on the time (a postback batch's rows share their INSERT's now()).
 */
export function olderThanSql(
  time: SQL | AnyColumn,
  id: SQL | AnyColumn,
  position: KeysetPosition,
): SQL[] {
  return [
    sql`${time} <= ${position.at}::timestamptz`,
    sql`(${time} < ${position.at}::timestamptz or ${id} < ${position.id}::uuid)`,
  ];
}
