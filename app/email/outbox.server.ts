import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { emailOutbox } from '../../db/schema';
import { isUuid } from '../ids';

export const OUTBOX_PAGE_SIZE = 50;

/** One page of the brand's emails, newest first. */
export async function listOutbox(brandId: string, requestedPage = 1) {
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(eq(emailOutbox.brandId, brandId));
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(requestedPage) || 1), pageCount);
  const rows = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      transport: emailOutbox.transport,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.brandId, brandId))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  return { rows, total, page, pageCount };
}

/** One of the brand's emails, or null for a missing or another brand's id. */
export async function findOutboxEmail(brandId: string, emailId: string) {
  if (!isUuid(emailId)) return null;
  const [row] = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      to: emailOutbox.toAddress,
      from: emailOutbox.fromAddress,
      replyTo: emailOutbox.replyTo,
      subject: emailOutbox.subject,
      html: emailOutbox.html,
      text: emailOutbox.text,
      transport: emailOutbox.transport,
      providerMessageId: emailOutbox.providerMessageId,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, emailId), eq(emailOutbox.brandId, brandId)));
  return row ?? null;
}
