import { deliverWebhook } from '../../app/webhooks/deliver.server';
import { defineTask } from '../define-task';

/** One attempt at one webhook delivery; a failure schedules the next attempt itself. */
export default defineTask('webhooks__deliver', async (payload) => {
  await deliverWebhook(payload.deliveryId, { manual: payload.manual });
});
