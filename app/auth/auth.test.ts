import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser } from '../../seed/factories';
import { sessions } from '../../db/schema';
import { action as signInAction } from '../routes/_auth+/sign-in';
import { action as signUpAction } from '../routes/_auth+/sign-up';
import { callRoute, makeRequest } from '../../test/routes';
import { getBrandUser, requireBrandUser } from './brand-auth.server';
import { createSession, SESSION_COOKIE, validateSessionToken } from './session.server';
import { hashToken } from '../tokens.server';

function formRequest(path: string, fields: Record<string, string>, ip = '203.0.113.7') {
  return makeRequest(path, { form: fields, ip });
}

const callAction = (fn: typeof signInAction | typeof signUpAction, request: Request) =>
  callRoute(fn as never, request);

const sessionCount = async () => (await db.select().from(sessions)).length;

describe('sign-up', () => {
  test('creates a brand, its first user and a session', async () => {
    const result = await callAction(
      signUpAction,
      formRequest('/sign-up', {
        brandName: 'Acme <b>Co</b>',
        name: 'Ada',
        email: 'Ada@Example.com',
        password: 'a long enough password',
      }),
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe('/brand');
    const cookie = result.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = cookie.split(';')[0].split('=')[1];
    const request = new Request('http://localhost/brand', {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    const brandUser = await getBrandUser(request);
    expect(brandUser?.user.email).toBe('ada@example.com');
    expect(brandUser?.brand.name).toBe('Acme <b>Co</b>');
    // Only the hash of the token is stored.
    const [row] = await db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashToken(token)));
    expect(row).toBeDefined();
    expect((await db.select().from(sessions)).some((s) => s.id === token)).toBe(false);
  });

  test('refuses a taken email, a short password and empty fields', async () => {
    const { user } = await createBrandWithUser({ email: 'taken@example.com' });
    expect(user).toBeDefined();
    const taken = await callAction(
      signUpAction,
      formRequest('/sign-up', {
        brandName: 'B',
        name: 'N',
        email: 'TAKEN@example.com',
        password: 'a-long-uncommon-password',
      }),
    );
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.body)).toContain('already exists');
    const bad = await callAction(
      signUpAction,
      formRequest('/sign-up', { brandName: '', name: '', email: 'nope', password: 'short' }),
    );
    expect(bad.status).toBe(400);
    const errors = (bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(['brandName', 'email', 'name', 'password']);
    expect(errors.password).toEqual(['Use at least 10 characters.']);
  });

  test('refuses a password under 10 characters and the most common ones, saying so', async () => {
    const attempt = (password: string) =>
      callAction(
        signUpAction,
        formRequest('/sign-up', {
          brandName: 'Common',
          name: 'Cam',
          email: `common-${password.length}@example.com`,
          password,
        }),
      );
    const short = await attempt('nine-char');
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('Use at least 10 characters.');
    for (const common of ['password123', 'QWERTYUIOP', '1234567890']) {
      const refused = await attempt(common);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('one of the most common ones');
    }
    const [{ count }] = await db.$client<{ count: number }[]>`
      select count(*)::int as count from users where email like 'common-%'`;
    expect(count).toBe(0);
    expect((await attempt('ten-chars!')).status).toBe(302);
  });
});

describe('sign-in', () => {
  test('a correct password opens a session and redirects only to local paths', async () => {
    const { user, password } = await createBrandWithUser();
    const ok = await callAction(
      signInAction,
      formRequest('/sign-in', { email: user.email, password, redirectTo: '//evil.example/x' }),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/brand');
    expect(ok.headers.get('set-cookie')).toContain(`${SESSION_COOKIE}=`);
  });

  test.each([
    ['a wrong password', { password: 'wrong password' }, 'The email or password is incorrect.'],
    ['an unknown email', { email: 'nobody@example.com' }, 'The email or password is incorrect.'],
    ['an empty form', { email: '', password: '' }, 'Enter your email address.'],
    ['a 10 kB password', { password: 'x'.repeat(10_240) }, 'A password is at most 128 characters.'],
  ])('%s gets a clear message and no session', async (_label, override, message) => {
    const { user, password } = await createBrandWithUser();
    const before = await sessionCount();
    const result = await callAction(
      signInAction,
      formRequest(
        '/sign-in',
        { email: user.email, password, ...override },
        `198.51.100.${Math.floor(Math.random() * 200)}`,
      ),
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain(message);
    expect(result.headers.get('set-cookie')).toBeNull();
    expect(await sessionCount()).toBe(before);
  });

  test('20 bad attempts in a minute from one address are refused, even with the right password', async () => {
    const { user, password } = await createBrandWithUser();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await callAction(
        signInAction,
        formRequest(
          '/sign-in',
          { email: `guess${i}@example.com`, password: 'guess' },
          '192.0.2.99',
        ),
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const right = await callAction(
      signInAction,
      formRequest('/sign-in', { email: user.email, password }, '192.0.2.99'),
    );
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.stringify(right.body)).toContain('Too many failed sign-in attempts');
    // Another address is not affected.
    const elsewhere = await callAction(
      signInAction,
      formRequest('/sign-in', { email: user.email, password }, '192.0.2.100'),
    );
    expect(elsewhere.status).toBe(302);
  });
});

describe('sessions', () => {
  test('expired sessions are refused and removed; sessions near expiry slide forward', async () => {
    const { user } = await createBrandWithUser();
    const { token, session } = await createSession({ userId: user.id });
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 24 * 3600e3) })
      .where(eq(sessions.id, session.id));
    const renewed = await validateSessionToken(token);
    expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600e3);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, session.id));
    expect(await validateSessionToken(token)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);
  });

  test('requireBrandUser redirects anonymous requests to sign-in and back', async () => {
    const thrown = await requireBrandUser(new Request('http://localhost/brand/offers?x=1')).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get('location')).toBe(
      '/sign-in?redirectTo=%2Fbrand%2Foffers%3Fx%3D1',
    );
  });
});
