import { and, eq, gt, isNull } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { creatorSignInTokens, members } from '../../db/schema';
import { generateToken, hashToken } from '../tokens.server';

export const CREATOR_SIGN_IN_TOKEN_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

/**
 * A single-use sign-in link token for a creator's dashboard, valid for 7 days. Only its SHA-256 is
 * stored, so the table cannot be replayed. Returns the token itself (it goes into the email).
 */
export async function createCreatorSignInToken(
  input: { memberId: string; brandId: string; email?: string },
  tx: Tx = db,
): Promise<{ token: string; expiresAt: Date }> {
  // The address the link goes to; by default the member's address now, when it is sent.
  const email = input.email ?? (await memberEmail(input.memberId, tx));
  const token = generateToken();
  const expiresAt = new Date(Date.now() + CREATOR_SIGN_IN_TOKEN_DAYS * DAY);
  await tx.insert(creatorSignInTokens).values({
    tokenHash: hashToken(token),
    memberId: input.memberId,
    brandId: input.brandId,
    email: email.toLowerCase(),
    expiresAt,
  });
  return { token, expiresAt };
}

export type TokenCheck =
  | { ok: true; memberId: string; brandId: string; email: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Tokens made before the address was recorded were sent to the member's address of the time. */
async function memberEmail(memberId: string, tx: Tx = db): Promise<string> {
  const [row] = await tx
    .select({ email: members.email })
    .from(members)
    .where(eq(members.id, memberId));
  return row?.email ?? '';
}

function malformed(token: string) {
  return token.length < 16 || token.length > 100 || !/^[a-z0-9]+$/.test(token);
}

/** Whether a token can still be used, without using it (the confirmation page). */
export async function checkCreatorSignInToken(token: string): Promise<TokenCheck> {
  if (malformed(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select()
    .from(creatorSignInTokens)
    .where(eq(creatorSignInTokens.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    memberId: row.memberId,
    brandId: row.brandId,
    email: row.email ?? (await memberEmail(row.memberId)),
  };
}

/**
 * Uses a token: one conditional update marks it used, so two concurrent uses cannot both succeed.
 * Expired, used and unknown tokens are refused.
 */
export async function consumeCreatorSignInToken(token: string): Promise<TokenCheck> {
  if (malformed(token)) return { ok: false, reason: 'unknown' };
  const tokenHash = hashToken(token);
  const [used] = await db
    .update(creatorSignInTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(creatorSignInTokens.tokenHash, tokenHash),
        isNull(creatorSignInTokens.usedAt),
        gt(creatorSignInTokens.expiresAt, new Date()),
      ),
    )
    .returning({
      memberId: creatorSignInTokens.memberId,
      brandId: creatorSignInTokens.brandId,
      email: creatorSignInTokens.email,
    });
  if (used) return { ok: true, ...used, email: used.email ?? (await memberEmail(used.memberId)) };
  const check = await checkCreatorSignInToken(token);
  return check.ok ? { ok: false, reason: 'used' } : check;
}
