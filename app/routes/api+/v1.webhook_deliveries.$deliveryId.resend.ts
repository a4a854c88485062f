import { pathParams } from '../../api/params';
import { webhookDeliveryRepresentation } from '../../api/representations';
import { apiOperation, apiResource } from '../../api/route.server';
import { resendDeliveryFromApi } from '../../api/webhook-endpoint-input.server';

const resource = apiResource('/webhook_deliveries/{deliveryId}/resend', [
  apiOperation({
    method: 'post',
    scope: 'webhooks:write',
    operationId: 'resendWebhookDelivery',
    summary: 'Resend a delivery',
    description:
      'Sends the delivery again now, once, with the same `webhook-id` (receivers that already have it de-duplicate it). The answer is the delivery, `pending`.',
    tags: ['Webhooks'],
    params: pathParams({ name: 'deliveryId', what: 'webhook delivery' }),
    response: webhookDeliveryRepresentation,
    status: 202,
    handler: ({ caller, params }) => resendDeliveryFromApi(caller.brandId, params.deliveryId),
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
