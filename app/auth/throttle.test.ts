// Sign-in throttling is shared through PostgreSQL, so it holds across web processes (the scale-out
// bench runs two); here: concurrent attempts, forged X-Forwarded-For, and what a success gives back.
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser } from '../../seed/factories';
import { callRoute, makeRequest } from '../../test/routes';
import { resetConfigForTests } from '../config.server';
import { action as signInAction } from '../routes/_auth+/sign-in';
import { signIn } from './brand-auth.server';
import { socketClientAddress } from './client-address.server';
import { pruneThrottleCounters, SignInThrottle } from './rate-limit.server';

describe('shared sign-in throttling', () => {
  test('30 concurrent guesses at one email get exactly 10 password checks', async () => {
    const { user } = await createBrandWithUser();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signIn({ email: user.email, password: 'wrong guess', clientAddress: `192.0.2.${i + 1}` }),
      ),
    );
    const errors = results.map((r) => (r.ok ? 'ok' : r.error));
    expect(errors.filter((e) => e === 'invalid')).toHaveLength(10);
    expect(errors.filter((e) => e === 'rate_limited')).toHaveLength(20);
    for (const r of results) {
      if (!r.ok && r.error === 'rate_limited') {
        expect(r.retryAfter).toBeGreaterThanOrEqual(1);
        expect(r.retryAfter).toBeLessThanOrEqual(60);
      }
    }
    // The counter is in the database, where every process reads it.
    const [row] = await db.$client<{ attempts: number }[]>`
      select attempts from sign_in_throttle where key = ${`email:${user.email}`}`;
    expect(row.attempts).toBe(30);
  });

  test('a forged X-Forwarded-For cannot dodge the limit behind a trusted load balancer', async () => {
    const saved = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = '1';
    resetConfigForTests();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        // Each guess claims another address on the left; the load balancer appended the real one.
        const ip = socketClientAddress('10.0.0.2', `203.0.113.${i}, 198.51.100.201`);
        const result = await callRoute(
          signInAction as never,
          makeRequest('/sign-in', {
            form: { email: `guess-${i}@example.com`, password: 'guess' },
            ip,
          }),
        );
        statuses.push(result.status);
      }
      expect(statuses).toEqual([...Array(10).fill(400), 429, 429]);
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
      resetConfigForTests();
    }
  });

  test('a successful sign-in clears its email and gives its address the attempt back', async () => {
    const { user, password } = await createBrandWithUser();
    const ip = '192.0.2.250';
    for (let i = 0; i < 3; i++) {
      const r = await signIn({ email: user.email, password: 'nope', clientAddress: ip });
      expect(r).toEqual({ ok: false, error: 'invalid' });
    }
    const ok = await signIn({ email: user.email, password, clientAddress: ip });
    expect(ok.ok).toBe(true);
    const rows = await db.$client<{ key: string; attempts: number }[]>`
      select key, attempts from sign_in_throttle where key = any(${[`ip:${ip}`, `email:${user.email}`]}::text[])`;
    expect(rows).toEqual([{ key: `ip:${ip}`, attempts: 3 }]);
  });

  test('a window that has ended starts again, and the hourly prune removes it', async () => {
    const throttle = new SignInThrottle(2, 60_000);
    const key = `ip:test-${Math.random()}`;
    expect(await throttle.attempt([key])).toBe(0);
    expect(await throttle.attempt([key])).toBe(0);
    expect(await throttle.attempt([key])).toBeGreaterThan(0);
    await db.$client`update sign_in_throttle set window_start = now() - interval '61 seconds' where key = ${key}`;
    expect(await throttle.attempt([key])).toBe(0);
    // The prune keeps every counter for the longest window (15 minutes), then removes it.
    await db.$client`update sign_in_throttle set window_start = now() - interval '14 minutes' where key = ${key}`;
    await pruneThrottleCounters();
    expect(await db.$client`select 1 from sign_in_throttle where key = ${key}`).toHaveLength(1);
    await db.$client`update sign_in_throttle set window_start = now() - interval '16 minutes' where key = ${key}`;
    expect(await pruneThrottleCounters()).toBeGreaterThanOrEqual(1);
    expect(await db.$client`select 1 from sign_in_throttle where key = ${key}`).toHaveLength(0);
  });
});
