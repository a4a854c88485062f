import { sendPasswordResetEmail } from '../../app/auth/password-reset.server';
import { defineTask } from '../define-task';

/** Emails a password reset link when the address has an account; sends once per request. */
export default defineTask('auth__password_reset_email', async (payload) => {
  await sendPasswordResetEmail(payload);
});
