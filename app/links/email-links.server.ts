import { and, eq, inArray, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { brands, emailOutbox, links, members, offers, promoCodes } from '../../db/schema';
import TrackingLinkEmail from '../../emails/tracking-link';
import {
  CREATOR_SIGN_IN_TOKEN_DAYS,
  createCreatorSignInToken,
} from '../creators/sign-in-tokens.server';
import { publicUrl } from '../config.server';
import { brandSender } from '../email/brand-sender.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { isUuid } from '../ids';
import { trackingUrl } from './link-code.server';

/** Jobs queued per round trip batch inside the transaction (postgres.js pipelines them). */
const ENQUEUE_BATCH = 200;

export function linkEmailJobKey(linkId: string, requestId: string): string {
  return `links-email:${linkId}:${requestId}`;
}

/**
 * Email Members: queues one `links__email` job per link, all in one transaction. The job key
 * carries the form's request id, so the same form submitted twice queues (and sends) once, while a
 * later "email again" from a freshly rendered page is a new request. Null when the offer or any
 * selected link is not the brand's (nothing is queued).
 */
export async function queueLinkEmails(
  brandId: string,
  offerId: string,
  input: { requestId: string; scope: 'all' | 'selected'; linkIds: string[] },
): Promise<{ queued: number } | null> {
  if (!isUuid(offerId)) return null;
  return db.transaction(async (tx) => {
    const [offer] = await tx
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
    if (!offer) return null;
    let ids: string[];
    const scoped = and(eq(links.brandId, brandId), eq(links.offerId, offerId));
    if (input.scope === 'all') {
      ids = (await tx.select({ id: links.id }).from(links).where(scoped)).map((r) => r.id);
    } else {
      const wanted = [...new Set(input.linkIds)];
      if (!wanted.every(isUuid)) return null;
      ids = (
        await tx
          .select({ id: links.id })
          .from(links)
          .where(and(scoped, inArray(links.id, wanted)))
      ).map((r) => r.id);
      if (ids.length !== wanted.length) return null;
    }
    for (let i = 0; i < ids.length; i += ENQUEUE_BATCH) {
      await Promise.all(
        ids
          .slice(i, i + ENQUEUE_BATCH)
          .map((linkId) =>
            enqueue(
              tx,
              'links__email',
              { linkId, requestId: input.requestId },
              { jobKey: linkEmailJobKey(linkId, input.requestId) },
            ),
          ),
      );
    }
    return { queued: ids.length };
  });
}

/**
 * The `links__email` task: reloads the link (a deleted link is nothing to do), makes a fresh
 * creator sign-in token, renders and sends the email, and records when it was sent. Sending is
 * idempotent on the job key, so a retried or re-queued job never sends twice.
 */
export async function sendLinkEmail(payload: { linkId: string; requestId: string }) {
  const idempotencyKey = linkEmailJobKey(payload.linkId, payload.requestId);
  const [link] = await db
    .select({
      id: links.id,
      code: links.code,
      brandId: links.brandId,
      memberId: members.id,
      memberName: members.name,
      memberEmail: members.email,
      offerName: offers.name,
      brandName: brands.name,
      promoDiscount: offers.promoDiscount,
      promoCode: sql<string | null>`(
        select pc.code from ${promoCodes} pc
         where pc.offer_id = ${links.offerId} and pc.member_id = ${links.memberId}
           and pc.deactivated_at is null)`,
    })
    .from(links)
    .innerJoin(members, eq(members.id, links.memberId))
    .innerJoin(offers, eq(offers.id, links.offerId))
    .innerJoin(brands, eq(brands.id, links.brandId))
    .where(eq(links.id, payload.linkId));
  if (!link) return { sent: false as const };
  const [already] = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, idempotencyKey));
  if (already) return { sent: false as const };

  const { token } = await createCreatorSignInToken({
    memberId: link.memberId,
    brandId: link.brandId,
    email: link.memberEmail,
  });
  const signInUrl = `${publicUrl()}/creator/sign-in/${token}`;
  const sender = await brandSender(link.brandId);
  const emailId = await sendEmail({
    brandId: link.brandId,
    kind: 'link',
    to: link.memberEmail,
    fromName: sender?.fromName,
    replyTo: sender?.replyTo,
    secrets: [signInUrl],
    subject: `Your tracking link for ${link.offerName}`,
    react: createElement(TrackingLinkEmail, {
      creatorName: link.memberName,
      brandName: link.brandName,
      offerName: link.offerName,
      trackingUrl: trackingUrl(link.code),
      signInUrl,
      expiresInDays: CREATOR_SIGN_IN_TOKEN_DAYS,
      promoCode: link.promoCode,
      promoDiscount: link.promoDiscount,
    }),
    idempotencyKey,
  });
  await db.update(links).set({ lastEmailedAt: new Date() }).where(eq(links.id, link.id));
  return { sent: true as const, emailId };
}
