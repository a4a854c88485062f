import { redirect } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands, users } from '../../db/schema';
import { createBrand } from '../brands/brands.server';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.server';
import { signInThrottle } from './rate-limit.server';
import { createSession, getRequestSession } from './session.server';

export type BrandUser = {
  user: { id: string; name: string; email: string };
  brand: { id: string; name: string };
  sessionId: string;
};

/** The signed-in brand user of a request, or null. */
export async function getBrandUser(request: Request): Promise<BrandUser | null> {
  const session = await getRequestSession(request);
  if (!session?.userId) return null;
  const [row] = await db
    .select({
      user: { id: users.id, name: users.name, email: users.email },
      brand: { id: brands.id, name: brands.name },
    })
    .from(users)
    .innerJoin(brands, eq(brands.id, users.brandId))
    .where(eq(users.id, session.userId))
    .limit(1);
  return row ? { ...row, sessionId: session.id } : null;
}

/**
 * The signed-in brand user, or a redirect to sign-in that comes back here. Every brand query is
 * scoped by the `brand.id` this returns.
 */
export async function requireBrandUser(request: Request): Promise<BrandUser> {
  const brandUser = await getBrandUser(request);
  if (!brandUser) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  return brandUser;
}

export class EmailTakenError extends Error {}

export async function signUp(input: {
  brandName: string;
  name: string;
  email: string;
  password: string;
}) {
  const passwordHash = await hashPassword(input.password);
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, input.email));
  if (existing.length > 0) throw new EmailTakenError();
  const user = await db.transaction(async (tx) => {
    const brand = await createBrand(tx, input.brandName);
    const [user] = await tx
      .insert(users)
      .values({ brandId: brand.id, name: input.name, email: input.email, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) throw new EmailTakenError();
    return user;
  });
  return createSession({ userId: user.id });
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
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
}): Promise<SignInResult> {
  const keys = [`ip:${input.clientAddress}`, `email:${input.email}`];
  const retryAfter = await signInThrottle.attempt(keys);
  if (retryAfter > 0) return { ok: false, error: 'rate_limited', retryAfter };

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
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
  const { token, session } = await createSession({ userId: user.id });
  return { ok: true, token, expiresAt: session.expiresAt };
}
