import { and, eq, sql } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { emailOutbox, links, members, sessions } from '../../db/schema';
import { taskList } from '../../workers';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { loader as brandHomeLoader } from '../routes/brand+/_index';
import { loader as creatorBrandsLoader } from '../routes/creator+/_index';
import { loader as creatorLayoutLoader } from '../routes/creator+/$brandId';
import { loader as dashboardLoader } from '../routes/creator+/$brandId._index';
import { loader as offerLoader } from '../routes/creator+/$brandId.offers.$offerId';
import { action as signInRequestAction } from '../routes/creator+/sign-in._index';
import { action as signInAction, loader as signInLoader } from '../routes/creator+/sign-in.$token';
import { action as signOutAction } from '../routes/creator+/sign-out';
import { SIGN_IN_LINKS_PER_ADDRESS } from './sign-in-request.server';
import { createCreatorSignInToken } from './sign-in-tokens.server';
import { queueLinkEmails } from '../links/email-links.server';

const lockedJobCount = async () =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where locked_at is not null`,
      )
    )[0].n,
  );
const jobCount = async (task: string) =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${task}`,
      )
    )[0].n,
  );
const runJobs = async () => {
  await runOnce({ connectionString: process.env.DATABASE_URL!, taskList });
  await expect.poll(lockedJobCount, { timeout: 5_000 }).toBe(0);
};

/** A person (one email) who is a member of two brands, each with an offer and a link. */
async function twoBrandCreator() {
  const email = `maya-${Math.random().toString(36).slice(2)}@example.com`;
  const glow = await createBrandWithUser({ brandName: 'Glow Skincare' });
  const north = await createBrandWithUser({ brandName: 'Northwind Outdoor' });
  const other = await createBrandWithUser({ brandName: 'Not Hers' });
  const atGlow = await createMember(glow.brand.id, { name: 'Maya at Glow', email });
  const atNorth = await createMember(north.brand.id, { name: 'Maya at North', email });
  const stranger = await createMember(other.brand.id, { name: 'Someone else' });
  const glowOffer = await createOffer(glow.brand.id, {
    name: 'Glow Serum',
    description: 'INTERNAL margin notes',
  });
  const northOffer = await createOffer(north.brand.id, { name: 'Tent Sale' });
  const glowLink = await createLink({
    brandId: glow.brand.id,
    offerId: glowOffer.offer.id,
    memberId: atGlow.id,
    payoutOptionId: glowOffer.payouts[0].id,
  });
  const northLink = await createLink({
    brandId: north.brand.id,
    offerId: northOffer.offer.id,
    memberId: atNorth.id,
    payoutOptionId: northOffer.payouts[0].id,
  });
  return {
    email,
    glow,
    north,
    other,
    atGlow,
    atNorth,
    stranger,
    glowOffer,
    northOffer,
    glowLink,
    northLink,
  };
}

async function signInWithToken(token: string) {
  const res = await callRoute(
    signInAction as never,
    makeRequest(`/creator/sign-in/${token}`, { method: 'POST', form: {} }),
    { token },
  );
  expect(res.status).toBe(302);
  return res.headers.get('set-cookie')!.split(';')[0];
}

describe('way in', () => {
  test('one sign-in link opens every brand of the person, each apart, and no other brand', async () => {
    const s = await twoBrandCreator();
    const { token } = await createCreatorSignInToken({
      memberId: s.atGlow.id,
      brandId: s.glow.brand.id,
      email: s.email,
    });
    // Opening the link does not use it (mail scanners open links too).
    const page = await callRoute(signInLoader as never, makeRequest(`/creator/sign-in/${token}`), {
      token,
    });
    expect(page.body).toEqual({ valid: true, reason: null });
    const cookie = await signInWithToken(token);
    const [session] = await db.select().from(sessions).where(eq(sessions.memberId, s.atGlow.id));
    expect(session.userId).toBeNull();
    expect(session.creatorEmail).toBe(s.email);

    const brands = await callRoute(
      creatorBrandsLoader as never,
      makeRequest('/creator', { cookie }),
    );
    expect(brands.body).toEqual({
      name: 'Maya at North',
      brands: [
        { id: s.glow.brand.id, name: 'Glow Skincare' },
        { id: s.north.brand.id, name: 'Northwind Outdoor' },
      ],
    });

    const glowHome = await callRoute(
      dashboardLoader as never,
      makeRequest(`/creator/${s.glow.brand.id}`, { cookie }),
      { brandId: s.glow.brand.id },
    );
    expect(glowHome.status).toBe(200);
    const glowBody = JSON.stringify(glowHome.body);
    expect(glowBody).toContain('Glow Serum');
    expect(glowBody).toContain(s.glowLink.code);
    expect(glowBody).not.toContain('Tent Sale');
    expect(glowBody).not.toContain(s.northLink.code);
    expect(glowBody).not.toContain('INTERNAL');

    const northHome = await callRoute(
      dashboardLoader as never,
      makeRequest(`/creator/${s.north.brand.id}`, { cookie }),
      { brandId: s.north.brand.id },
    );
    expect(JSON.stringify(northHome.body)).toContain('Tent Sale');
    expect(JSON.stringify(northHome.body)).not.toContain('Glow Serum');

    // Another brand's id, or anything that is not an id: 404, like an unknown one.
    for (const brandId of [s.other.brand.id, 'not-a-uuid']) {
      const res = await callRoute(
        creatorLayoutLoader as never,
        makeRequest(`/creator/${brandId}`, { cookie }),
        { brandId },
      );
      expect(res.status).toBe(404);
    }
    // Another brand's offer under one of her brands: 404.
    const foreignOffer = await callRoute(
      offerLoader as never,
      makeRequest(`/creator/${s.glow.brand.id}/offers/${s.northOffer.offer.id}`, { cookie }),
      { brandId: s.glow.brand.id, offerId: s.northOffer.offer.id },
    );
    expect(foreignOffer.status).toBe(404);

    // A brand that later changes its member's address does not widen (or keep) her session there.
    await db
      .update(members)
      .set({ email: 'someone-else@example.com' })
      .where(eq(members.id, s.atNorth.id));
    const after = await callRoute(
      creatorLayoutLoader as never,
      makeRequest(`/creator/${s.north.brand.id}`, { cookie }),
      { brandId: s.north.brand.id },
    );
    expect(after.status).toBe(404);
    await db.update(members).set({ email: s.email }).where(eq(members.id, s.stranger.id));
    const widened = await callRoute(
      creatorLayoutLoader as never,
      makeRequest(`/creator/${s.other.brand.id}`, { cookie }),
      { brandId: s.other.brand.id },
    );
    // The stranger's record now has her address: that brand's portal opens for her own record
    // only, which is what one person, many brands means; it was the brand's choice to add her.
    expect(widened.status).toBe(200);
  });

  test('one brand opens directly; sign-out ends the session', async () => {
    const { brand } = await createBrandWithUser();
    const m = await createMember(brand.id, { name: 'Solo' });
    const { token } = await createCreatorSignInToken({
      memberId: m.id,
      brandId: brand.id,
      email: m.email,
    });
    const cookie = await signInWithToken(token);
    const home = await callRoute(creatorBrandsLoader as never, makeRequest('/creator', { cookie }));
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`/creator/${brand.id}`);
    const out = await callRoute(
      signOutAction as never,
      makeRequest('/creator/sign-out', { method: 'POST', form: {}, cookie }),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const again = await callRoute(
      creatorBrandsLoader as never,
      makeRequest('/creator', { cookie }),
    );
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/creator/sign-in');
  });

  test('expired, reused and tampered links open no session', async () => {
    const { brand } = await createBrandWithUser();
    const m = await createMember(brand.id);
    const { token } = await createCreatorSignInToken({
      memberId: m.id,
      brandId: brand.id,
      email: m.email,
    });
    await signInWithToken(token);
    const before = (await db.select().from(sessions)).length;
    for (const [t, reason] of [
      [token, 'used'],
      [`${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`, 'unknown'],
      ['../../etc/passwd', 'unknown'],
    ] as const) {
      const res = await callRoute(
        signInAction as never,
        makeRequest(`/creator/sign-in/${encodeURIComponent(t)}`, { method: 'POST', form: {} }),
        { token: t },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ valid: false, reason });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect((await db.select().from(sessions)).length).toBe(before);
  });

  test('a creator session never reaches brand pages; a brand session never reaches creator pages', async () => {
    const { brand, user } = await createBrandWithUser();
    const m = await createMember(brand.id);
    const creatorCookie = await sessionCookieFor({ memberId: m.id });
    const brandCookie = await sessionCookieFor({ userId: user.id });
    const brandPage = await callRoute(
      brandHomeLoader as never,
      makeRequest('/brand', { cookie: creatorCookie }),
    );
    expect(brandPage.status).toBe(302);
    expect(brandPage.headers.get('location')).toMatch(/^\/sign-in/);
    for (const [fn, path, params] of [
      [creatorBrandsLoader, '/creator', {}],
      [dashboardLoader, `/creator/${brand.id}`, { brandId: brand.id }],
    ] as const) {
      const res = await callRoute(fn as never, makeRequest(path, { cookie: brandCookie }), params);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/creator/sign-in');
    }
  });
});

describe('asking for a fresh sign-in link', () => {
  const ask = (email: string, ip: string) =>
    callRoute(
      signInRequestAction as never,
      makeRequest('/creator/sign-in', { form: { email }, ip }),
    );

  test('same answer for known and unknown addresses; the link comes through the job queue', async () => {
    const s = await twoBrandCreator();
    const known = await ask(s.email.toUpperCase(), '198.51.100.1');
    const unknown = await ask('nobody-here@example.com', '198.51.100.1');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual({ sent: true, email: s.email, fieldErrors: {} });
    expect(unknown.body).toEqual({
      sent: true,
      email: 'nobody-here@example.com',
      fieldErrors: {},
    });
    expect(await jobCount('creators__sign_in_email')).toBe(2);
    await runJobs();

    const sent = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'creator_sign_in'));
    expect(sent.map((e) => e.toAddress)).toEqual([s.email]);
    const [email] = sent;
    // Two brands: from the installation, naming both; in no brand's outbox.
    expect(email.brandId).toBeNull();
    expect(email.fromAddress).toBe('Offerlink <links@offerlink.local>');
    expect(email.text).toContain('Glow Skincare and Northwind Outdoor');
    expect(email.text).toContain('Hi Maya at North,');
    const token = email.text.match(/\/creator\/sign-in\/([a-z0-9]+)/)![1];
    const cookie = await signInWithToken(token);
    const brands = await callRoute(
      creatorBrandsLoader as never,
      makeRequest('/creator', { cookie }),
    );
    expect((brands.body as { brands: unknown[] }).brands).toHaveLength(2);
  });

  test('a creator of one brand gets it from that brand, with replies to the brand', async () => {
    const { brand, user } = await createBrandWithUser({ brandName: 'Glow "Best" <Skin>' });
    const m = await createMember(brand.id, { name: 'Theo' });
    await ask(m.email, '198.51.100.2');
    await runJobs();
    const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, m.email));
    expect(email.fromAddress).toBe('"Glow Best Skin" <links@offerlink.local>');
    expect(email.replyTo).toBe(user.email);
    expect(email.subject).toBe('Your sign-in link to your Glow "Best" <Skin> dashboard');
  });

  test('a brand’s emails (each with a sign-in link) do not use up the creator’s own requests', async () => {
    const { brand } = await createBrandWithUser({ brandName: 'Glow Skincare' });
    const m = await createMember(brand.id, { name: 'Maya' });
    // Three tracking-link emails from the brand in a few minutes, each carrying a sign-in token.
    for (const name of ['Serum', 'Cleanser', 'Toner']) {
      const { offer, payouts } = await createOffer(brand.id, { name });
      await createLink({
        brandId: brand.id,
        offerId: offer.id,
        memberId: m.id,
        payoutOptionId: payouts[0].id,
      });
      expect(
        await queueLinkEmails(brand.id, offer.id, {
          requestId: `req-${name}`,
          scope: 'all',
          linkIds: [],
        }),
      ).toEqual({ queued: 1 });
    }
    await runJobs();
    const fromBrand = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, m.email));
    expect(fromBrand.map((e) => e.kind)).toEqual(['link', 'link', 'link']);

    // The creator asks for a fresh link: it is told one is on its way, and one is sent.
    const res = await ask(m.email, '198.51.100.40');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sent: true, email: m.email, fieldErrors: {} });
    await runJobs();
    const own = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, m.email), eq(emailOutbox.kind, 'creator_sign_in')));
    expect(own).toHaveLength(1);
    expect(own[0].text).toMatch(/\/creator\/sign-in\/[a-z0-9]+/);
  });

  test('an address’s own requests are limited (3 in 15 minutes): the page says when to try again, the same for an unknown address', async () => {
    const { brand } = await createBrandWithUser();
    const m = await createMember(brand.id);
    const unknown = `nobody-${Math.random().toString(36).slice(2)}@example.com`;
    for (const email of [m.email, unknown]) {
      for (let i = 0; i < SIGN_IN_LINKS_PER_ADDRESS; i++) {
        const res = await ask(email, `192.0.2.${i}`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ sent: true, email, fieldErrors: {} });
        await runJobs();
      }
    }
    const sent = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, m.email));
    expect(sent).toHaveLength(SIGN_IN_LINKS_PER_ADDRESS);

    const jobsBefore = await jobCount('creators__sign_in_email');
    const answers = [];
    for (const email of [m.email, unknown]) {
      const limited = await ask(email, '192.0.2.77');
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      const body = limited.body as {
        sent: boolean;
        email: string;
        fieldErrors: { form: string[] };
      };
      expect(body.sent).toBe(false);
      expect(body.fieldErrors.form[0]).toMatch(
        /asked for 3 times in the last 15 minutes.*Try again in 15 minutes\./,
      );
      answers.push({ ...body, email: '' });
    }
    // Nothing tells a known address from an unknown one, and nothing more is queued.
    expect(answers[0]).toEqual(answers[1]);
    expect(await jobCount('creators__sign_in_email')).toBe(jobsBefore);
    // Another address from the same client is not held up by them.
    expect((await ask('someone-else@example.com', '192.0.2.77')).status).toBe(200);
  });

  test('is rate-limited per client (429, known address or not); bad input is refused', async () => {
    const { brand } = await createBrandWithUser();
    const m = await createMember(brand.id);
    for (let i = 0; i < 10; i++) {
      expect((await ask(`ip-${i}@example.com`, '192.0.2.99')).status).toBe(200);
    }
    for (const email of [m.email, 'unknown-here@example.com']) {
      const limited = await ask(email, '192.0.2.99');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.stringify(limited.body)).toContain('Too many sign-in links asked for');
    }

    const jobsBefore = await jobCount('creators__sign_in_email');
    const bad = await ask('not an email', '192.0.2.120');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      sent: false,
      email: 'not an email',
      fieldErrors: { email: ['Enter a valid email address, like name@example.com.'] },
    });
    expect(await jobCount('creators__sign_in_email')).toBe(jobsBefore);
  });
});

describe('links', () => {
  test('the offer page shows only the creator’s own links, never the description', async () => {
    const s = await twoBrandCreator();
    const colleague = await createMember(s.glow.brand.id, { name: 'Colleague' });
    const theirs = await createLink({
      brandId: s.glow.brand.id,
      offerId: s.glowOffer.offer.id,
      memberId: colleague.id,
      payoutOptionId: s.glowOffer.payouts[0].id,
    });
    const cookie = await sessionCookieFor({ memberId: s.atGlow.id });
    const res = await callRoute(
      offerLoader as never,
      makeRequest(`/creator/${s.glow.brand.id}/offers/${s.glowOffer.offer.id}`, { cookie }),
      { brandId: s.glow.brand.id, offerId: s.glowOffer.offer.id },
    );
    const body = JSON.stringify(res.body);
    expect(body).toContain(s.glowLink.code);
    expect(body).not.toContain(theirs.code);
    expect(body).not.toContain('INTERNAL');
    expect((await db.select().from(links)).length).toBeGreaterThan(0);
  });
});
