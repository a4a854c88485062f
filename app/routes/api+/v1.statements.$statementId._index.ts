/** GET /api/v1/statements/{statementId}: a statement, its balance and its first lines. */
import {
  statementDetail,
  statementDetailRepresentation,
  statementParams,
} from '~/api/statements.server';
import { apiOperation, apiResource } from '~/api/route.server';

const resource = apiResource('/statements/{statementId}', [
  apiOperation({
    method: 'get',
    scope: 'payouts:read',
    operationId: 'getStatement',
    summary: 'Get a statement with its lines',
    description:
      '`balance` lists what paying this statement settles (the member’s unpaid statements in its currency, decision 036) with the totals to send back to mark it paid.',
    tags: ['Statements'],
    params: statementParams,
    response: statementDetailRepresentation,
    handler: ({ caller, params }) => statementDetail(caller.brandId, params.statementId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
