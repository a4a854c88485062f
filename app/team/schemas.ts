import { z } from 'zod';
import { emailField, newPasswordField, personName } from '../auth/schemas';
import { ASSIGNABLE_ROLES } from '../auth/roles';

/** How long an invitation link works after it is sent. */
export const INVITATION_DAYS = 7;

const role = z.enum(ASSIGNABLE_ROLES, { error: 'Choose a role: admin, manager or viewer.' });
const id = z.string({ error: 'Choose a teammate.' }).uuid('Choose a teammate.');

/** The Team page's forms (shared by the page and its action). */
export const teamFormSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('invite'), email: emailField, role }),
    z.object({ intent: z.literal('resend'), invitationId: id }),
    z.object({ intent: z.literal('revoke'), invitationId: id }),
    z.object({ intent: z.literal('change-role'), userId: id, role }),
    z.object({ intent: z.literal('remove'), userId: id }),
    z.object({
      intent: z.literal('require-two-factor'),
      requireTwoFactor: z.literal('on').optional(),
    }),
    z.object({
      intent: z.literal('transfer'),
      toUserId: z.string({ error: 'Choose a teammate.' }).uuid('Choose a teammate.'),
      password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(128),
    }),
  ],
  { error: 'Unknown action.' },
);
export type TeamForm = z.output<typeof teamFormSchema>;

/** Accepting an invitation with a new account: the address is the invitation's. */
export const acceptWithNewAccountSchema = z.object({
  name: personName,
  password: newPasswordField,
});
