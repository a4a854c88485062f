import { and, eq, ne } from 'drizzle-orm';
import { db } from '../../db/client';
import { sessions } from '../../db/schema';
import { generateToken, hashToken } from '../tokens.server';

/**
 * Database sessions, the Lucia design: the cookie holds a random token, the database its SHA-256.
 * Sessions last 30 days and slide: used in their last 15 days, they are extended by 30.
 */
const DAY = 24 * 60 * 60 * 1000;
const SESSION_LIFETIME = 30 * DAY;
const RENEW_WITHIN = 15 * DAY;

export const SESSION_COOKIE = 'ol_session';

/**
 * A brand user, or a creator: the member record they signed in through and the email address the
 * sign-in link was sent to (the person, see `app/creators/creator-auth.server.ts`).
 */
export type SessionOwner = { userId: string } | { memberId: string; email: string };

export interface Session {
  id: string;
  userId: string | null;
  memberId: string | null;
  creatorEmail: string | null;
  /** A brand user's current brand (null until chosen, and for creators). */
  brandId: string | null;
  userAgent: string | null;
  lastSeenAt: Date | null;
  expiresAt: Date;
  createdAt?: Date;
}

/** A session's "last seen" is written at most this often, not on every request. */
const LAST_SEEN_EVERY = 5 * 60 * 1000;

export async function createSession(
  owner: SessionOwner,
  extra: { brandId?: string | null; userAgent?: string | null } = {},
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const session: Session = {
    id: hashToken(token),
    userId: 'userId' in owner ? owner.userId : null,
    memberId: 'memberId' in owner ? owner.memberId : null,
    creatorEmail: 'memberId' in owner ? owner.email.toLowerCase() : null,
    brandId: 'userId' in owner ? (extra.brandId ?? null) : null,
    userAgent: extra.userAgent?.slice(0, 500) ?? null,
    lastSeenAt: new Date(),
    expiresAt: new Date(Date.now() + SESSION_LIFETIME),
  };
  await db.insert(sessions).values(session);
  return { token, session };
}

/** The session for a token, extended when close to expiry; null when unknown or expired. */
export async function validateSessionToken(token: string): Promise<Session | null> {
  const id = hashToken(token);
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  if (!row) return null;
  if (Date.now() >= row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const renew = Date.now() >= row.expiresAt.getTime() - RENEW_WITHIN;
  const seen = !row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() >= LAST_SEEN_EVERY;
  if (renew || seen) {
    if (renew) row.expiresAt = new Date(Date.now() + SESSION_LIFETIME);
    row.lastSeenAt = new Date();
    await db
      .update(sessions)
      .set({ expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt })
      .where(eq(sessions.id, id));
  }
  return row;
}

/** Makes `brandId` the session's current brand (the caller has checked the membership). */
export async function setSessionBrand(sessionId: string, brandId: string): Promise<void> {
  await db.update(sessions).set({ brandId }).where(eq(sessions.id, sessionId));
}

/** Ends every session of a brand user, except `keep` (the one making the change) when given. */
export async function invalidateUserSessions(userId: string, keep?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId),
    );
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

function secureCookie(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secureCookie(request)) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(request: Request): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (secureCookie(request)) parts.push('Secure');
  return parts.join('; ');
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return null;
}

/** The valid session of a request, if any. */
export async function getRequestSession(request: Request): Promise<Session | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  return validateSessionToken(token);
}

/** The cookie of the code step of sign-in (two-factor), for ten minutes at most. */
export const TWO_FACTOR_COOKIE = 'ol_2fa';

export function twoFactorCookie(request: Request, token: string | null, expiresAt?: Date): string {
  const parts = [
    `${TWO_FACTOR_COOKIE}=${token ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    token && expiresAt ? `Expires=${expiresAt.toUTCString()}` : 'Max-Age=0',
  ];
  if (secureCookie(request)) parts.push('Secure');
  return parts.join('; ');
}
