/**
 * Approve, reject (with a reason) and reverse one conversion over the API: the portal's
 * `applyConversionAction` (app/conversions), the same lifecycle rules and the same audit row,
 * with the API key as the actor. Answers the conversion with its history.
 */
import { z } from 'zod';
import {
  applyConversionAction,
  type ConversionAction,
} from '../conversions/conversion-actions.server';
import { conversionRow, statusHistory } from '../conversions/conversion-list.server';
import { NOTE_MAX, REJECT_REASONS } from '../payouts/schemas';
import { withPayoutProblems } from './payout-problem.server';
import { notFound } from './problem.server';
import { toConversionRepresentation } from './representations';
import {
  conversionWithHistoryRepresentation,
  toHistoryEntry,
} from './representations/conversion-history';
import { apiOperation } from './route.server';

const params = z.object({ conversionId: z.uuid() });
const note = z
  .string()
  .trim()
  .max(NOTE_MAX)
  .optional()
  .meta({ description: 'Kept in the audit log.' });

const BODIES = {
  approve: z.object({}).optional().meta({ id: 'ConversionApprove' }),
  reject: z
    .object({
      reason: z.enum(REJECT_REASONS, { error: 'A reason from the list.' }),
      note: note.meta({ description: 'Required when the reason is `other`.' }),
    })
    .meta({ id: 'ConversionReject' }),
  reverse: z.object({ note }).optional().meta({ id: 'ConversionReverse' }),
};

const TEXT = {
  approve: {
    summary: 'Approve a conversion',
    description:
      'A pending conversion becomes approved and its commission goes into the member’s statement. Only a pending one can be approved; anything else is a 409 and nothing changes.',
  },
  reject: {
    summary: 'Reject a conversion with a reason',
    description:
      'A pending or approved (unpaid) conversion becomes rejected; an unpaid statement’s total drops. `other` needs a note. A paid commission cannot be rejected: reverse it (409).',
  },
  reverse: {
    summary: 'Reverse a conversion (refund or chargeback)',
    description:
      'An accepted conversion becomes reversed: it leaves an unpaid statement, or a paid commission is clawed back in the member’s next statement.',
  },
} as const;

/** A conversion and its history as the API returns them, or a 404 problem. */
export async function conversionWithHistory(brandId: string, conversionId: string) {
  const row = await conversionRow(brandId, conversionId);
  if (!row) throw notFound('conversion');
  const history = await statusHistory(brandId, { conversionId, limit: 1000 });
  return { ...toConversionRepresentation(row), history: history.rows.map(toHistoryEntry) };
}

export function conversionStatusOperation(intent: 'approve' | 'reject' | 'reverse') {
  return apiOperation({
    method: 'post',
    scope: 'conversions:write',
    operationId: `${intent}Conversion`,
    summary: TEXT[intent].summary,
    description: TEXT[intent].description,
    tags: ['Conversions'],
    params,
    body: BODIES[intent] as z.ZodType<
      { reason?: (typeof REJECT_REASONS)[number]; note?: string } | undefined
    >,
    response: conversionWithHistoryRepresentation,
    example: intent === 'reject' ? { reason: 'fraud', note: 'Same card as a refunded order' } : {},
    handler: async ({ caller, params, body }) => {
      const conversionId = params.conversionId;
      const target = { scope: 'selected' as const, conversionId: [conversionId] };
      const action: ConversionAction =
        intent === 'approve'
          ? { intent, ...target }
          : intent === 'reject'
            ? { intent, ...target, reason: body!.reason!, note: body?.note || undefined }
            : { intent, ...target, note: body?.note || undefined };
      await withPayoutProblems(
        () =>
          applyConversionAction(
            caller.brandId,
            { kind: 'api_key', apiKeyId: caller.apiKeyId },
            action,
            {},
          ),
        { reason: 'reason', note: 'note' },
      );
      return conversionWithHistory(caller.brandId, conversionId);
    },
  });
}
