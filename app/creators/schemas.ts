import { z } from 'zod';
import { emailField } from '../auth/schemas';
import { periodFields, PRESETS, refinePeriod } from '../reporting/period';

/** Links a creator may have on one offer (their main link and the deep links they built). */
export const MAX_CREATOR_LINKS_PER_OFFER = 100;
export const LINK_LABEL_MAX = 60;

/** The deep-link builder's label (the page address is checked by `validateDeepLink`). */
export const creatorLinkSchema = z.object({
  label: z
    .string({ error: 'Give the link a label, like “Instagram bio”.' })
    .trim()
    .min(1, 'Give the link a label, like “Instagram bio”.')
    .max(LINK_LABEL_MAX, `A label is at most ${LINK_LABEL_MAX} characters.`),
});

/** "Email me a sign-in link". */
export const signInLinkRequestSchema = z.object({ email: emailField });

/** The periods a creator's dashboard offers (the brand's reports have a few more). */
export const CREATOR_PRESET_IDS = ['7d', '30d', '90d', 'this_month', 'custom'] as const;
export const CREATOR_PRESETS = PRESETS.filter((p) =>
  (CREATOR_PRESET_IDS as readonly string[]).includes(p.id),
);

/** The dashboard's query string: a preset period, or custom days (brand's time zone). */
export const creatorPeriodQuerySchema = z
  .object({ ...periodFields, period: z.enum(CREATOR_PRESET_IDS).default('30d') })
  .superRefine(refinePeriod);

export type CreatorPeriodQuery = z.output<typeof creatorPeriodQuerySchema>;
