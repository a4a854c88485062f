const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value can be a row id (a UUID). Ids come from URLs, forms and merchants' postbacks;
 * anything else cannot name a row, is treated like another brand's id, and must never reach a
 * uuid column (PostgreSQL would answer with an error instead of "not found").
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
