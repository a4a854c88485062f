/**
 * The Account page through its routes: name, password (current one required, other sessions
 * end), email change (confirmed by a link to the new address, the old one told; used, expired
 * and tampered links get a clear page and no session), the session list and signing out.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { emailChangeTokens, emailOutbox, sessions, users } from '../../db/schema';
import { createBrandWithUser } from '../../seed/factories';
import { callRoute, makeRequest } from '../../test/routes';
import * as accountRoute from '../routes/brand+/account';
import * as confirmRoute from '../routes/_auth+/confirm-email.$token';
import { verifyPassword } from './password.server';
import { createSession, SESSION_COOKIE } from './session.server';
import { runJobs } from '../../test/jobs';

const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const LAPTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

async function person() {
  const account = await createBrandWithUser({ name: 'Pia Person' });
  const here = await createSession({ userId: account.user.id }, { userAgent: LAPTOP });
  const phone = await createSession({ userId: account.user.id }, { userAgent: PHONE });
  return {
    ...account,
    cookie: `${SESSION_COOKIE}=${here.token}`,
    here: here.session,
    phone: phone.session,
  };
}

const post = (cookie: string, form: Record<string, string>) =>
  callRoute(accountRoute.action, makeRequest('/brand/account', { cookie, form }));
const sessionIds = async (userId: string) =>
  (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)))
    .map((s) => s.id)
    .sort();

describe('account', () => {
  test('the name changes; the session list names devices and marks this one', async () => {
    const p = await person();
    expect((await post(p.cookie, { intent: 'name', name: '' })).status).toBe(400);
    expect((await post(p.cookie, { intent: 'name', name: 'Pia Renamed' })).status).toBe(200);
    const page = await callRoute(
      accountRoute.loader,
      makeRequest('/brand/account', { cookie: p.cookie }),
    );
    const body = page.body as Awaited<ReturnType<typeof accountRoute.loader>>;
    expect(body.user.name).toBe('Pia Renamed');
    expect(body.sessions.map((s) => [s.device, s.current]).sort()).toEqual([
      ['Chrome on Windows', true],
      ['Safari on iPhone', false],
    ]);
    const phone = body.sessions.find((s) => !s.current)!;
    const out = await post(p.cookie, { intent: 'sign-out-session', handle: phone.handle });
    expect(out.status).toBe(200);
    expect(await sessionIds(p.user.id)).toEqual([p.here.id]);
  });

  test('a new password needs the current one and ends every other session', async () => {
    const p = await person();
    const wrong = await post(p.cookie, {
      intent: 'password',
      currentPassword: 'not it at all',
      password: 'a-new-long-password',
      confirmPassword: 'a-new-long-password',
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('That is not your current password.');
    expect((await sessionIds(p.user.id)).length).toBe(2);
    const common = await post(p.cookie, {
      intent: 'password',
      currentPassword: p.password,
      password: '1234567890',
      confirmPassword: '1234567890',
    });
    expect(JSON.stringify(common.body)).toContain('one of the most common ones');
    const done = await post(p.cookie, {
      intent: 'password',
      currentPassword: p.password,
      password: 'a-new-long-password',
      confirmPassword: 'a-new-long-password',
    });
    expect(done.status).toBe(200);
    expect(await sessionIds(p.user.id)).toEqual([p.here.id]);
    const [row] = await db.select().from(users).where(eq(users.id, p.user.id));
    expect(await verifyPassword(row.passwordHash, 'a-new-long-password')).toBe(true);
  });

  test('wrong current passwords are throttled', async () => {
    const p = await person();
    for (let i = 0; i < 10; i++) {
      await post(p.cookie, { intent: 'email', currentPassword: `wrong ${i}`, newEmail: 'a@b.co' });
    }
    const refused = await post(p.cookie, {
      intent: 'email',
      currentPassword: p.password,
      newEmail: 'a@b.co',
    });
    expect(JSON.stringify(refused.body)).toContain('Too many wrong passwords');
    expect(
      await db.select().from(emailChangeTokens).where(eq(emailChangeTokens.userId, p.user.id)),
    ).toHaveLength(0);
  });

  test('sign out everywhere else', async () => {
    const p = await person();
    const out = await post(p.cookie, { intent: 'sign-out-others' });
    expect(JSON.stringify(out.body)).toContain('Signed out 1 other session.');
    expect(await sessionIds(p.user.id)).toEqual([p.here.id]);
  });
});

describe('email change', () => {
  const open = (token: string) =>
    callRoute(confirmRoute.loader, makeRequest(`/confirm-email/${token}`), { token });
  const confirm = (token: string) =>
    callRoute(confirmRoute.action, makeRequest(`/confirm-email/${token}`, { method: 'POST' }), {
      token,
    });

  test('confirmed by the link to the new address; the old one told; the link works once', async () => {
    const p = await person();
    const newEmail = `pia-new-${Date.now()}@example.com`;
    const asked = await post(p.cookie, {
      intent: 'email',
      currentPassword: p.password,
      newEmail,
    });
    expect(asked.status).toBe(200);
    await runJobs();
    await runJobs();
    const [toNew] = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, newEmail), eq(emailOutbox.kind, 'email_change')));
    const notices = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, p.user.email));
    expect(notices.map((n) => n.kind)).toEqual(['email_change_notice']);
    expect(notices[0].text).toContain(newEmail);
    const token = /\/confirm-email\/([a-z0-9]+)/.exec(toNew.text)![1];
    // Nothing changed yet.
    const [before] = await db.select().from(users).where(eq(users.id, p.user.id));
    expect(before.email).toBe(p.user.email);

    expect((await open(token)).body).toMatchObject({ newEmail });
    const done = await confirm(token);
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toBeNull();
    const [after] = await db.select().from(users).where(eq(users.id, p.user.id));
    expect(after.email).toBe(newEmail);

    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ reason: 'used' });
  });

  test('tampered and expired links: a clear page, nothing changes, no session', async () => {
    const p = await person();
    const newEmail = `pia-late-${Date.now()}@example.com`;
    await post(p.cookie, { intent: 'email', currentPassword: p.password, newEmail });
    await runJobs();
    const [toNew] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, newEmail));
    const token = /\/confirm-email\/([a-z0-9]+)/.exec(toNew.text)![1];
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const bad of [tampered, 'nope']) {
      expect((await open(bad)).body).toMatchObject({ reason: 'unknown' });
      const refused = await confirm(bad);
      expect(refused.body).toMatchObject({ reason: 'unknown' });
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    await db
      .update(emailChangeTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailChangeTokens.userId, p.user.id));
    expect((await confirm(token)).body).toMatchObject({ reason: 'expired' });
    const [after] = await db.select().from(users).where(eq(users.id, p.user.id));
    expect(after.email).toBe(p.user.email);
  });

  test('an address another account uses is refused', async () => {
    const p = await person();
    const other = await createBrandWithUser();
    const taken = await post(p.cookie, {
      intent: 'email',
      currentPassword: p.password,
      newEmail: other.user.email,
    });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.body)).toContain('Another account signs in with that address.');
  });
});
