import { pathParams } from '../../api/params';
import { webhookEndpointWithSecretRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { rotateWebhookSecretFromApi } from '../../api/webhook-endpoint-input.server';

const resource = apiResource('/webhook_endpoints/{endpointId}/rotate_secret', [
  apiOperation({
    method: 'post',
    scope: 'webhooks:write',
    operationId: 'rotateWebhookEndpointSecret',
    summary: 'Rotate a webhook endpoint’s signing secret',
    description:
      'Answers the new secret in `secret`, this once. The previous secret keeps signing next to it for 24 hours (`previous_secret_expires_at`): each delivery carries both signatures, so a receiver can switch without missing one. Rotating again within the grace period replaces the previous secret with the current one.',
    tags: ['Webhooks'],
    params: pathParams({ name: 'endpointId', what: 'webhook endpoint' }),
    response: webhookEndpointWithSecretRepresentation,
    answerHoldsSecret: true,
    handler: ({ caller, params }) => rotateWebhookSecretFromApi(caller.brandId, params.endpointId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
