/** /api/v1/conversions/{conversionId}: one conversion with its status history (who, when, why). */
import { z } from 'zod';
import { conversionWithHistory } from '~/api/conversion-status.server';
import { conversionWithHistoryRepresentation } from '~/api/representations/conversion-history';
import { apiOperation, apiResource } from '~/api/route.server';

const conversionParams = z.object({ conversionId: z.uuid() });

const resource = apiResource('/conversions/{conversionId}', [
  apiOperation({
    method: 'get',
    scope: 'conversions:read',
    operationId: 'getConversion',
    summary: 'Get a conversion with its history',
    description:
      'The status history is newest first; each change names who made it: a person, an API key, a postback or Offerlink itself (the payout rollup’s automatic approvals).',
    tags: ['Conversions'],
    params: conversionParams,
    response: conversionWithHistoryRepresentation,
    handler: ({ caller, params }) => conversionWithHistory(caller.brandId, params.conversionId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
