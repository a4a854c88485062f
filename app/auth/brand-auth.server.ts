import { redirect } from '@remix-run/node';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brandMemberships, brands, users } from '../../db/schema';
import type { BrandRoleValue } from '../../db/schema/enum-values';
import { createBrand } from '../brands/brands.server';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.server';
import { signInThrottle } from './rate-limit.server';
import { createTwoFactorChallenge } from './two-factor.server';
import { createSession, getRequestSession, setSessionBrand } from './session.server';

export type BrandUser = {
  user: { id: string; name: string; email: string };
  brand: { id: string; name: string };
  role: BrandRoleValue;
  sessionId: string;
  /** The brand requires two-factor sign-in and this person has not set it up. */
  twoFactorMissing: boolean;
};

export type ResolvedBrandUser =
  | { kind: 'anonymous' }
  /** Signed in, but in several brands (or none) and no brand chosen yet for this session. */
  | { kind: 'choose'; userId: string; sessionId: string }
  | { kind: 'ok'; brandUser: BrandUser };

/** The brands a person is in, with their role in each, by brand name. */
export async function brandsOfUser(userId: string) {
  return db
    .select({
      id: brands.id,
      name: brands.name,
      role: brandMemberships.role,
      requireTwoFactor: brands.requireTwoFactor,
    })
    .from(brandMemberships)
    .innerJoin(brands, eq(brands.id, brandMemberships.brandId))
    .where(eq(brandMemberships.userId, userId))
    .orderBy(asc(brands.name), asc(brands.id));
}

/**
 * The person of a request and their current brand: the session's brand while they are still in
 * it; a person in exactly one brand gets it without choosing. Membership is checked on every
 * request, so a removed teammate's open session reaches nothing of that brand.
 */
export async function resolveBrandUser(request: Request): Promise<ResolvedBrandUser> {
  const session = await getRequestSession(request);
  if (!session?.userId) return { kind: 'anonymous' };
  const [person] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      totpEnabledAt: users.totpEnabledAt,
    })
    .from(users)
    .where(eq(users.id, session.userId));
  if (!person) return { kind: 'anonymous' };
  const { totpEnabledAt, ...user } = person;
  const missing = (requireTwoFactor: boolean) => requireTwoFactor && !totpEnabledAt;
  if (session.brandId) {
    const [row] = await db
      .select({
        brand: { id: brands.id, name: brands.name },
        role: brandMemberships.role,
        requireTwoFactor: brands.requireTwoFactor,
      })
      .from(brandMemberships)
      .innerJoin(brands, eq(brands.id, brandMemberships.brandId))
      .where(
        and(eq(brandMemberships.userId, user.id), eq(brandMemberships.brandId, session.brandId)),
      );
    if (row) {
      const { requireTwoFactor, ...access } = row;
      return {
        kind: 'ok',
        brandUser: {
          user,
          ...access,
          sessionId: session.id,
          twoFactorMissing: missing(requireTwoFactor),
        },
      };
    }
  }
  const memberships = await brandsOfUser(user.id);
  if (memberships.length === 1) {
    const [only] = memberships;
    await setSessionBrand(session.id, only.id);
    return {
      kind: 'ok',
      brandUser: {
        user,
        brand: { id: only.id, name: only.name },
        role: only.role,
        sessionId: session.id,
        twoFactorMissing: missing(only.requireTwoFactor),
      },
    };
  }
  return { kind: 'choose', userId: user.id, sessionId: session.id };
}

/** The signed-in person of a request (whatever brand, if any), or null. */
export async function getSignedInPerson(request: Request) {
  const session = await getRequestSession(request);
  if (!session?.userId) return null;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, session.userId));
  return user ? { ...user, sessionId: session.id } : null;
}

/** The signed-in brand user of a request with their current brand, or null. */
export async function getBrandUser(request: Request): Promise<BrandUser | null> {
  const resolved = await resolveBrandUser(request);
  return resolved.kind === 'ok' ? resolved.brandUser : null;
}

/** Whether the request carries a brand user's session (with or without a brand chosen). */
export async function isSignedInBrandUser(request: Request): Promise<boolean> {
  return (await resolveBrandUser(request)).kind !== 'anonymous';
}

/**
 * The signed-in person and their brand, whatever their role, or a redirect to sign-in (or to the
 * brand picker). Brand routes call `requireBrandRole` (permissions.server.ts) instead.
 */
export async function requireBrandUser(request: Request): Promise<BrandUser> {
  const resolved = await resolveBrandUser(request);
  if (resolved.kind === 'ok') return resolved.brandUser;
  const url = new URL(request.url);
  const back = encodeURIComponent(`${url.pathname}${url.search}`);
  throw redirect(
    resolved.kind === 'choose' ? `/choose-brand?redirectTo=${back}` : `/sign-in?redirectTo=${back}`,
  );
}

export class EmailTakenError extends Error {}

export async function signUp(input: {
  brandName: string;
  name: string;
  email: string;
  password: string;
  userAgent?: string | null;
}) {
  const passwordHash = await hashPassword(input.password);
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, input.email));
  if (existing.length > 0) throw new EmailTakenError();
  const { user, brand } = await db.transaction(async (tx) => {
    const brand = await createBrand(tx, input.brandName);
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, lastSignInAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) throw new EmailTakenError();
    await tx.insert(brandMemberships).values({ userId: user.id, brandId: brand.id, role: 'owner' });
    return { user, brand };
  });
  return createSession({ userId: user.id }, { brandId: brand.id, userAgent: input.userAgent });
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
  /** The password is right and the person has two-factor sign-in: the code step comes next. */
  | { ok: 'two_factor'; challengeToken: string; expiresAt: Date }
  | { ok: false; error: 'invalid' }
  | { ok: false; error: 'rate_limited'; retryAfter: number };

/**
 * Checks an email and password. Attempts count against the client address and the email (shared by
 * every process, in PostgreSQL); past the limit the answer is `rate_limited` without checking the
 * password at all. A successful sign-in gives its attempt back.
 */
export async function signIn(input: {
  email: string;
  password: string;
  clientAddress: string;
  userAgent?: string | null;
  redirectTo?: string | null;
}): Promise<SignInResult> {
  const keys = [`ip:${input.clientAddress}`, `email:${input.email}`];
  const retryAfter = await signInThrottle.attempt(keys);
  if (retryAfter > 0) return { ok: false, error: 'rate_limited', retryAfter };

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, totpSecret: users.totpSecret })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  const valid = await verifyPassword(
    user?.passwordHash ?? (await dummyPasswordHash()),
    input.password,
  );
  // A failed attempt stays counted (it was counted before the check).
  if (!user || !valid) return { ok: false, error: 'invalid' };
  await signInThrottle.succeeded(keys, [`email:${input.email}`]);
  if (user.totpSecret) {
    const challenge = await createTwoFactorChallenge({
      userId: user.id,
      redirectTo: input.redirectTo ?? null,
      userAgent: input.userAgent ?? null,
    });
    return { ok: 'two_factor', challengeToken: challenge.token, expiresAt: challenge.expiresAt };
  }
  return openSession(user.id, input.userAgent);
}

/** A signed-in session for a person whose password (and code, if any) are checked. */
export async function openSession(
  userId: string,
  userAgent: string | null | undefined,
): Promise<{ ok: true; token: string; expiresAt: Date }> {
  const user = { id: userId };
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  // A person in one brand starts in it; a person in several picks one next (/choose-brand).
  const memberships = await brandsOfUser(user.id);
  const { token, session } = await createSession(
    { userId: user.id },
    { brandId: memberships.length === 1 ? memberships[0].id : null, userAgent },
  );
  return { ok: true, token, expiresAt: session.expiresAt };
}
