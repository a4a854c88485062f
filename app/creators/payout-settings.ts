import { z } from 'zod';

/** A creator's payout settings: where PayPal payouts go, and whether to be emailed when paid. */
export const payoutSettingsSchema = z.object({
  payoutEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'An email address is at most 254 characters.')
    .pipe(
      z.union([
        z.literal(''),
        z.email({
          error: 'Enter the email address of your PayPal account, like name@example.com.',
        }),
      ]),
    )
    .transform((v) => (v === '' ? null : v)),
  notifyPaid: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
});
export type PayoutSettings = z.output<typeof payoutSettingsSchema>;
