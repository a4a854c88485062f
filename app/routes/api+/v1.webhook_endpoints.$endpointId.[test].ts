/**
 * POST /api/v1/webhook_endpoints/{id}/test (the file name escapes `test` so neither vitest nor the
 * route config takes it for a test file).
 */
import { pathParams } from '../../api/params';
import { webhookDeliveryRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { sendTestEventFromApi } from '../../api/webhook-endpoint-input.server';

const resource = apiResource('/webhook_endpoints/{endpointId}/test', [
  apiOperation({
    method: 'post',
    scope: 'webhooks:write',
    operationId: 'sendWebhookTestEvent',
    summary: 'Send a test event',
    description:
      'Queues a `webhook.test` event for this endpoint (enabled or not), signed like any other and sent once, within seconds; the answer is its delivery, `pending`. Follow it in the delivery log.',
    tags: ['Webhooks'],
    params: pathParams({ name: 'endpointId', what: 'webhook endpoint' }),
    response: webhookDeliveryRepresentation,
    status: 202,
    handler: ({ caller, params }) => sendTestEventFromApi(caller.brandId, params.endpointId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
