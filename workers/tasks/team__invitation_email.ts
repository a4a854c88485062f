import { sendInvitationEmail } from '../../app/team/invitations.server';
import { defineTask } from '../define-task';

/** Emails an invitation to join a brand's team; sends once per request, nothing once revoked or accepted. */
export default defineTask('team__invitation_email', async (payload) => {
  await sendInvitationEmail(payload);
});
