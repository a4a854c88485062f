import { sendStatementPaidEmail } from '../../app/payouts/mark-paid.server';
import { defineTask } from '../define-task';

/** Emails a creator that they were paid (a payout of their balance); sends once per payout. */
export default defineTask('payouts__paid_email', async (payload) => {
  await sendStatementPaidEmail(payload);
});
