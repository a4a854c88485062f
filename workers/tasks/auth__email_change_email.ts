import { sendEmailChangeEmails } from '../../app/auth/account.server';
import { defineTask } from '../define-task';

/** Emails the confirmation link of an email change to the new address and a notice to the old; once per request. */
export default defineTask('auth__email_change_email', async (payload) => {
  await sendEmailChangeEmails(payload);
});
