/** GET /api/v1/statements: the brand's statements, newest month first, by keyset pages. */
import { z } from 'zod';
import { STATEMENT_FILTER_STATUSES } from '~/payouts/payouts-page-schemas';
import { DAY_POSITION, statementsAfter } from '~/payouts/payouts-overview.server';
import { decodeOpaque, encodeOpaque } from '~/api/opaque-cursor.server';
import { pageQuery } from '~/api/paging.server';
import { listOf, statementRepresentation, toStatementRepresentation } from '~/api/representations';
import { idFilter } from '~/api/params';
import { apiOperation, apiResource } from '~/api/route.server';

const query = pageQuery.extend({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month like 2026-12.')
    .optional()
    .meta({ description: 'One month’s statements (YYYY-MM).' }),
  status: z.enum(STATEMENT_FILTER_STATUSES).optional(),
  member_id: idFilter('member'),
});

const resource = apiResource('/statements', [
  apiOperation({
    method: 'get',
    scope: 'payouts:read',
    operationId: 'listStatements',
    summary: 'List statements',
    description:
      'Monthly statements of money owed to members, newest month first. `open` statements are payable now.',
    tags: ['Statements'],
    query,
    response: listOf(statementRepresentation, 'StatementList'),
    handler: async ({ caller, query }) => {
      const page = await statementsAfter(
        caller.brandId,
        { period: query.period ?? '', status: query.status ?? '', member: query.member_id ?? '' },
        decodeOpaque(query.starting_after, DAY_POSITION),
        query.limit,
      );
      return {
        object: 'list' as const,
        data: page.rows.map(toStatementRepresentation),
        has_more: page.next !== null,
        next_starting_after: encodeOpaque(page.next),
      };
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
