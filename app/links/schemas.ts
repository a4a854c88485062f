import { z } from 'zod';

/**
 * The Add Members form: repeated `memberId` checkboxes, and per selected member `payout.<id>` and
 * `deepLink.<id>`. Turned into one selection per member.
 */
export const generateLinksSchema = z
  .record(z.string(), z.unknown())
  .transform((form) => {
    const raw = form.memberId;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    const selected = new Set(ids);
    // Codes typed in rows that are not selected: refused, rather than dropped without a word.
    const strayCodes = Object.keys(form)
      .filter((k) => k.startsWith('code.') && stringOrNull(form[k]) !== null)
      .map((k) => k.slice('code.'.length))
      .filter((memberId) => !selected.has(memberId));
    return {
      selections: ids.map((memberId) => ({
        memberId,
        payoutOptionId: stringOrNull(form[`payout.${memberId}`]),
        deepLink: stringOrNull(form[`deepLink.${memberId}`]),
        code: stringOrNull(form[`code.${memberId}`]),
      })),
      codesFromTemplate: form.codesFromTemplate === 'on',
      codeTemplate: stringOrNull(form.codeTemplate),
      promoDiscount: stringOrNull(form.promoDiscount),
      strayCodes,
    };
  })
  .pipe(
    z.object({
      selections: z
        .array(
          z.object({
            // Ids are checked against the brand and the offer by generateLinks, per row.
            memberId: z.string().max(64),
            payoutOptionId: z.string().max(64).nullable(),
            deepLink: z.string().max(2000, 'A deep link is at most 2,000 characters.').nullable(),
            code: z.string().max(200, 'A promo code is at most 32 characters.').nullable(),
          }),
        )
        .min(1, 'Select at least one member.'),
      codesFromTemplate: z.boolean(),
      codeTemplate: z.string().max(200).nullable(),
      promoDiscount: z
        .string()
        .max(80, 'The discount text is at most 80 characters (e.g. “15 % off”).')
        .nullable(),
      strayCodes: z.array(z.string()),
    }),
  );

function stringOrNull(value: unknown): string | null {
  const s = typeof value === 'string' ? value.trim() : '';
  return s === '' ? null : s;
}

/** Email Members: every link of the offer, or the selected ones; `requestId` makes it send once. */
export const emailLinksSchema = z
  .object({
    requestId: z.uuid({ message: 'Reload the page and try again.' }),
    scope: z.enum(['all', 'selected']),
    linkId: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  })
  .refine((v) => v.scope === 'all' || v.linkId.length > 0, {
    message: 'Select at least one link, or email all members.',
    path: ['linkId'],
  });

/** A further deep link a brand creates on a member's behalf. */
export const deepLinkSchema = z.object({
  memberId: z.uuid({ message: 'Choose a member.' }),
  deepLink: z
    .string({ message: 'Enter the page the link should open.' })
    .trim()
    .min(1, 'Enter the page the link should open.')
    .max(2000, 'A deep link is at most 2,000 characters.'),
  payoutOptionId: z.uuid({ message: 'Choose a payout option.' }),
});
