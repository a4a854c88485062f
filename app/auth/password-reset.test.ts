/**
 * "Forgot your password?" through its routes and the real job: the same answer for known and
 * unknown addresses, one email per request, only the token's hash stored, a single-use link
 * valid an hour that ends every session, throttled per client address and per email address;
 * used, expired and tampered links get a clear page and no session.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { emailOutbox, passwordResetTokens, sessions } from '../../db/schema';
import { createBrandWithUser } from '../../seed/factories';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as forgot from '../routes/_auth+/forgot-password';
import * as reset from '../routes/_auth+/reset-password.$token';
import * as signInRoute from '../routes/_auth+/sign-in';
import { hashToken } from '../tokens.server';
import { runJobs } from '../../test/jobs';

let ips = 0;
const ask = (email: string, ip = `198.51.100.${++ips % 250}`) =>
  callRoute(forgot.action, makeRequest('/forgot-password', { form: { email }, ip }));

async function resetEmails(to: string) {
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, to))
    .orderBy(sql`created_at desc`);
  return rows.map((r) => ({
    ...r,
    token: /\/reset-password\/([a-z0-9]+)/.exec(r.text)?.[1] ?? '',
  }));
}

const open = (token: string) =>
  callRoute(reset.loader, makeRequest(`/reset-password/${token}`), { token });
const use = (token: string, password: string, confirmPassword = password) =>
  callRoute(
    reset.action,
    makeRequest(`/reset-password/${token}`, { form: { password, confirmPassword } }),
    { token },
  );
const signIn = (email: string, password: string) =>
  callRoute(
    signInRoute.action,
    makeRequest('/sign-in', { form: { email, password }, ip: `192.0.2.${++ips % 250}` }),
  );

describe('password reset', () => {
  test('the same answer for a known and an unknown address; only the known one gets an email', async () => {
    const { user } = await createBrandWithUser();
    const unknown = `nobody-${Date.now()}@example.com`;
    const known = await ask(user.email);
    const other = await ask(unknown);
    expect(known.status).toBe(200);
    expect(other.status).toBe(200);
    expect(JSON.stringify(known.body).replace(user.email, 'X')).toBe(
      JSON.stringify(other.body).replace(unknown, 'X'),
    );
    await runJobs();
    await runJobs();
    expect(await resetEmails(unknown)).toHaveLength(0);
    const emails = await resetEmails(user.email);
    expect(emails).toHaveLength(1);
    expect(emails[0].text).toContain('Did not ask for this?');
    expect(emails[0].text).toContain('expires in 60 minutes');
    const [row] = await db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.userId, user.id));
    expect(row.tokenHash).toBe(hashToken(emails[0].token));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(
      3_600_000 + 5_000,
    );
  });

  test('the link sets a new password once and ends every session; old password refused', async () => {
    const { user, password } = await createBrandWithUser();
    const cookies = [
      await sessionCookieFor({ userId: user.id }),
      await sessionCookieFor({ userId: user.id }),
    ];
    expect(cookies).toHaveLength(2);
    await ask(user.email);
    await runJobs();
    const [{ token }] = await resetEmails(user.email);
    expect((await open(token)).body).toMatchObject({ email: user.email, reason: null });

    const weak = await use(token, 'password123');
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain('one of the most common ones');
    const mismatch = await use(token, 'a-brand-new-password', 'something-else-entirely');
    expect(JSON.stringify(mismatch.body)).toContain('The two passwords are not the same.');

    const done = await use(token, 'a-brand-new-password');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/sign-in?passwordReset=1');
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await signIn(user.email, password)).status).toBe(400);
    expect((await signIn(user.email, 'a-brand-new-password')).status).toBe(302);

    // Used: a clear page, the password stays, no session.
    const again = await use(token, 'yet-another-password');
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ reason: 'used' });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await open(token)).body).toMatchObject({ reason: 'used' });
    expect((await signIn(user.email, 'a-brand-new-password')).status).toBe(302);
  });

  test('tampered and expired links: a clear page and nothing changes', async () => {
    const { user, password } = await createBrandWithUser();
    await ask(user.email);
    await runJobs();
    const [{ token }] = await resetEmails(user.email);
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const bad of [tampered, 'short', 'x'.repeat(300)]) {
      expect((await open(bad)).body).toMatchObject({ reason: 'unknown' });
      const refused = await use(bad, 'a-brand-new-password');
      expect(refused.body).toMatchObject({ reason: 'unknown' });
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    await db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, user.id));
    expect((await open(token)).body).toMatchObject({ reason: 'expired' });
    expect((await use(token, 'a-brand-new-password')).body).toMatchObject({ reason: 'expired' });
    expect((await signIn(user.email, password)).status).toBe(302);
  });

  test('throttled per client address and per email address, with Retry-After', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 10; i++) {
      expect((await ask(`someone-${i}-${Date.now()}@example.com`, ip)).status).toBe(200);
    }
    const byIp = await ask(`someone-else-${Date.now()}@example.com`, ip);
    expect(byIp.status).toBe(429);
    expect(Number(byIp.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(byIp.body)).toContain('Too many requests');

    const target = `target-${Date.now()}@example.com`;
    for (let i = 0; i < 10; i++) expect((await ask(target, `192.0.2.${i + 1}`)).status).toBe(200);
    expect((await ask(target, '192.0.2.200')).status).toBe(429);
  });
});
