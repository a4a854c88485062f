import { randomUUID } from 'node:crypto';
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { emailOutbox, passwordResetTokens, sessions, users } from '../../db/schema';
import PasswordResetEmail from '../../emails/password-reset';
import { publicUrl } from '../config.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { generateToken, hashToken } from '../tokens.server';
import { hashPassword } from './password.server';
import { SignInThrottle } from './rate-limit.server';

import { PASSWORD_RESET_MINUTES } from './schemas';

export { PASSWORD_RESET_MINUTES };

/**
 * Reset requests: 10 a minute per client address and per email address, counted in PostgreSQL
 * like sign-in attempts whether or not the address has an account (so a refusal reveals nothing).
 */
export const passwordResetThrottle = new SignInThrottle(10, 60_000);

/** Reset emails one address gets in 15 minutes, at most; further requests send nothing. */
export const RESET_EMAILS_PER_ADDRESS = 3;
const ADDRESS_WINDOW_MS = 15 * 60_000;

export type ResetRequest = { ok: true } | { ok: false; retryAfter: number };

const at = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * "Forgot your password?": queues the email job for the address whether or not it has an
 * account (the job finds out), so the answer and its timing are the same for both.
 */
export async function requestPasswordReset(input: {
  email: string;
  clientAddress: string;
}): Promise<ResetRequest> {
  const email = input.email.toLowerCase();
  const retryAfter = await passwordResetThrottle.attempt([
    `reset:ip:${input.clientAddress}`,
    `reset:email:${email}`,
  ]);
  if (retryAfter > 0) return { ok: false, retryAfter };
  await db.transaction((tx) =>
    enqueue(
      tx,
      'auth__password_reset_email',
      {
        email,
        requestId: randomUUID(),
        requestedFrom: input.clientAddress.slice(0, 100),
        requestedAt: `${at.format(new Date())} UTC`,
      },
      { jobKey: `password-reset:${email}` },
    ),
  );
  return { ok: true };
}

/**
 * The `auth__password_reset_email` task: when the address has an account, makes a link (only its
 * hash is stored; earlier unused links stop working) and emails it, once per request.
 */
export async function sendPasswordResetEmail(payload: {
  email: string;
  requestId: string;
  requestedFrom: string | null;
  requestedAt: string;
}) {
  const idempotencyKey = `password-reset:${payload.requestId}`;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.email, payload.email.toLowerCase()));
  if (!user) return { sent: false as const };
  const [already] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, idempotencyKey));
  if (already) return { sent: true as const, emailId: already.id };
  const [{ recent }] = await db
    .select({ recent: count() })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.userId, user.id),
        gt(passwordResetTokens.createdAt, new Date(Date.now() - ADDRESS_WINDOW_MS)),
      ),
    );
  if (recent >= RESET_EMAILS_PER_ADDRESS) return { sent: false as const };
  const token = generateToken();
  await db.transaction(async (tx) => {
    await tx
      .update(passwordResetTokens)
      .set({ expiresAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await tx.insert(passwordResetTokens).values({
      tokenHash: hashToken(token),
      userId: user.id,
      requestedFrom: payload.requestedFrom,
      expiresAt: new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000),
    });
  });
  const resetUrl = `${publicUrl()}/reset-password/${token}`;
  const emailId = await sendEmail({
    brandId: null,
    kind: 'password_reset',
    to: user.email,
    secrets: [resetUrl],
    subject: 'Choose a new Offerlink password',
    react: createElement(PasswordResetEmail, {
      name: user.name,
      resetUrl,
      expiresInMinutes: PASSWORD_RESET_MINUTES,
      requestedAt: payload.requestedAt,
      requestedFrom: payload.requestedFrom,
    }),
    idempotencyKey,
  });
  return { sent: true as const, emailId };
}

export type ResetTokenCheck =
  | { ok: true; userId: string; email: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

function malformed(token: string) {
  return token.length < 16 || token.length > 100 || !/^[a-z0-9]+$/.test(token);
}

/** Whether a reset link can still be used, without using it. */
export async function checkPasswordResetToken(token: string): Promise<ResetTokenCheck> {
  if (malformed(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select({ token: passwordResetTokens, email: users.email })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(eq(passwordResetTokens.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.token.usedAt) return { ok: false, reason: 'used' };
  if (row.token.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.token.userId, email: row.email };
}

/**
 * Uses a reset link (once: concurrent uses find it used): sets the new password and ends every
 * session of the person, so whoever knew the old password is signed out.
 */
export async function resetPassword(token: string, password: string): Promise<ResetTokenCheck> {
  const check = await checkPasswordResetToken(token);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!used) return { ok: false as const, reason: 'used' as const };
    await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId));
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    return check;
  });
}
