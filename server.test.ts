// The process as a self-hoster runs it behind a load balancer: Origin checks against PUBLIC_URL, and
// worker-only processes (`npm run worker`) that keep the jobs' exactly-once promise when there are
// several of them.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from './db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from './seed/factories';
import { emailOutbox } from './db/schema';
import { action as offerLinksAction } from './app/routes/brand+/offers.$offerId._index';
import { resetConfigForTests } from './app/config.server';
import { startServer } from './server';
import { startChildServer, type ChildServer } from './test/processes';
import { startResendStandIn } from './test/resend-stand-in';
import { callRoute, makeRequest, sessionCookieFor } from './test/routes';

describe('behind a load balancer', () => {
  test('a form post from the public origin passes the Origin check whatever Host the process sees', async () => {
    process.env.PUBLIC_URL = 'https://go.example.com';
    resetConfigForTests();
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      web: false,
      worker: false,
      seed: false,
    });
    try {
      const post = (origin: string) =>
        fetch(`http://127.0.0.1:${server.port}/sign-in`, {
          method: 'POST',
          // The balancer passes an upstream Host (here the process's own address).
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'email=a%40b.c&password=x',
          redirect: 'manual',
        });
      // Past the Origin check (no Remix app in this test: 404); a foreign origin is refused.
      expect((await post('https://go.example.com')).status).toBe(404);
      const refused = await post('https://evil.example');
      expect(refused.status).toBe(403);
      // A page that says what happened and what to do (no app build here: no stylesheet).
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await refused.text();
      expect(page).toContain('This form was not sent');
      expect(page).toContain('reload the page and submit the form again');
      expect(page).toContain('PUBLIC_URL, now https://go.example.com');
      expect(page).toContain('said the form came from https://evil.example');
      expect((await post('http://go.example.com')).status).toBe(403);
    } finally {
      await server.stop();
      delete process.env.PUBLIC_URL;
      resetConfigForTests();
    }
  });
});

describe('npm run worker', () => {
  const children: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
  });

  test('two worker processes send each link email exactly once', { timeout: 120_000 }, async () => {
    const resend = await startResendStandIn();
    try {
      const env = {
        DATABASE_URL: process.env.DATABASE_URL,
        RESEND_API_KEY: 're_test_key',
        RESEND_BASE_URL: resend.url,
      };
      for (let i = 0; i < 2; i++) {
        children.push(
          await startChildServer({
            args: ['--worker'],
            env,
            readyText: 'Offerlink worker is running',
          }),
        );
      }
      const { brand, user } = await createBrandWithUser();
      const { offer, payouts } = await createOffer(brand.id);
      const linkIds: string[] = [];
      for (let i = 0; i < 30; i++) {
        const member = await createMember(brand.id, { email: `w${i}-${randomUUID()}@example.com` });
        const link = await createLink({
          brandId: brand.id,
          offerId: offer.id,
          memberId: member.id,
          payoutOptionId: payouts[0].id,
        });
        linkIds.push(link.id);
      }
      const cookie = await sessionCookieFor({ userId: user.id });
      const form = { requestId: randomUUID(), scope: 'all' };
      // Submitted twice (a double click): still one job per link.
      for (let i = 0; i < 2; i++) {
        const result = await callRoute(
          offerLinksAction as never,
          makeRequest(`/brand/offers/${offer.id}?index`, {
            cookie,
            form: { intent: 'email', ...form },
          }),
          { offerId: offer.id },
        );
        expect(result.body).toEqual({ intent: 'email', ok: true, queued: 30 });
      }
      const jobsLeft = async () =>
        Number(
          (
            await db.execute<{ n: number }>(
              sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'links__email'`,
            )
          )[0].n,
        );
      await expect.poll(jobsLeft, { timeout: 60_000, interval: 200 }).toBe(0);
      // A resubmission that finds a link's job already running queues a second one (graphile-worker
      // replaces only unlocked jobs), so Resend may be asked twice with the same idempotency key;
      // it delivers once, and so does the stand-in.
      await expect.poll(() => resend.deliveries.length, { timeout: 10_000 }).toBe(30);
      for (const r of resend.requests) expect(r.headers['idempotency-key']).toBeTruthy();
      const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.brandId, brand.id));
      expect(rows).toHaveLength(30);
      expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(30);
      const sentTo = resend.deliveries.map((r) => (r.body as { to: string[] | string }).to).flat();
      expect(new Set(sentTo).size).toBe(30);
      // Neither process answers HTTP: a worker-only process has no port.
      for (const child of children) expect(child.output()).not.toContain('is running at');
    } finally {
      await Promise.all(children.splice(0).map((c) => c.stop()));
      await resend.close();
    }
  });
});
