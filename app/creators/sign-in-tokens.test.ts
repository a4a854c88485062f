import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createMember } from '../../seed/factories';
import { creatorSignInTokens } from '../../db/schema';
import { hashToken } from '../tokens.server';
import {
  checkCreatorSignInToken,
  consumeCreatorSignInToken,
  createCreatorSignInToken,
} from './sign-in-tokens.server';

async function member() {
  const { brand } = await createBrandWithUser();
  const m = await createMember(brand.id, { name: 'Maya' });
  return { brand, member: m };
}

describe('creator sign-in tokens', () => {
  test('are stored hashed, work once, and refuse reuse', async () => {
    const { brand, member: m } = await member();
    const { token } = await createCreatorSignInToken({
      memberId: m.id,
      brandId: brand.id,
      email: m.email,
    });
    const rows = await db.select().from(creatorSignInTokens);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);

    expect(await checkCreatorSignInToken(token)).toEqual({
      ok: true,
      memberId: m.id,
      brandId: brand.id,
      email: m.email,
    });
    const [first, second] = await Promise.all([
      consumeCreatorSignInToken(token),
      consumeCreatorSignInToken(token),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(await consumeCreatorSignInToken(token)).toEqual({ ok: false, reason: 'used' });
  });

  test('expire', async () => {
    const { brand, member: m } = await member();
    const { token } = await createCreatorSignInToken({
      memberId: m.id,
      brandId: brand.id,
      email: m.email,
    });
    await db
      .update(creatorSignInTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(creatorSignInTokens.tokenHash, hashToken(token)));
    expect(await consumeCreatorSignInToken(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await consumeCreatorSignInToken('a'.repeat(32))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await consumeCreatorSignInToken("' or 1=1 --")).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });
});
