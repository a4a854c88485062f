import { z } from 'zod';
import { pathParams } from '../../api/params';
import { webhookEndpointRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import {
  deleteWebhookEndpointFromApi,
  updateWebhookEndpointFromApi,
  webhookEndpointOf,
  webhookEndpointUpdateBody,
} from '../../api/webhook-endpoint-input.server';

const params = pathParams({ name: 'endpointId', what: 'webhook endpoint' });

const deleted = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: z.string(),
    deleted: z.literal(true),
  })
  .meta({ id: 'DeletedWebhookEndpoint' });

const resource = apiResource('/webhook_endpoints/{endpointId}', [
  apiOperation({
    method: 'get',
    scope: 'webhooks:read',
    operationId: 'getWebhookEndpoint',
    summary: 'Get a webhook endpoint',
    description: 'Never its secret (shown once, when created or rotated).',
    tags: ['Webhooks'],
    params,
    response: webhookEndpointRepresentation,
    handler: ({ caller, params }) => webhookEndpointOf(caller.brandId, params.endpointId),
  }),
  apiOperation({
    method: 'patch',
    scope: 'webhooks:write',
    operationId: 'updateWebhookEndpoint',
    summary: 'Update a webhook endpoint',
    description:
      'Fields left out keep their value; `events`, when given, is the whole list. The URL rules are those of create.',
    tags: ['Webhooks'],
    params,
    body: webhookEndpointUpdateBody,
    response: webhookEndpointRepresentation,
    example: { events: ['conversion.created'], enabled: false },
    handler: ({ caller, params, body }) =>
      updateWebhookEndpointFromApi(caller.brandId, params.endpointId, body),
  }),
  apiOperation({
    method: 'delete',
    scope: 'webhooks:write',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete a webhook endpoint',
    description: 'With its delivery log; nothing more is sent to it.',
    tags: ['Webhooks'],
    params,
    response: deleted,
    handler: ({ caller, params }) =>
      deleteWebhookEndpointFromApi(caller.brandId, params.endpointId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
