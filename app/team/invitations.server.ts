import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { isUniqueViolation } from '../../db/unique-violation';
import { brandInvitations, brandMemberships, brands, emailOutbox, users } from '../../db/schema';
import type { BrandRoleValue } from '../../db/schema/enum-values';
import TeamInvitationEmail from '../../emails/team-invitation';
import { hashPassword } from '../auth/password.server';
import { ROLE_LABELS, ROLE_SUMMARIES } from '../auth/roles';
import { createSession } from '../auth/session.server';
import { publicUrl } from '../config.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { generateToken, hashToken } from '../tokens.server';
import { INVITATION_DAYS } from './schemas';
import { TeamError } from './team-error';

export { INVITATION_DAYS };

const DAY = 24 * 60 * 60 * 1000;

/**
 * Invites an address to the brand with a role: one open invitation per address (inviting again
 * re-sends it, with the new role). The email goes through the queue, in this transaction.
 */
export async function inviteTeammate(
  brandId: string,
  invitedByUserId: string,
  input: { email: string; role: Exclude<BrandRoleValue, 'owner'> },
): Promise<{ invitationId: string }> {
  const email = input.email.toLowerCase();
  const [member] = await db
    .select({ userId: users.id })
    .from(brandMemberships)
    .innerJoin(users, eq(users.id, brandMemberships.userId))
    .where(and(eq(brandMemberships.brandId, brandId), eq(users.email, email)));
  if (member) {
    throw new TeamError('email', `${email} is already a member of this brand's team.`);
  }
  try {
    return await db.transaction(async (tx) => {
      const expiresAt = new Date(Date.now() + INVITATION_DAYS * DAY);
      const [open] = await tx
        .select({ id: brandInvitations.id })
        .from(brandInvitations)
        .where(
          and(
            eq(brandInvitations.brandId, brandId),
            eq(brandInvitations.email, email),
            isNull(brandInvitations.acceptedAt),
            isNull(brandInvitations.revokedAt),
          ),
        )
        .for('update');
      let invitationId: string;
      if (open) {
        await tx
          .update(brandInvitations)
          .set({ role: input.role, expiresAt, invitedByUserId, tokenHash: null })
          .where(eq(brandInvitations.id, open.id));
        invitationId = open.id;
      } else {
        const [row] = await tx
          .insert(brandInvitations)
          .values({ brandId, email, role: input.role, invitedByUserId, expiresAt })
          .returning({ id: brandInvitations.id });
        invitationId = row.id;
      }
      await enqueue(tx, 'team__invitation_email', { invitationId, requestId: randomUUID() });
      return { invitationId };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'brand_invitations_open_key')) {
      throw new TeamError('email', `${email} was invited a moment ago: re-send that invitation.`);
    }
    throw error;
  }
}

/** Re-sends an open invitation: a new link valid 7 days; the previous link stops working. */
export async function resendInvitation(brandId: string, invitationId: string, byUserId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(brandInvitations)
      .set({
        expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY),
        invitedByUserId: byUserId,
        tokenHash: null,
      })
      .where(openInvitation(brandId, invitationId))
      .returning({ id: brandInvitations.id, email: brandInvitations.email });
    if (!row) throw new TeamError('form', 'That invitation is no longer open.');
    await enqueue(tx, 'team__invitation_email', { invitationId, requestId: randomUUID() });
    return row;
  });
}

/** Revokes an open invitation: its link stops working at once. */
export async function revokeInvitation(brandId: string, invitationId: string) {
  const [row] = await db
    .update(brandInvitations)
    .set({ revokedAt: new Date() })
    .where(openInvitation(brandId, invitationId))
    .returning({ id: brandInvitations.id, email: brandInvitations.email });
  if (!row) throw new TeamError('form', 'That invitation is no longer open.');
  return row;
}

function openInvitation(brandId: string, invitationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(invitationId)) return eq(brandInvitations.id, randomUUID());
  return and(
    eq(brandInvitations.id, invitationId),
    eq(brandInvitations.brandId, brandId),
    isNull(brandInvitations.acceptedAt),
    isNull(brandInvitations.revokedAt),
  );
}

/**
 * The `team__invitation_email` task: makes the link's token (only its hash is stored) and emails
 * it, once per request. Nothing is sent for an invitation revoked, accepted or expired since.
 */
export async function sendInvitationEmail(payload: { invitationId: string; requestId: string }) {
  const idempotencyKey = `team-invitation:${payload.requestId}`;
  const [row] = await db
    .select({
      email: brandInvitations.email,
      role: brandInvitations.role,
      brandId: brandInvitations.brandId,
      brandName: brands.name,
      inviterName: users.name,
    })
    .from(brandInvitations)
    .innerJoin(brands, eq(brands.id, brandInvitations.brandId))
    .leftJoin(users, eq(users.id, brandInvitations.invitedByUserId))
    .where(
      and(
        eq(brandInvitations.id, payload.invitationId),
        isNull(brandInvitations.acceptedAt),
        isNull(brandInvitations.revokedAt),
        gt(brandInvitations.expiresAt, new Date()),
      ),
    );
  if (!row) return { sent: false as const };
  // A retry after the email went out must not replace the token the email carries.
  const [already] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, idempotencyKey));
  if (already) return { sent: true as const, emailId: already.id };
  const token = generateToken();
  await db
    .update(brandInvitations)
    .set({ tokenHash: hashToken(token) })
    .where(eq(brandInvitations.id, payload.invitationId));
  const acceptUrl = `${publicUrl()}/invitations/${token}`;
  const inviterName = row.inviterName ?? `The ${row.brandName} team`;
  const emailId = await sendEmail({
    brandId: row.brandId,
    kind: 'team_invitation',
    to: row.email,
    fromName: row.brandName,
    secrets: [acceptUrl],
    subject: `${inviterName} invited you to ${row.brandName} on Offerlink`,
    react: createElement(TeamInvitationEmail, {
      brandName: row.brandName,
      inviterName,
      roleLabel: ROLE_LABELS[row.role],
      roleSummary: ROLE_SUMMARIES[row.role],
      acceptUrl,
      expiresInDays: INVITATION_DAYS,
    }),
    idempotencyKey,
  });
  return { sent: true as const, emailId };
}

export type InvitationCheck =
  | {
      ok: true;
      invitationId: string;
      brandId: string;
      brandName: string;
      email: string;
      role: BrandRoleValue;
      /** The person with this address, when they have an account already. */
      existingUserId: string | null;
    }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'revoked' };

function malformed(token: string) {
  return token.length < 16 || token.length > 100 || !/^[a-z0-9]+$/.test(token);
}

/** What an invitation link is, without using it. */
export async function checkInvitation(token: string): Promise<InvitationCheck> {
  if (malformed(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select({ invitation: brandInvitations, brandName: brands.name })
    .from(brandInvitations)
    .innerJoin(brands, eq(brands.id, brandInvitations.brandId))
    .where(eq(brandInvitations.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  const invitation = row.invitation;
  if (invitation.acceptedAt) return { ok: false, reason: 'used' };
  if (invitation.revokedAt) return { ok: false, reason: 'revoked' };
  if (invitation.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, invitation.email));
  return {
    ok: true,
    invitationId: invitation.id,
    brandId: invitation.brandId,
    brandName: row.brandName,
    email: invitation.email,
    role: invitation.role,
    existingUserId: existing?.id ?? null,
  };
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** Marks the invitation used (once: a second, concurrent use finds it used) and adds the membership. */
async function useInvitation(tx: Tx, token: string, userId: string) {
  const [invitation] = await tx
    .update(brandInvitations)
    .set({ acceptedAt: new Date(), acceptedByUserId: userId })
    .where(
      and(
        eq(brandInvitations.tokenHash, hashToken(token)),
        isNull(brandInvitations.acceptedAt),
        isNull(brandInvitations.revokedAt),
        gt(brandInvitations.expiresAt, new Date()),
      ),
    )
    .returning({ brandId: brandInvitations.brandId, role: brandInvitations.role });
  if (!invitation) return null;
  await tx
    .insert(brandMemberships)
    .values({ userId, brandId: invitation.brandId, role: invitation.role })
    .onConflictDoNothing();
  return invitation;
}

class InvitationUsed extends Error {}

export type AcceptResult =
  | { ok: true; brandId: string; token?: string; expiresAt?: Date }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'revoked' | 'wrong_person' };

/**
 * Accepts an invitation for a signed-in person: their account's address must be the invited
 * one. The brand is added to their account and becomes their session's brand.
 */
export async function acceptInvitationAs(
  token: string,
  user: { id: string; email: string },
): Promise<AcceptResult> {
  const check = await checkInvitation(token);
  if (!check.ok) return check;
  if (check.email !== user.email) return { ok: false, reason: 'wrong_person' };
  const used = await db.transaction((tx) => useInvitation(tx, token, user.id));
  if (!used) return { ok: false, reason: 'used' };
  return { ok: true, brandId: used.brandId };
}

/**
 * Accepts an invitation by creating the invited person's account (their address is the
 * invitation's, proven by the link) and signs them in to the brand.
 */
export async function acceptInvitationWithNewAccount(
  token: string,
  input: { name: string; password: string; userAgent?: string | null },
): Promise<AcceptResult> {
  const check = await checkInvitation(token);
  if (!check.ok) return check;
  if (check.existingUserId) return { ok: false, reason: 'wrong_person' };
  const passwordHash = await hashPassword(input.password);
  let created: { userId: string; brandId: string };
  try {
    created = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: check.email, passwordHash, lastSignInAt: new Date() })
        .returning({ id: users.id });
      const used = await useInvitation(tx, token, user.id);
      // Used in the meantime: the account is not created either.
      if (!used) throw new InvitationUsed();
      return { userId: user.id, brandId: used.brandId };
    });
  } catch (error) {
    if (error instanceof InvitationUsed) return { ok: false, reason: 'used' };
    if (isUniqueViolation(error, 'users_email_key')) return { ok: false, reason: 'wrong_person' };
    throw error;
  }
  const { token: sessionToken, session } = await createSession(
    { userId: created.userId },
    { brandId: created.brandId, userAgent: input.userAgent },
  );
  return { ok: true, brandId: created.brandId, token: sessionToken, expiresAt: session.expiresAt };
}
