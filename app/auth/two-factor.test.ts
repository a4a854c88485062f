/**
 * Two-factor sign-in (TOTP) through its routes: enrolment confirmed by a code, ten recovery codes
 * shown once and stored hashed, the code step of sign-in (±1 step, no replay, recovery codes
 * once, throttled), turning it off with password + code, and a brand that requires it.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { totpRecoveryCodes, users } from '../../db/schema';
import { addTeammate, createBrandWithUser } from '../../seed/factories';
import { callRoute, makeRequest } from '../../test/routes';
import * as accountRoute from '../routes/brand+/account';
import * as offersRoute from '../routes/brand+/offers._index';
import * as signInRoute from '../routes/_auth+/sign-in';
import * as teamRoute from '../routes/brand+/team';
import * as twoFactorRoute from '../routes/_auth+/two-factor';
import { createSession, SESSION_COOKIE, TWO_FACTOR_COOKIE } from './session.server';
import { checkSecondFactor, currentCode } from './two-factor.server';
import { hashToken } from '../tokens.server';

let ips = 0;
const cookieOf = (headers: Headers, name: string) =>
  (headers.get('set-cookie') ?? '')
    .split(/,(?=\s*\w+=)/)
    .map((c) => c.trim().split(';')[0])
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1) ?? null;

async function enrolled() {
  const account = await createBrandWithUser();
  const { token } = await createSession({ userId: account.user.id });
  const cookie = `${SESSION_COOKIE}=${token}`;
  const post = (form: Record<string, string>) =>
    callRoute(accountRoute.action, makeRequest('/brand/account', { cookie, form }));
  expect((await post({ intent: 'totp-start' })).status).toBe(200);
  const [{ pending }] = await db
    .select({ pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, account.user.id));
  const wrong = await post({ intent: 'totp-confirm', code: '000000' });
  expect(wrong.status).toBe(400);
  const on = await post({ intent: 'totp-confirm', code: currentCode(pending!) });
  expect(on.status).toBe(200);
  const recoveryCodes = (on.body as { recoveryCodes: string[] }).recoveryCodes;
  return { ...account, cookie, post, secret: pending!, recoveryCodes };
}

async function passwordStep(email: string, password: string) {
  const result = await callRoute(
    signInRoute.action,
    makeRequest('/sign-in', { form: { email, password }, ip: `192.0.2.${++ips % 250}` }),
  );
  return { result, challenge: cookieOf(result.headers, TWO_FACTOR_COOKIE) };
}

const codeStep = (challenge: string, code: string) =>
  callRoute(
    twoFactorRoute.action,
    makeRequest('/two-factor', { cookie: challenge, form: { code }, ip: '198.51.100.9' }),
  );

describe('two-factor sign-in', () => {
  test('enrolment gives ten recovery codes, stored only as hashes', async () => {
    const p = await enrolled();
    expect(p.recoveryCodes).toHaveLength(10);
    expect(new Set(p.recoveryCodes).size).toBe(10);
    const stored = await db
      .select()
      .from(totpRecoveryCodes)
      .where(eq(totpRecoveryCodes.userId, p.user.id));
    expect(stored.map((s) => s.codeHash).sort()).toEqual(
      p.recoveryCodes.map((c) => hashToken(c.replace('-', ''))).sort(),
    );
    const page = await callRoute(
      accountRoute.loader,
      makeRequest('/brand/account', { cookie: p.cookie }),
    );
    expect(JSON.stringify(page.body)).not.toContain(p.recoveryCodes[0]);
    expect(page.body).toMatchObject({ twoFactor: { enabled: true, recoveryCodesLeft: 10 } });
  });

  test('sign-in asks for the code; a used code is refused; a recovery code works once', async () => {
    const p = await enrolled();
    const first = await passwordStep(p.user.email, p.password);
    expect(first.result.status).toBe(302);
    expect(first.result.headers.get('location')).toBe('/two-factor');
    expect(first.challenge).not.toBeNull();
    expect(cookieOf(first.result.headers, SESSION_COOKIE)).toBeNull();

    expect((await codeStep(first.challenge!, '123456')).status).toBe(400);
    // The code confirming enrolment was this step's: it is not accepted again.
    const replay = await codeStep(first.challenge!, currentCode(p.secret));
    expect(replay.status).toBe(400);
    expect(JSON.stringify(replay.body)).toContain('was used already');

    const recovery = await codeStep(first.challenge!, p.recoveryCodes[0].toUpperCase());
    expect(recovery.status).toBe(302);
    expect(cookieOf(recovery.headers, SESSION_COOKIE)).not.toBeNull();

    const second = await passwordStep(p.user.email, p.password);
    const reused = await codeStep(second.challenge!, p.recoveryCodes[0]);
    expect(reused.status).toBe(400);
    expect(cookieOf(reused.headers, SESSION_COOKIE)).toBeNull();
  });

  test('codes one step either side of now are accepted, older ones and replays are not', async () => {
    const p = await enrolled();
    const now = Date.now();
    // Enrolment used the current step: the next step's code is fine once, then never again.
    const next = currentCode(p.secret, now + 30_000);
    expect(await checkSecondFactor(p.user.id, next)).toBe(true);
    expect(await checkSecondFactor(p.user.id, next)).toBe(false);
    // An earlier step's code, though within the window, is older than the last one used.
    expect(await checkSecondFactor(p.user.id, currentCode(p.secret, now - 30_000))).toBe(false);
    expect(await checkSecondFactor(p.user.id, currentCode(p.secret, now + 120_000))).toBe(false);
  });

  test('the code step is throttled', async () => {
    const p = await enrolled();
    const { challenge } = await passwordStep(p.user.email, p.password);
    for (let i = 0; i < 10; i++) await codeStep(challenge!, '000000');
    const refused = await codeStep(challenge!, p.recoveryCodes[1]);
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toContain('Too many wrong codes');
  });

  test('turning it off needs the password and a code', async () => {
    const p = await enrolled();
    const noPassword = await p.post({
      intent: 'totp-disable',
      password: 'wrong',
      code: p.recoveryCodes[2],
    });
    expect(JSON.stringify(noPassword.body)).toContain('That is not your password.');
    const noCode = await p.post({ intent: 'totp-disable', password: p.password, code: '000000' });
    expect(noCode.status).toBe(400);
    const off = await p.post({
      intent: 'totp-disable',
      password: p.password,
      code: p.recoveryCodes[3],
    });
    expect(off.status).toBe(200);
    const { result } = await passwordStep(p.user.email, p.password);
    expect(result.headers.get('location')).toBe('/brand');
  });

  test("the owner's rule: members without two-factor are sent to set it up", async () => {
    const owner = await createBrandWithUser();
    const ownerCookie = `${SESSION_COOKIE}=${(await createSession({ userId: owner.user.id })).token}`;
    const mate = await addTeammate(owner.brand.id, { role: 'admin' });
    const mateCookie = `${SESSION_COOKIE}=${(await createSession({ userId: mate.user.id })).token}`;
    const byAdmin = await callRoute(
      teamRoute.action,
      makeRequest('/brand/team', {
        cookie: mateCookie,
        form: { intent: 'require-two-factor', requireTwoFactor: 'on' },
      }),
    );
    expect(byAdmin.status).toBe(403);
    const on = await callRoute(
      teamRoute.action,
      makeRequest('/brand/team', {
        cookie: ownerCookie,
        form: { intent: 'require-two-factor', requireTwoFactor: 'on' },
      }),
    );
    expect(on.status).toBe(200);
    const offers = await callRoute(
      offersRoute.loader,
      makeRequest('/brand/offers', { cookie: mateCookie }),
    );
    expect(offers.status).toBe(302);
    expect(offers.headers.get('location')).toBe('/brand/account?twoFactor=required');
    const account = await callRoute(
      accountRoute.loader,
      makeRequest('/brand/account?twoFactor=required', { cookie: mateCookie }),
    );
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ twoFactorRequired: true });
  });
});
