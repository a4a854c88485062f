import { z } from 'zod';
import { endpointUrlSchema } from './endpoint-url';
import { WEBHOOK_EVENT_TYPES } from './event-types';

/** The endpoint form: URL, description, the events it receives (shared by the form and action). */
export const endpointFormSchema = z.object({
  url: endpointUrlSchema,
  description: z
    .string()
    .trim()
    .max(200, 'The description can be at most 200 characters.')
    .optional()
    .transform((v) => v || null),
  eventTypes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.enum(WEBHOOK_EVENT_TYPES, { error: 'Choose events from the list.' }))
      .min(1, 'Choose at least one event.'),
  ),
});
export type EndpointForm = z.output<typeof endpointFormSchema>;
