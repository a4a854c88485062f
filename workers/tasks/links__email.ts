import { sendLinkEmail } from '../../app/links/email-links.server';
import { defineTask } from '../define-task';

/** Emails a member their tracking link and a sign-in link to their dashboard; sends once per request. */
export default defineTask('links__email', async (payload) => {
  await sendLinkEmail(payload);
});
