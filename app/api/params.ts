/** Path parameters of the API: ids are UUIDs; anything else is "no such resource" (404). */
import { z } from 'zod';
import type { OwnedKind } from '../brands/owned-rows.server';
import { isUuid } from '../ids';

export const uuidParam = (what: string) =>
  z
    .string()
    .refine((v) => isUuid(v), `Not a ${what} id.`)
    .meta({ description: `The ${what}'s id.`, format: 'uuid' });

export const pathParams = <K extends string>(...names: { name: K; what: string }[]) =>
  z.object(
    Object.fromEntries(names.map(({ name, what }) => [name, uuidParam(what)])) as Record<
      K,
      ReturnType<typeof uuidParam>
    >,
  );

const ID_FILTERS = new WeakMap<z.ZodType, OwnedKind>();

/**
 * A list's filter by one of the brand's rows (`member_id`, `offer_id`…): a value that is not an
 * id is a 400 on the field; an id that is not one of the brand's rows (another brand's, or
 * unknown) a 404 naming the field, checked by the API wrapper before the handler runs
 * (./route.server.ts), so no list answers an empty page for another brand's id (decision 065).
 */
export function idFilter(kind: OwnedKind, description?: string) {
  const schema = z
    .string()
    .refine((v) => isUuid(v), `Not ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} id.`)
    .optional()
    .meta({
      description: `${description ?? `Only those of this ${kind}.`} One of the brand’s ${kind}s: any other id → 404.`,
      format: 'uuid',
    });
  ID_FILTERS.set(schema, kind);
  return schema;
}

/** The id filters among a query schema's fields. */
export function idFiltersOf(query: z.ZodObject | undefined): { name: string; kind: OwnedKind }[] {
  if (!query) return [];
  return Object.entries(query.shape).flatMap(([name, schema]) => {
    const kind = ID_FILTERS.get(schema as z.ZodType);
    return kind ? [{ name, kind }] : [];
  });
}
