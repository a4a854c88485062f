/** GET /api/v1/statements/{statementId}/lines: a statement's lines, oldest first, by pages. */
import { pageQuery } from '~/api/paging.server';
import { listOf, statementLineRepresentation } from '~/api/representations';
import { apiOperation, apiResource } from '~/api/route.server';
import { statementLinesPage, statementParams } from '~/api/statements.server';

const resource = apiResource('/statements/{statementId}/lines', [
  apiOperation({
    method: 'get',
    scope: 'payouts:read',
    operationId: 'listStatementLines',
    summary: 'List a statement’s lines',
    description: 'Commissions and adjustments (clawbacks), oldest first.',
    tags: ['Statements'],
    params: statementParams,
    query: pageQuery,
    response: listOf(statementLineRepresentation, 'StatementLineList'),
    handler: ({ caller, params, query }) =>
      statementLinesPage(caller.brandId, params.statementId, query.starting_after, query.limit),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
