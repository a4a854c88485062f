import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { Resend } from 'resend';
import { eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { emailOutbox } from '../../db/schema';
import { getConfig } from '../config.server';

export interface OutgoingEmail {
  brandId: string | null;
  /** What the email is about, e.g. `link` or `creator_sign_in`. */
  kind: string;
  to: string;
  subject: string;
  react: ReactElement;
  /**
   * Makes sending idempotent: a retried job with the same key neither writes a second outbox row
   * nor sends twice (Resend honours the same key for 24 hours).
   */
  idempotencyKey: string;
}

export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(react), render(react, { plainText: true })]);
  return { html, text };
}

/**
 * Sends an email: through Resend when RESEND_API_KEY is set, else into the local outbox (readable
 * in the brand portal). Either way the email is recorded in `email_outbox`. Returns its row id.
 */
export async function sendEmail(email: OutgoingEmail): Promise<string> {
  const [existing] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, email.idempotencyKey));
  if (existing) return existing.id;

  const config = getConfig();
  const { html, text } = await renderEmail(email.react);
  let providerMessageId: string | null = null;
  if (config.RESEND_API_KEY) {
    const resend = new Resend(config.RESEND_API_KEY, { baseUrl: config.RESEND_BASE_URL });
    const { data, error } = await resend.emails.send(
      { from: config.EMAIL_FROM, to: email.to, subject: email.subject, html, text },
      { idempotencyKey: email.idempotencyKey },
    );
    // Throwing makes graphile-worker retry the job with backoff.
    if (error) throw new Error(`Resend refused the email: ${error.name}: ${error.message}`);
    providerMessageId = data?.id ?? null;
  }
  const [row] = await db
    .insert(emailOutbox)
    .values({
      brandId: email.brandId,
      kind: email.kind,
      toAddress: email.to,
      fromAddress: config.EMAIL_FROM,
      subject: email.subject,
      html,
      text,
      transport: config.RESEND_API_KEY ? 'resend' : 'outbox',
      providerMessageId,
      idempotencyKey: email.idempotencyKey,
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
    .returning({ id: emailOutbox.id });
  if (row) return row.id;
  const [raced] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, email.idempotencyKey));
  return raced.id;
}
