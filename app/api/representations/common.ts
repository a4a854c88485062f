/**
 * Building blocks of the API's JSON (docs/decisions/045-api-representations.md): snake_case
 * fields, ids as strings, timestamps as ISO 8601 UTC strings, money as integer minor units beside
 * its ISO 4217 `currency`. Each schema is registered for OpenAPI by its `.meta({ id })`.
 */
import 'zod-openapi';
import { z } from 'zod';

export const id = (what: string) =>
  z
    .string()
    .meta({ description: `The ${what}'s id.`, example: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10' });

export const timestamp = (description: string) =>
  z.string().meta({ description, format: 'date-time', example: '2026-12-05T08:30:00.000Z' });

export const nullableTimestamp = (description: string) => timestamp(description).nullable();

export const currency = z
  .string()
  .meta({ description: 'ISO 4217 currency code.', example: 'USD', id: 'Currency' });

/** Integer minor units (cents for USD, yen for JPY). */
export const minorUnits = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description} In minor units of \`currency\`.`, example: 1999 });

export const moneyAmounts = z
  .array(z.object({ currency, amount: z.number().int().meta({ description: 'Minor units.' }) }))
  .meta({
    id: 'MoneyAmounts',
    description: 'An amount per currency (one entry per currency that has any), in minor units.',
  });

export function toIso(date: Date): string;
export function toIso(date: Date | null): string | null;
export function toIso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function toMoneyAmounts(byCurrency: Record<string, number>) {
  return Object.entries(byCurrency)
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, amount]) => ({ currency: c, amount }));
}

/** A page of a list: newest first; `next_starting_after` is the opaque cursor of the next page. */
export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean().meta({ description: 'Whether a next page exists.' }),
      next_starting_after: z.string().nullable().meta({
        description:
          'Pass as `starting_after` to get the next page; null on the last page. Opaque: do not parse it.',
      }),
    })
    .meta({ id });
}
