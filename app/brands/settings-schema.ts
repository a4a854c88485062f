import { z } from 'zod';
import { allowedOriginsSchema } from './allowed-origins';

/** The Settings page's forms, told apart by `intent`. */
export const settingsActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rotate-postback-token') }),
  z.object({ intent: z.literal('rotate-publishable-key') }),
  allowedOriginsSchema.extend({ intent: z.literal('save-origins') }),
]);
