import { sendStatementPaidEmail } from '../../app/payouts/mark-paid.server';
import { defineTask } from '../define-task';

/** Emails a creator that a statement of theirs was paid; sends once per statement. */
export default defineTask('payouts__paid_email', async (payload) => {
  await sendStatementPaidEmail(payload);
});
