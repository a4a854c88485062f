import { drainEndpoint } from '../../app/webhooks/drain.server';
import { defineTask } from '../define-task';

/** Sends an endpoint's waiting deliveries one at a time, in order; failures wait for their retry. */
export default defineTask('webhooks__deliver', async (payload) => {
  await drainEndpoint(payload.endpointId);
});
