import { z } from 'zod';
import { isCurrencyCode } from '../money/money';
import { parseMinimumPayout } from '../payouts/schemas';
import { isTimeZone } from '../reporting/period';
import { allowedOriginsSchema } from './allowed-origins';
import { CODE_CONFLICT_RULE_VALUES } from '../../db/schema/enum-values';

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
    intent: z.literal('save-code-conflict-rule'),
    codeConflictRule: z.enum(CODE_CONFLICT_RULE_VALUES, {
      error: 'Choose whether the code or the click wins.',
    }),
  }),
  // The minimum payouts' fields are per currency (`minimum.USD`…): minimumPayoutsFromForm.
  z.object({ intent: z.literal('save-minimum-payout') }),
]);

/** The Settings field of the minimum payout in a currency. */
export const minimumPayoutField = (currency: string) => `minimum.${currency}`;

/**
 * The minimum payouts typed on Settings, one field per currency (`minimum.USD` = "50.00",
 * `minimum.JPY` = "5000"), each in its currency's major units and decimals; empty = no minimum.
 * A refusal names the currency, its format and the range, per field.
 */
export function minimumPayoutsFromForm(
  form: FormData,
):
  | { ok: true; minimums: Record<string, number> }
  | { ok: false; fieldErrors: Record<string, string[]>; values: Record<string, string> } {
  const minimums: Record<string, number> = {};
  const values: Record<string, string> = {};
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, raw] of form.entries()) {
    const match = /^minimum\.([A-Z]{3})$/.exec(name);
    if (!match || typeof raw !== 'string') continue;
    const currency = match[1];
    values[currency] = raw.slice(0, 100);
    if (!isCurrencyCode(currency)) {
      fieldErrors[name] = [`${currency} is not a currency code.`];
      continue;
    }
    const parsed = parseMinimumPayout(raw, currency);
    if (parsed.ok) minimums[currency] = Number(parsed.minor);
    else fieldErrors[name] = [parsed.message];
  }
  if (Object.keys(values).length === 0) {
    fieldErrors.form = ['Enter a minimum payout (0 for none).'];
  }
  if (Object.keys(values).length > 200) fieldErrors.form = ['At most 200 currencies.'];
  return Object.keys(fieldErrors).length
    ? { ok: false, fieldErrors, values }
    : { ok: true, minimums };
}
