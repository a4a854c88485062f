/**
 * Cursor paging of the API's lists: newest first (created time, then id), `limit` 1–100
 * (default 25), `starting_after` = the previous page's `next_starting_after`, an opaque cursor
 * (base64url of the last row's exact time and id: app/paging/keyset.server.ts).
 */
import { z } from 'zod';
import { decodePosition, encodePosition, type KeysetPosition } from '../paging/keyset.server';
import { ApiProblem } from './problem.server';

export const API_PAGE_MAX = 100;
export const API_PAGE_DEFAULT = 25;

export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int('limit is a whole number.')
    .min(1, `limit is 1 to ${API_PAGE_MAX}.`)
    .max(API_PAGE_MAX, `limit is 1 to ${API_PAGE_MAX}.`)
    .default(API_PAGE_DEFAULT)
    .meta({ description: `How many items (1–${API_PAGE_MAX}).` }),
  starting_after: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'The `next_starting_after` of the previous page.' }),
});

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(encodePosition(position)).toString('base64url');
}

/** The position a cursor names; a 400 problem for anything else. */
export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined || cursor === '') return null;
  const position = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? decodePosition(Buffer.from(cursor, 'base64url').toString())
    : null;
  if (!position) {
    throw new ApiProblem('validation', 'starting_after is not a cursor this API gave out.', [
      { field: 'starting_after', message: 'Pass the `next_starting_after` of the previous page.' },
    ]);
  }
  return position;
}

/**
 * A page from `limit + 1` rows fetched in the list's order: the first `limit`, whether there are
 * more, and the next page's cursor (`cursorOf` the last row shown).
 */
export function listPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => string | null,
) {
  const hasMore = rows.length > limit;
  const shown = rows.slice(0, limit);
  return {
    object: 'list' as const,
    data: shown.map(toItem),
    has_more: hasMore,
    next_starting_after: hasMore && shown.length ? cursorOf(shown[shown.length - 1]) : null,
  };
}

/** `listPage` of rows fetched newest first, by their keyset position. */
export function pageOf<Row extends { position: KeysetPosition }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
) {
  return listPage(rows, limit, toItem, (row) => encodeCursor(row.position));
}
