import { sendEndpointDisabledEmails } from '../../app/webhooks/disabled-email.server';
import { defineTask } from '../define-task';

/** Tells a brand's admins that an endpoint was disabled after 5 days of failures. */
export default defineTask('webhooks__disabled_email', async (payload) => {
  await sendEndpointDisabledEmails(payload);
});
