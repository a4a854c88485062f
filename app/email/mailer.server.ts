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
  /**
   * The sender's display name, e.g. the brand's name; the address stays EMAIL_FROM's, so the
   * installation's domain authentication (SPF, DKIM) holds.
   */
  fromName?: string;
  /** Where replies go, e.g. the brand's contact address. */
  replyTo?: string | null;
  /**
   * Secrets (a creator's sign-in link) that only the recipient may read: when the email really
   * goes out (Resend), the copy kept in the outbox, which the brand can read, has them blanked.
   * The local outbox (no RESEND_API_KEY) is how email is read in development, so it keeps them.
   */
  secrets?: string[];
}

/** Headings in the text part as written: html-to-text would upper-case them ("HI MAYA,"). */
const headingsAsWritten = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([
    render(react),
    render(react, {
      plainText: true,
      htmlToTextOptions: {
        wordwrap: 78,
        selectors: [
          ...headingsAsWritten,
          // A link whose text is its address is printed once, not "url [url]".
          { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
        ],
      },
    }),
  ]);
  return { html, text };
}

/**
 * A From header with `displayName` in front of EMAIL_FROM's address: `"Glow Skincare"
 * <links@offerlink.example>`. The name is a quoted string without line breaks, quotes, angle
 * brackets or backslashes, so a brand's name cannot add a header or change the address.
 */
export function senderWithName(emailFrom: string, displayName: string | undefined): string {
  if (!displayName) return emailFrom;
  const address = /<([^<>]+)>\s*$/.exec(emailFrom)?.[1] ?? emailFrom.trim();
  const name = displayName
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 78);
  return name ? `"${name}" <${address}>` : emailFrom;
}

function blank(text: string, secrets: string[] | undefined, replacement: string): string {
  let out = text;
  for (const secret of secrets ?? []) if (secret) out = out.split(secret).join(replacement);
  return out;
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
  const from = senderWithName(config.EMAIL_FROM, email.fromName);
  let providerMessageId: string | null = null;
  let stored = { html, text };
  if (config.RESEND_API_KEY) {
    const resend = new Resend(config.RESEND_API_KEY, { baseUrl: config.RESEND_BASE_URL });
    const { data, error } = await resend.emails.send(
      {
        from,
        to: email.to,
        subject: email.subject,
        html,
        text,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      },
      { idempotencyKey: email.idempotencyKey },
    );
    // Throwing makes graphile-worker retry the job with backoff.
    if (error) throw new Error(`Resend refused the email: ${error.name}: ${error.message}`);
    providerMessageId = data?.id ?? null;
    stored = {
      html: blank(html, email.secrets, '#sign-in-link-sent-only-to-the-creator'),
      text: blank(text, email.secrets, '[sign-in link, sent only to the creator]'),
    };
  }
  const [row] = await db
    .insert(emailOutbox)
    .values({
      brandId: email.brandId,
      kind: email.kind,
      toAddress: email.to,
      fromAddress: from,
      replyTo: email.replyTo ?? null,
      subject: email.subject,
      html: stored.html,
      text: stored.text,
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
