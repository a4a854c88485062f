import { z } from 'zod';
import { db } from '../../db/client';
import {
  approveConversions,
  rejectConversions,
  reverseConversions,
} from '../payouts/lifecycle.server';
import { REJECT_REASONS } from '../payouts/schemas';
import type { ConversionFilter } from './conversion-filter';
import { conversionIdsMatching } from './conversion-list.server';

/** The most conversions one action changes ("every conversion matching the filter"). */
export const BULK_LIMIT = 10_000;

const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.uuid({ error: 'Choose conversions from the list.' })).max(BULK_LIMIT),
);

/** A status change asked from the conversions pages: which conversions, and what to do. */
export const conversionActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('approve'),
    scope: z.enum(['selected', 'filter']).default('selected'),
    conversionId: ids,
  }),
  z.object({
    intent: z.literal('reject'),
    scope: z.enum(['selected', 'filter']).default('selected'),
    conversionId: ids,
    reason: z.enum(REJECT_REASONS, { error: 'Choose a reason from the list.' }),
    note: z.string().optional(),
  }),
  z.object({
    intent: z.literal('reverse'),
    scope: z.enum(['selected', 'filter']).default('selected'),
    conversionId: ids,
    note: z.string().optional(),
  }),
]);
export type ConversionAction = z.output<typeof conversionActionSchema>;

/**
 * Approves, rejects or reverses the chosen conversions (or every one matching the filter, up to
 * BULK_LIMIT) through the payouts lifecycle, the only code that changes a status. All or nothing:
 * an illegal transition of any of them refuses the whole action (a PayoutError).
 */
export async function applyConversionAction(
  brandId: string,
  userId: string,
  action: ConversionAction,
  filter: ConversionFilter,
) {
  const chosen =
    action.scope === 'filter'
      ? await conversionIdsMatching(brandId, filter, BULK_LIMIT)
      : action.conversionId;
  if (chosen.length === 0) return { changed: [], unchanged: [] };
  const actor = { kind: 'user' as const, userId };
  switch (action.intent) {
    case 'approve':
      return approveConversions(db, brandId, chosen, actor);
    case 'reject':
      return rejectConversions(
        db,
        brandId,
        chosen,
        { reason: action.reason, note: action.note },
        actor,
      );
    case 'reverse':
      return reverseConversions(db, brandId, chosen, { note: action.note }, actor);
  }
}
