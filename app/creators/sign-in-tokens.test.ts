import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { creatorSignInTokens, sessions } from '../../db/schema';
import { hashToken } from '../tokens.server';
import { loader as creatorHomeLoader } from '../routes/creator+/_index';
import { action as signInAction, loader as signInLoader } from '../routes/creator+/sign-in.$token';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
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
    const { token } = await createCreatorSignInToken({ memberId: m.id, brandId: brand.id });
    const rows = await db.select().from(creatorSignInTokens);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);

    expect(await checkCreatorSignInToken(token)).toEqual({
      ok: true,
      memberId: m.id,
      brandId: brand.id,
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
    const { token } = await createCreatorSignInToken({ memberId: m.id, brandId: brand.id });
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

describe('creator landing', () => {
  test('the emailed link opens a session that shows only the creator’s own links', async () => {
    const { brand, member: maya } = await member();
    const other = await createMember(brand.id, { name: 'Other' });
    const { offer, payouts } = await createOffer(brand.id, {
      name: 'Summer Drop',
      description: 'INTERNAL ONLY',
    });
    const mine = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: maya.id,
      payoutOptionId: payouts[0].id,
    });
    const theirs = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: other.id,
      payoutOptionId: payouts[0].id,
    });
    const { token } = await createCreatorSignInToken({ memberId: maya.id, brandId: brand.id });

    // Opening the link does not use the token (mail scanners open links too).
    const page = await callRoute(signInLoader as never, makeRequest(`/creator/sign-in/${token}`), {
      token,
    });
    expect(page.body).toEqual({ valid: true, reason: null });
    const res = await callRoute(
      signInAction as never,
      makeRequest(`/creator/sign-in/${token}`, { method: 'POST', form: {} }),
      { token },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/creator');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const [session] = await db.select().from(sessions).where(eq(sessions.memberId, maya.id));
    expect(session.userId).toBeNull();

    const home = await callRoute(creatorHomeLoader as never, makeRequest('/creator', { cookie }));
    expect(home.status).toBe(200);
    const body = home.body as { links: { id: string; offerName: string; url: string }[] };
    expect(body.links.map((l) => l.id)).toEqual([mine.id]);
    expect(body.links[0].offerName).toBe('Summer Drop');
    expect(body.links[0].url).toContain(`/l/${mine.code}`);
    expect(JSON.stringify(home.body)).not.toContain(theirs.code);
    expect(JSON.stringify(home.body)).not.toContain('INTERNAL');

    // Used once: the second use is refused with the friendly page.
    const again = await callRoute(
      signInAction as never,
      makeRequest(`/creator/sign-in/${token}`, { method: 'POST', form: {} }),
      { token },
    );
    expect(again.body).toEqual({ valid: false, reason: 'used' });
    const reopened = await callRoute(
      signInLoader as never,
      makeRequest(`/creator/sign-in/${token}`),
      { token },
    );
    expect(reopened.body).toEqual({ valid: false, reason: 'used' });
  });

  test('the creator pages refuse visitors without a creator session, and brand users', async () => {
    const { user } = await createBrandWithUser();
    const anonymous = await callRoute(creatorHomeLoader as never, makeRequest('/creator'));
    expect(anonymous.status).toBe(401);
    const brandCookie = await sessionCookieFor({ userId: user.id });
    const brandUser = await callRoute(
      creatorHomeLoader as never,
      makeRequest('/creator', { cookie: brandCookie }),
    );
    expect(brandUser.status).toBe(401);
  });
});
