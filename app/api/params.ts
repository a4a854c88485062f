/** Path parameters of the API: ids are UUIDs; anything else is "no such resource" (404). */
import { z } from 'zod';
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
