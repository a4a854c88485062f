import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import { describe, expect, test } from 'vitest';
import { db, directDatabaseUrl } from '../../db/client';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { conversions, creatorSignInTokens, emailOutbox, links } from '../../db/schema';
import { taskList } from '../../workers';
import { hashToken } from '../tokens.server';
import { action as offerLinksAction } from '../routes/brand+/offers.$offerId._index';
import { loader as linksLoader } from '../routes/brand+/offers.$offerId._index';
import { loader as outboxLoader } from '../routes/brand+/outbox._index';
import { loader as outboxEmailLoader } from '../routes/brand+/outbox.$emailId';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { insertClick } from '../../test/conversion-setup';
import { foldStats } from '../reporting/rollups.server';

const jobCount = async () =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'links__email'`,
      )
    )[0].n,
  );
const lockedJobCount = async () =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where locked_at is not null`,
      )
    )[0].n,
  );
const runJobs = async () => {
  await runOnce({ connectionString: directDatabaseUrl(), taskList });
  // graphile-worker 0.17's runOnce does not await its last "job completed" query, so it can
  // return while a job it ran is still locked: wait until every job it took is released.
  await expect.poll(lockedJobCount, { timeout: 5_000 }).toBe(0);
};

async function setup() {
  const { brand, user } = await createBrandWithUser({ brandName: 'Glow & Co' });
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Spring <Sale>',
    description: 'SECRET internal margin notes',
  });
  const ann = await createMember(brand.id, {
    name: 'Ann <b>O’Neil</b> & Co',
    email: 'ann@example.com',
  });
  const bob = await createMember(brand.id, { name: 'Bob', email: 'bob@example.com' });
  const annLink = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: ann.id,
    payoutOptionId: payouts[0].id,
  });
  const bobLink = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: bob.id,
    payoutOptionId: payouts[0].id,
  });
  const cookie = await sessionCookieFor({ userId: user.id });
  return { brand, offer, payouts, ann, bob, annLink, bobLink, cookie };
}

const postEmail = (cookie: string, offerId: string, form: Record<string, string | string[]>) =>
  callRoute(
    offerLinksAction as never,
    makeRequest(`/brand/offers/${offerId}?index`, {
      cookie,
      form: { intent: 'email', ...form },
    }),
    { offerId },
  );

describe('Email Members', () => {
  test('a double submit queues one job per link; the jobs send the right emails once', async () => {
    const { brand, offer, ann, annLink, bobLink, cookie } = await setup();
    const requestId = randomUUID();
    const form = { requestId, scope: 'all' };
    const first = await postEmail(cookie, offer.id, form);
    const second = await postEmail(cookie, offer.id, form);
    expect(first.body).toEqual({ intent: 'email', ok: true, queued: 2 });
    expect(second.body).toEqual({ intent: 'email', ok: true, queued: 2 });
    expect(await jobCount()).toBe(2);

    await runJobs();
    expect(await jobCount()).toBe(0);
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.brandId, brand.id));
    expect(rows).toHaveLength(2);
    const annEmail = rows.find((r) => r.toAddress === 'ann@example.com')!;
    expect(annEmail.kind).toBe('link');
    expect(annEmail.subject).toBe('Your tracking link for Spring <Sale>');
    expect(annEmail.fromAddress).toBe('"Glow & Co" <links@offerlink.local>');
    expect(annEmail.replyTo).toMatch(/^user-.*@example.com$/);
    expect(annEmail.text).toContain('Hi Ann <b>O’Neil</b> & Co,');
    expect(annEmail.idempotencyKey).toBe(`links-email:${annLink.id}:${requestId}`);
    for (const part of [annEmail.html, annEmail.text]) {
      expect(part).toContain(`/l/${annLink.code}`);
      expect(part).not.toContain(bobLink.code);
      expect(part).not.toContain('SECRET');
      expect(part).toMatch(/\/creator\/sign-in\/[a-z0-9]{32}/);
    }
    expect(annEmail.html).toContain('Spring &lt;Sale&gt;');
    expect(annEmail.html).toContain('Ann &lt;b&gt;O’Neil&lt;/b&gt; &amp; Co');
    expect(annEmail.html).not.toContain('<b>O’Neil</b>');

    // The sign-in token in the email is stored only as its hash, for this member, for 7 days.
    const token = annEmail.text.match(/\/creator\/sign-in\/([a-z0-9]+)/)![1];
    const [stored] = await db
      .select()
      .from(creatorSignInTokens)
      .where(eq(creatorSignInTokens.tokenHash, hashToken(token)));
    expect(stored.memberId).toBe(ann.id);
    const days = (stored.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await db.select().from(creatorSignInTokens)).some((t) => t.tokenHash === token)).toBe(
      false,
    );

    const [annRow] = await db.select().from(links).where(eq(links.id, annLink.id));
    expect(annRow.lastEmailedAt).not.toBeNull();

    // The same request again, after the jobs ran: still nothing more is sent.
    await postEmail(cookie, offer.id, form);
    await runJobs();
    expect(await db.select().from(emailOutbox)).toHaveLength(2);

    // A deliberate "email again" (a new page render, a new request id) sends again.
    await postEmail(cookie, offer.id, {
      requestId: randomUUID(),
      scope: 'selected',
      linkId: annLink.id,
    });
    expect(await jobCount()).toBe(1);
    await runJobs();
    const all = await db.select().from(emailOutbox);
    expect(all).toHaveLength(3);
    expect(all.filter((r) => r.toAddress === 'ann@example.com')).toHaveLength(2);
  });

  test('refuses a missing request id or an empty selection with a message, queueing nothing', async () => {
    const { offer, cookie } = await setup();
    const noId = await postEmail(cookie, offer.id, { scope: 'all' });
    expect(noId.status).toBe(400);
    const none = await postEmail(cookie, offer.id, { requestId: randomUUID(), scope: 'selected' });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('Select at least one link');
    expect(await jobCount()).toBe(0);
  });

  test('a job for a deleted link exits quietly', async () => {
    const { brand, offer, annLink, cookie } = await setup();
    await postEmail(cookie, offer.id, {
      requestId: randomUUID(),
      scope: 'selected',
      linkId: annLink.id,
    });
    await db.delete(links).where(eq(links.id, annLink.id));
    await runJobs();
    expect(await jobCount()).toBe(0);
    expect(
      await db.select().from(emailOutbox).where(eq(emailOutbox.brandId, brand.id)),
    ).toHaveLength(0);
  });
});

describe('tenant isolation', () => {
  test('another brand’s offer, link or email id is a 404 and changes nothing', async () => {
    const mine = await setup();
    const theirs = await setup();
    // Their offer, or my offer with their link.
    const foreignOffer = await postEmail(mine.cookie, theirs.offer.id, {
      requestId: randomUUID(),
      scope: 'all',
    });
    expect(foreignOffer.status).toBe(404);
    const foreignLink = await postEmail(mine.cookie, mine.offer.id, {
      requestId: randomUUID(),
      scope: 'selected',
      linkId: [mine.annLink.id, theirs.annLink.id],
    });
    expect(foreignLink.status).toBe(404);
    expect(await jobCount()).toBe(0);

    const table = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/${theirs.offer.id}`, { cookie: mine.cookie }),
      { offerId: theirs.offer.id },
    );
    expect(table.status).toBe(404);
    const garbage = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/nope`, { cookie: mine.cookie }),
      { offerId: 'nope' },
    );
    expect(garbage.status).toBe(404);

    // Outbox: each brand sees only its own emails.
    await postEmail(theirs.cookie, theirs.offer.id, { requestId: randomUUID(), scope: 'all' });
    await runJobs();
    const [theirEmail] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.brandId, theirs.brand.id));
    const myOutbox = await callRoute(
      outboxLoader as never,
      makeRequest('/brand/outbox', { cookie: mine.cookie }),
    );
    expect((myOutbox.body as { total: number }).total).toBe(0);
    const theirOutbox = await callRoute(
      outboxLoader as never,
      makeRequest('/brand/outbox', { cookie: theirs.cookie }),
    );
    expect((theirOutbox.body as { total: number }).total).toBe(2);
    const peek = await callRoute(
      outboxEmailLoader as never,
      makeRequest(`/brand/outbox/${theirEmail.id}`, { cookie: mine.cookie }),
      { emailId: theirEmail.id },
    );
    expect(peek.status).toBe(404);
    const own = await callRoute(
      outboxEmailLoader as never,
      makeRequest(`/brand/outbox/${theirEmail.id}`, { cookie: theirs.cookie }),
      { emailId: theirEmail.id },
    );
    expect(own.status).toBe(200);
    expect((own.body as { email: { html: string } }).email.html).toContain('Spring &lt;Sale&gt;');
  });
});

describe('links table figures', () => {
  test('clicks, conversions and earnings (pending, approved and paid) from app/reporting', async () => {
    const { brand, offer, ann, annLink, bobLink, cookie } = await setup();
    for (let i = 0; i < 12; i++) await insertClick({ link: annLink });
    const base = {
      brandId: brand.id,
      offerId: offer.id,
      linkId: annLink.id,
      memberId: ann.id,
      source: 'postback' as const,
    };
    await db.insert(conversions).values([
      { ...base, status: 'pending', commissionMinor: 1234, orderId: 'o1' },
      { ...base, status: 'approved', commissionMinor: 1000, orderId: 'o2' },
      { ...base, status: 'rejected', rejectReason: 'fraud', commissionMinor: 999, orderId: 'o3' },
      { ...base, status: 'refused', reason: 'duplicate_order', commissionMinor: 0, orderId: 'o4' },
    ]);
    await foldStats();
    const res = await callRoute(
      linksLoader as never,
      makeRequest(`/brand/offers/${offer.id}`, { cookie }),
      { offerId: offer.id },
    );
    const rows = (
      res.body as {
        table: {
          rows: { id: string; clicks: number; conversions: number; earningsMinor: number }[];
        };
      }
    ).table.rows;
    const annRow = rows.find((r) => r.id === annLink.id)!;
    expect(annRow).toMatchObject({ clicks: 12, conversions: 2, earningsMinor: 2234 });
    expect(rows.find((r) => r.id === bobLink.id)).toMatchObject({
      clicks: 0,
      conversions: 0,
      earningsMinor: 0,
    });
  });
});
