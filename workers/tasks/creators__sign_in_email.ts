import { sendCreatorSignInEmail } from '../../app/creators/sign-in-request.server';
import { defineTask } from '../define-task';

/** Emails a creator the sign-in link they asked for, when any brand has their address; sends once per request. */
export default defineTask('creators__sign_in_email', async (payload) => {
  await sendCreatorSignInEmail(payload);
});
