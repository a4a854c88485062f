import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { db } from './client';

const dialect = new PgDialect();

/**
 * Runs a query through a server-side cursor and yields its rows `batchSize` at a time, so a
 * result of any size is never held in memory at once. The query is written with drizzle's `sql`
 * (parameters stay parameters); rows come as postgres.js returns them: column names as written
 * in the query (alias them), int8 as strings. Leaving the loop early (or `return()` on the
 * iterator) closes the cursor and gives the connection back.
 */
export function cursor<Row>(query: SQL, batchSize = 500): AsyncIterable<Row[]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return db.$client.unsafe(sql, params as never[]).cursor(batchSize) as AsyncIterable<Row[]>;
}
