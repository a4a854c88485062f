import { pageQuery } from '../../api/paging.server';
import { pathParams } from '../../api/params';
import { listOf, webhookDeliveryRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { listDeliveriesFromApi } from '../../api/webhook-endpoint-input.server';

const resource = apiResource('/webhook_endpoints/{endpointId}/deliveries', [
  apiOperation({
    method: 'get',
    scope: 'webhooks:read',
    operationId: 'listWebhookDeliveries',
    summary: 'List an endpoint’s deliveries',
    description:
      'The delivery log, newest first: each event sent (or waiting) with every attempt’s HTTP status, latency and the start of the answer.',
    tags: ['Webhooks'],
    params: pathParams({ name: 'endpointId', what: 'webhook endpoint' }),
    query: pageQuery,
    response: listOf(webhookDeliveryRepresentation, 'WebhookDeliveryList'),
    handler: ({ caller, params, query }) =>
      listDeliveriesFromApi(caller.brandId, params.endpointId, query),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
