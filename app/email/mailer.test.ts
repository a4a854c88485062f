import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { db } from '../../db/client';
import { emailOutbox } from '../../db/schema';
import CreatorSignInEmail from '../../emails/creator-sign-in';
import { startResendStandIn } from '../../test/resend-stand-in';
import { resetConfigForTests } from '../config.server';

const email = (key: string, creatorName = 'Maya <script>alert(1)</script>') => ({
  brandId: null,
  kind: 'creator_sign_in',
  to: 'maya@example.com',
  subject: 'Your dashboard',
  idempotencyKey: key,
  react: createElement(CreatorSignInEmail, {
    creatorName,
    brandNames: ['Glow'],
    signInUrl: 'http://localhost/creator/sign-in/tok',
    expiresInDays: 7,
  }),
});

async function loadMailer(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  return import('./mailer.server');
}

describe('without RESEND_API_KEY', () => {
  test('writes to the local outbox once per idempotency key, escaping user text', async () => {
    const { sendEmail } = await loadMailer({ RESEND_API_KEY: undefined });
    const first = await sendEmail(email('k1'));
    const again = await sendEmail(email('k1'));
    expect(again).toBe(first);
    const rows = await db.select().from(emailOutbox);
    expect(rows).toHaveLength(1);
    expect(rows[0].transport).toBe('outbox');
    expect(rows[0].html).toContain('Maya &lt;script&gt;');
    expect(rows[0].html).not.toContain('<script>alert');
    expect(rows[0].text).toContain('http://localhost/creator/sign-in/tok');
    // The text part is readable: the heading as written, not upper-cased.
    expect(rows[0].text).toContain('Hi Maya <script>alert(1)</script>,');
    expect(rows[0].text).not.toContain('HI MAYA');
  });
});

describe('with RESEND_API_KEY', () => {
  let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
  beforeAll(async () => {
    standIn = await startResendStandIn();
  });
  afterAll(async () => {
    await standIn.close();
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
  });

  test('sends through the Resend client with an idempotency key and records the message id', async () => {
    const { sendEmail } = await loadMailer({
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: standIn.url,
    });
    await sendEmail(email('k2', 'Theo'));
    expect(standIn.requests).toHaveLength(1);
    const [sent] = standIn.requests;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/emails');
    expect(sent.headers.authorization).toBe('Bearer re_test_key');
    expect(sent.headers['idempotency-key']).toBe('k2');
    const body = sent.body as { to: string; subject: string; html: string; text: string };
    expect(body.to).toBe('maya@example.com');
    expect(body.html).toContain('Hi <!-- -->Theo');
    expect(body.text).toContain('Open my dashboard');
    const rows = await db.select().from(emailOutbox);
    const row = rows.find((r) => r.idempotencyKey === 'k2')!;
    expect(row.transport).toBe('resend');
    expect(row.providerMessageId).toBe('re_1');
  });

  test('sends from the brand’s name with its Reply-To; the stored copy has no sign-in link', async () => {
    const { sendEmail } = await loadMailer({
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: standIn.url,
    });
    const secret = 'http://localhost/creator/sign-in/tok';
    await sendEmail({
      ...email('k4', 'Theo'),
      fromName: 'Glow "Skin"\r\nBcc: x@evil.example',
      replyTo: 'owner@glow.example',
      secrets: [secret],
    });
    const sent = standIn.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.from).toBe('"Glow Skin Bcc: x@evil.example" <links@offerlink.local>');
    expect(sent.reply_to).toBe('owner@glow.example');
    expect(String(sent.text)).toContain(secret);
    const row = (await db.select().from(emailOutbox)).find((r) => r.idempotencyKey === 'k4')!;
    expect(row.fromAddress).toBe('"Glow Skin Bcc: x@evil.example" <links@offerlink.local>');
    expect(row.replyTo).toBe('owner@glow.example');
    expect(row.text).not.toContain(secret);
    expect(row.html).not.toContain(secret);
    expect(row.text).toContain('[sign-in link, sent only to the creator]');
  });

  test('a Resend error throws (so the job retries) and records nothing', async () => {
    const { sendEmail } = await loadMailer({
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: standIn.url,
    });
    standIn.failNext(1);
    await expect(sendEmail(email('k3'))).rejects.toThrow(/Resend refused/);
    const rows = await db.select().from(emailOutbox);
    expect(rows.some((r) => r.idempotencyKey === 'k3')).toBe(false);
  });
});
