/**
 * /api/v1/webhook_endpoints: the brand's webhook endpoints, and a new one whose signing secret is
 * in the create answer only (the Webhooks page's module and rules; decision 065).
 */
import { decodeCursor, pageOf, pageQuery } from '../../api/paging.server';
import {
  listOf,
  toWebhookEndpointRepresentation,
  webhookEndpointRepresentation,
  webhookEndpointWithSecretRepresentation,
} from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import {
  createWebhookEndpointFromApi,
  webhookEndpointCreateBody,
} from '../../api/webhook-endpoint-input.server';
import { listEndpoints } from '../../webhooks/endpoints.server';

const resource = apiResource('/webhook_endpoints', [
  apiOperation({
    method: 'get',
    scope: 'webhooks:read',
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints',
    description: 'The brand’s endpoints, newest first (at most 20). Never their secrets.',
    tags: ['Webhooks'],
    query: pageQuery,
    response: listOf(webhookEndpointRepresentation, 'WebhookEndpointList'),
    handler: async ({ caller, query }) => {
      const rows = await listEndpoints(caller.brandId, {
        after: decodeCursor(query.starting_after),
        limit: query.limit,
      });
      return pageOf(rows, query.limit, toWebhookEndpointRepresentation);
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'webhooks:write',
    operationId: 'createWebhookEndpoint',
    summary: 'Add a webhook endpoint',
    description:
      'Answers the signing secret (`whsec_…`) in `secret`, this once: store it to verify deliveries with any Standard Webhooks library. The URL rules are the Webhooks page’s: https only in production, never a private, loopback or link-local address (checked again at every send). At most 20 endpoints per brand.',
    tags: ['Webhooks'],
    body: webhookEndpointCreateBody,
    response: webhookEndpointWithSecretRepresentation,
    status: 201,
    answerHoldsSecret: true,
    example: {
      url: 'https://example.com/webhooks/offerlink',
      events: ['conversion.created', 'conversion.status_changed'],
      description: 'Warehouse sync',
    },
    handler: ({ caller, body }) => createWebhookEndpointFromApi(caller, body),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
