import { z } from 'zod';
import { parseAmount } from '../money/money';
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
  z.object({
    intent: z.literal('save-minimum-payout'),
    // Entered like an amount (50.00) and applied to each currency's minor units.
    minimumPayout: z
      .string({ error: 'Enter a minimum payout, like 50.00 (0 for none).' })
      .trim()
      .transform((value, ctx) => {
        const parsed = parseAmount(value === '' ? '0' : value, 'USD', { maxMajor: 1_000_000n });
        if (!parsed.ok) {
          ctx.addIssue({
            code: 'custom',
            message: `${parsed.message} The minimum payout is 0 or more, at most 1,000,000.00.`,
          });
          return z.NEVER;
        }
        return Number(parsed.minor);
      }),
  }),
]);
