import { z } from 'zod';

export const PROJECT_NAME_MAX = 120;
/** How many members a project page lists (the members list filtered by project shows all). */
export const PROJECT_MEMBERS_LIMIT = 200;

export const projectName = z
  .string({ error: 'Enter a project name.' })
  .trim()
  .min(1, 'Enter a project name.')
  .max(PROJECT_NAME_MAX, `A project name is at most ${PROJECT_NAME_MAX} characters.`);

export const projectFormSchema = z.object({ name: projectName });

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.uuid('Choose members from the list.')))
  .transform((list) => [...new Set(list)]);

/** The project page's forms, told apart by `intent`. */
export const projectActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rename'), name: projectName }),
  z.object({ intent: z.literal('delete') }),
  z.object({
    intent: z.literal('assign'),
    memberIds: ids.refine((list) => list.length > 0, 'Select at least one member to add.'),
  }),
  z.object({ intent: z.literal('unassign'), memberId: z.uuid() }),
]);
