import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { isUniqueViolation } from '../../db/unique-violation';
import { emailChangeTokens, emailOutbox, sessions, users } from '../../db/schema';
import EmailChangeConfirmEmail from '../../emails/email-change';
import EmailChangeNoticeEmail from '../../emails/email-change-notice';
import { publicUrl } from '../config.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { generateToken, hashToken } from '../tokens.server';
import { describeDevice } from './device';
import { hashPassword, verifyPassword } from './password.server';
import { SignInThrottle } from './rate-limit.server';

import { EMAIL_CHANGE_HOURS } from './schemas';

export { EMAIL_CHANGE_HOURS };

/** Checks of the current password on the Account page: 10 a minute per person, like sign-in. */
export const accountPasswordThrottle = new SignInThrottle(10, 60_000);

export class AccountError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

async function checkCurrentPassword(userId: string, password: string) {
  const retryAfter = await accountPasswordThrottle.attempt([`account:${userId}`]);
  if (retryAfter > 0) {
    throw new AccountError(
      'currentPassword',
      `Too many wrong passwords. Try again in ${retryAfter} seconds.`,
      retryAfter,
    );
  }
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new AccountError('currentPassword', 'That is not your current password.');
  }
  await accountPasswordThrottle.succeeded([`account:${userId}`], []);
}

export async function changeName(userId: string, name: string) {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

/** A new password, with the current one; every other session of the person ends. */
export async function changePassword(
  userId: string,
  sessionId: string,
  input: { currentPassword: string; password: string },
) {
  await checkCurrentPassword(userId, input.currentPassword);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, sessionId)));
  });
}

/**
 * A change of sign-in email, with the current password: nothing changes until the new address
 * confirms with the emailed link; the old address is told. The emails go through the queue.
 */
export async function requestEmailChange(
  userId: string,
  input: { currentPassword: string; newEmail: string },
) {
  await checkCurrentPassword(userId, input.currentPassword);
  const newEmail = input.newEmail.toLowerCase();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, newEmail));
  if (taken) {
    throw new AccountError(
      'newEmail',
      taken.id === userId
        ? 'That is already your email address.'
        : 'Another account signs in with that address.',
    );
  }
  await db.transaction(async (tx) => {
    // An earlier request's link stops working.
    await tx
      .update(emailChangeTokens)
      .set({ expiresAt: new Date() })
      .where(and(eq(emailChangeTokens.userId, userId), isNull(emailChangeTokens.usedAt)));
    const [change] = await tx
      .insert(emailChangeTokens)
      .values({
        userId,
        newEmail,
        expiresAt: new Date(Date.now() + EMAIL_CHANGE_HOURS * 3_600_000),
      })
      .returning({ id: emailChangeTokens.id });
    await enqueue(tx, 'auth__email_change_email', { changeId: change.id, requestId: randomUUID() });
  });
  return { newEmail };
}

/** The `auth__email_change_email` task: the link to the new address (token made here), a notice to the old. */
export async function sendEmailChangeEmails(payload: { changeId: string; requestId: string }) {
  const [row] = await db
    .select({ change: emailChangeTokens, name: users.name, email: users.email })
    .from(emailChangeTokens)
    .innerJoin(users, eq(users.id, emailChangeTokens.userId))
    .where(
      and(
        eq(emailChangeTokens.id, payload.changeId),
        isNull(emailChangeTokens.usedAt),
        gt(emailChangeTokens.expiresAt, new Date()),
      ),
    );
  if (!row) return { sent: false as const };
  const confirmKey = `email-change:${payload.requestId}`;
  const [already] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, confirmKey));
  if (!already) {
    const token = generateToken();
    await db
      .update(emailChangeTokens)
      .set({ tokenHash: hashToken(token) })
      .where(eq(emailChangeTokens.id, payload.changeId));
    const confirmUrl = `${publicUrl()}/confirm-email/${token}`;
    await sendEmail({
      brandId: null,
      kind: 'email_change',
      to: row.change.newEmail,
      secrets: [confirmUrl],
      subject: 'Confirm your new Offerlink email address',
      react: createElement(EmailChangeConfirmEmail, {
        name: row.name,
        newEmail: row.change.newEmail,
        confirmUrl,
        expiresInHours: EMAIL_CHANGE_HOURS,
      }),
      idempotencyKey: confirmKey,
    });
  }
  await sendEmail({
    brandId: null,
    kind: 'email_change_notice',
    to: row.email,
    subject: 'Your Offerlink email address is being changed',
    react: createElement(EmailChangeNoticeEmail, {
      name: row.name,
      newEmail: row.change.newEmail,
    }),
    idempotencyKey: `email-change-notice:${payload.requestId}`,
  });
  return { sent: true as const };
}

export type EmailChangeCheck =
  { ok: true; newEmail: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'taken' };

function malformed(token: string) {
  return token.length < 16 || token.length > 100 || !/^[a-z0-9]+$/.test(token);
}

export async function checkEmailChangeToken(token: string): Promise<EmailChangeCheck> {
  if (malformed(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select()
    .from(emailChangeTokens)
    .where(eq(emailChangeTokens.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  return { ok: true, newEmail: row.newEmail };
}

/** Uses the link (once): the person signs in with the new address from now on. */
export async function confirmEmailChange(token: string): Promise<EmailChangeCheck> {
  const check = await checkEmailChangeToken(token);
  if (!check.ok) return check;
  try {
    return await db.transaction(async (tx) => {
      const [used] = await tx
        .update(emailChangeTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(emailChangeTokens.tokenHash, hashToken(token)),
            isNull(emailChangeTokens.usedAt),
            gt(emailChangeTokens.expiresAt, new Date()),
          ),
        )
        .returning({ userId: emailChangeTokens.userId, newEmail: emailChangeTokens.newEmail });
      if (!used) return { ok: false as const, reason: 'used' as const };
      await tx.update(users).set({ email: used.newEmail }).where(eq(users.id, used.userId));
      return { ok: true as const, newEmail: used.newEmail };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) return { ok: false, reason: 'taken' };
    throw error;
  }
}

/** The person's signed-in sessions, newest first, the current one marked. */
export async function listSessions(userId: string, currentSessionId: string) {
  const rows = await db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      lastSeenAt: sessions.lastSeenAt,
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
  return rows.map((row) => ({
    // The session's id is the SHA-256 of its cookie: a handle, not a credential. A shorter
    // handle keeps it out of the page all the same.
    handle: row.id.slice(0, 16),
    device: describeDevice(row.userAgent),
    lastSeenAt: row.lastSeenAt ?? row.createdAt,
    signedInAt: row.createdAt,
    current: row.id === currentSessionId,
  }));
}

/** Signs out one of the person's other sessions, by its handle. */
export async function signOutSession(userId: string, currentSessionId: string, handle: string) {
  if (!/^[0-9a-f]{16}$/.test(handle)) return 0;
  const mine = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  const target = mine.find((s) => s.id.startsWith(handle) && s.id !== currentSessionId);
  if (!target) return 0;
  await db.delete(sessions).where(and(eq(sessions.id, target.id), eq(sessions.userId, userId)));
  return 1;
}

/** "Sign out everywhere else". */
export async function signOutOtherSessions(userId: string, currentSessionId: string) {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)))
    .returning({ id: sessions.id });
  return gone.length;
}
