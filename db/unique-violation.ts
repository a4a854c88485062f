/**
 * True when a database error (postgres.js, possibly wrapped by drizzle) is a unique violation of
 * the named constraint or index. Uniqueness is decided by the database, so concurrent requests
 * cannot both pass a "does it exist?" check.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (candidate.code === '23505' && candidate.constraint_name === constraint) return true;
    e = candidate.cause;
  }
  return false;
}
