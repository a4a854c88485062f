import { z } from 'zod';
import { emailField } from '../auth/schemas';

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
