import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { db } from '../../db/client';
import { totpRecoveryCodes, twoFactorChallenges, users } from '../../db/schema';
import { generateToken, hashToken } from '../tokens.server';
import { verifyPassword } from './password.server';
import { SignInThrottle } from './rate-limit.server';

/**
 * Two-factor sign-in with TOTP (RFC 6238, the `otpauth` library): 6 digits, 30-second steps,
 * SHA-1 (what every authenticator app reads), codes accepted one step either side of now, and
 * never twice: the step of the last accepted code is kept and a code of that step or an earlier
 * one is refused. docs/decisions/043-two-factor-sign-in.md.
 */
const PERIOD = 30;
const ISSUER = 'Offerlink';
export const RECOVERY_CODE_COUNT = 10;
const CHALLENGE_MINUTES = 10;

/** Code attempts: 10 a minute per person (and per client address on the sign-in step). */
export const twoFactorThrottle = new SignInThrottle(10, 60_000);

function totpFor(secret: string, label = '') {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The step a code is accepted for (±1 around now), or null. */
function acceptedStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** Starts (or restarts) enrolment: a new secret, not in force until a code from the app confirms it. */
export async function startEnrolment(userId: string) {
  const secret = new Secret({ size: 20 }).base32;
  await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, userId));
  return secret;
}

/** What the enrolment step shows: the QR code of the otpauth:// URI and the secret to type in. */
export async function enrolmentView(secret: string, email: string) {
  const uri = totpFor(secret, email).toString();
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

function newRecoveryCode(): string {
  // 10 characters of base32 (50 bits), shown as two groups of five.
  const raw = generateToken(10).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

export type TwoFactorRefusal = { ok: false; field: string; message: string };

async function throttled(keys: string[]): Promise<TwoFactorRefusal | null> {
  const retryAfter = await twoFactorThrottle.attempt(keys);
  if (retryAfter === 0) return null;
  return {
    ok: false,
    field: 'code',
    message: `Too many wrong codes. Try again in ${retryAfter} seconds.`,
  };
}

/**
 * Confirms enrolment with a code from the app: two-factor sign-in is on, and ten recovery codes
 * are made; they are returned once, to be shown once, and only their hashes are stored.
 */
export async function confirmEnrolment(
  userId: string,
  code: string,
): Promise<{ ok: true; recoveryCodes: string[] } | TwoFactorRefusal> {
  const refused = await throttled([`2fa:user:${userId}`]);
  if (refused) return refused;
  const [user] = await db
    .select({ pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.pending) {
    return { ok: false, field: 'code', message: 'Start again: set up two-factor sign-in.' };
  }
  const step = acceptedStep(user.pending, code);
  if (step === null) {
    return {
      ok: false,
      field: 'code',
      message: 'That code is not right. Enter the 6 digits your app shows now.',
    };
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        totpSecret: user.pending,
        totpPendingSecret: null,
        totpEnabledAt: new Date(),
        totpLastStep: step,
      })
      .where(eq(users.id, userId));
    await tx.delete(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, userId));
    await tx
      .insert(totpRecoveryCodes)
      .values(
        recoveryCodes.map((c) => ({ userId, codeHash: hashToken(normaliseRecoveryCode(c)) })),
      );
  });
  return { ok: true, recoveryCodes };
}

/**
 * Checks a code from the app, or a recovery code (used up by this check), for a person with
 * two-factor sign-in on. A code's step is recorded in the same statement that accepts it, so a
 * code is accepted once even by concurrent requests.
 */
export async function checkSecondFactor(userId: string, input: string): Promise<boolean> {
  const [user] = await db
    .select({ secret: users.totpSecret })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.secret) return false;
  const step = acceptedStep(user.secret, input);
  if (step !== null) {
    const accepted = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(
        and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
      )
      .returning({ id: users.id });
    return accepted.length === 1;
  }
  const normalised = normaliseRecoveryCode(input);
  if (normalised.length !== 10) return false;
  const used = await db
    .update(totpRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(totpRecoveryCodes.userId, userId),
        eq(totpRecoveryCodes.codeHash, hashToken(normalised)),
        isNull(totpRecoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: totpRecoveryCodes.codeHash });
  return used.length === 1;
}

/** Turns two-factor sign-in off, with the password and a code (or a recovery code). */
export async function disableTwoFactor(
  userId: string,
  input: { password: string; code: string },
): Promise<{ ok: true } | TwoFactorRefusal> {
  const refused = await throttled([`2fa:user:${userId}`]);
  if (refused) return refused;
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    return { ok: false, field: 'password', message: 'That is not your password.' };
  }
  if (!(await checkSecondFactor(userId, input.code))) {
    return { ok: false, field: 'code', message: 'That code is not right, or was used already.' };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, userId));
    await tx.delete(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, userId));
  });
  return { ok: true };
}

export async function twoFactorStatus(userId: string) {
  const [user] = await db
    .select({
      enabledAt: users.totpEnabledAt,
      pending: users.totpPendingSecret,
      email: users.email,
    })
    .from(users)
    .where(eq(users.id, userId));
  const codes = await db
    .select({ usedAt: totpRecoveryCodes.usedAt })
    .from(totpRecoveryCodes)
    .where(eq(totpRecoveryCodes.userId, userId));
  return {
    enabled: Boolean(user?.enabledAt),
    enrolment:
      user && !user.enabledAt && user.pending
        ? await enrolmentView(user.pending, user.email)
        : null,
    recoveryCodesLeft: codes.filter((c) => !c.usedAt).length,
  };
}

/** After a correct password: the step that asks for the code. Returns the cookie's token. */
export async function createTwoFactorChallenge(input: {
  userId: string;
  redirectTo: string | null;
  userAgent: string | null;
}) {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  await db.insert(twoFactorChallenges).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    redirectTo: input.redirectTo,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function findTwoFactorChallenge(token: string | null) {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select()
    .from(twoFactorChallenges)
    .where(
      and(
        eq(twoFactorChallenges.tokenHash, hashToken(token)),
        gt(twoFactorChallenges.expiresAt, new Date()),
      ),
    );
  return row ?? null;
}

/**
 * The code step of sign-in: throttled per person and per client address; a right code (or an
 * unused recovery code) ends the challenge and the caller opens the session.
 */
export async function answerTwoFactorChallenge(
  token: string,
  code: string,
  clientAddress: string,
): Promise<
  | { ok: true; userId: string; redirectTo: string | null; userAgent: string | null }
  | TwoFactorRefusal
  | { ok: false; field: 'expired'; message: string }
> {
  const challenge = await findTwoFactorChallenge(token);
  if (!challenge) {
    return { ok: false, field: 'expired', message: 'Sign in again: the code step expired.' };
  }
  const refused = await throttled([`2fa:user:${challenge.userId}`, `2fa:ip:${clientAddress}`]);
  if (refused) return refused;
  if (!(await checkSecondFactor(challenge.userId, code))) {
    return {
      ok: false,
      field: 'code',
      message: 'That code is not right, or was used already. Enter the code your app shows now.',
    };
  }
  const gone = await db
    .delete(twoFactorChallenges)
    .where(eq(twoFactorChallenges.tokenHash, hashToken(token)))
    .returning({ userId: twoFactorChallenges.userId });
  if (gone.length === 0) {
    return { ok: false, field: 'expired', message: 'Sign in again: the code step expired.' };
  }
  return {
    ok: true,
    userId: challenge.userId,
    redirectTo: challenge.redirectTo,
    userAgent: challenge.userAgent,
  };
}

/** The code an authenticator app shows for a secret at a moment (tests use it as the app). */
export function currentCode(secret: string, timestamp = Date.now()): string {
  return totpFor(secret).generate({ timestamp });
}
