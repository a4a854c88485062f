/**
 * POST /api/v1/statements/{statementId}/mark_paid: records that the brand paid the member's
 * balance, with the totals the caller saw (a changed total is refused: 409, nothing paid).
 */
import { apiOperation, apiResource } from '~/api/route.server';
import {
  markPaidBody,
  markStatementPaid,
  statementDetailRepresentation,
  statementParams,
} from '~/api/statements.server';

const resource = apiResource('/statements/{statementId}/mark_paid', [
  apiOperation({
    method: 'post',
    scope: 'payouts:write',
    operationId: 'markStatementPaid',
    summary: 'Mark a statement paid',
    description:
      'Pays the member’s balance in the statement’s currency: every statement of its `balance`, as one payment of their net. Send `balance` as you read it; if any total changed since (a reversal, a new commission), the answer is 409 and nothing is paid: read the statement again. The creator is emailed unless they turned it off.',
    tags: ['Statements'],
    params: statementParams,
    body: markPaidBody,
    response: statementDetailRepresentation,
    example: {
      balance: [{ statement_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10', amount: 2602 }],
      paid_on: '2026-12-05',
      payment_method: 'bank_transfer',
      payment_reference: 'TRX-2026-12-05',
    },
    handler: ({ caller, params, body }) => markStatementPaid(caller, params.statementId, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
