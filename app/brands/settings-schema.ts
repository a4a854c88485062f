import { z } from 'zod';
import { isTimeZone } from '../reporting/period';
import { allowedOriginsSchema } from './allowed-origins';

/** The Settings page's forms, told apart by `intent`. */
export const settingsActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rotate-postback-token') }),
  z.object({ intent: z.literal('rotate-publishable-key') }),
  allowedOriginsSchema.extend({ intent: z.literal('save-origins') }),
  z.object({
    intent: z.literal('save-time-zone'),
    timeZone: z
      .string({ error: 'Choose a time zone.' })
      .trim()
      .min(1, 'Choose a time zone.')
      .max(64, 'Choose a time zone from the list.')
      .refine(isTimeZone, 'Choose a time zone from the list.'),
  }),
]);
