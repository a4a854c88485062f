/**
 * Opaque cursors for lists whose position is not a creation time (statements by month, a
 * statement's lines oldest first): the module's position text, base64url, checked on the way
 * back so a cursor that is not ours is a 400 like any other bad `starting_after`.
 */
import { ApiProblem } from './problem.server';

export const encodeOpaque = (position: string | null) =>
  position === null ? null : Buffer.from(position).toString('base64url');

export function decodeOpaque(cursor: string | undefined, shape: RegExp): string | null {
  if (cursor === undefined || cursor === '') return null;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!shape.test(text)) {
    throw new ApiProblem('validation', 'starting_after is not a cursor this API gave out.', [
      { field: 'starting_after', message: 'Pass the `next_starting_after` of the previous page.' },
    ]);
  }
  return text;
}
