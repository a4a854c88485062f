import { z } from 'zod';
import { db } from '../../db/client';
import {
  approveConversions,
  rejectConversions,
  reverseConversions,
} from '../payouts/lifecycle.server';
import { brandActor, type BrandActor } from '../payouts/ledger.server';
import { REJECT_REASONS } from '../payouts/schemas';
import {
  BULK_JOB_THRESHOLD,
  BULK_LIMIT,
  bulkTargets,
  queueBulkAction,
  type BulkRun,
} from './bulk-action.server';
import type { ConversionFilter } from './conversion-filter';

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
 * Approves, rejects or reverses the chosen conversions through the payouts lifecycle, the only
 * code that changes a status. The selected ones, or every one matching the filter up to
 * BULK_JOB_THRESHOLD, change now and all or nothing: an illegal transition of any of them refuses
 * the whole action (a PayoutError). More matching the filter (up to BULK_LIMIT; more is refused
 * with a message) are queued as a job (`queued`), which changes the legal ones and counts the
 * refused (bulk-action.server.ts).
 */
export async function applyConversionAction(
  brandId: string,
  /** The signed-in user's id, or the API key that asks (which acts on chosen ids only). */
  by: string | BrandActor,
  action: ConversionAction,
  filter: ConversionFilter,
  filterQuery = '',
): Promise<{ changed: string[]; unchanged: string[]; queued?: BulkRun }> {
  const actor = brandActor(by);
  let chosen = action.conversionId;
  if (action.scope === 'filter') {
    if (actor.kind !== 'user') throw new Error('Only a person acts on a whole filter.');
    chosen = await bulkTargets(brandId, action, filter);
    if (chosen.length > BULK_JOB_THRESHOLD) {
      const queued = await queueBulkAction(brandId, actor.userId, action, chosen, filterQuery);
      return { changed: [], unchanged: [], queued };
    }
  }
  if (chosen.length === 0) return { changed: [], unchanged: [] };
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
