import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { brands, members } from '../../db/schema';
import CreatorSignInEmail from '../../emails/creator-sign-in';
import { SignInThrottle } from '../auth/rate-limit.server';
import { publicUrl } from '../config.server';
import { brandSender } from '../email/brand-sender.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { CREATOR_SIGN_IN_TOKEN_DAYS, createCreatorSignInToken } from './sign-in-tokens.server';

/**
 * Requests for a fresh sign-in link from one client address: 10 a minute, counted in PostgreSQL
 * like sign-in attempts (every web process shares them). A refusal here says nothing about any
 * address.
 */
export const signInLinkClientThrottle = new SignInThrottle(10, 60_000);

/**
 * Sign-in links one address may ask for in 15 minutes. Counted per request at the form, for every
 * address whether or not a brand has it (so the limit says nothing about who is a member), and
 * only the person's own requests: the sign-in links in a brand's emails (tracking links, payment
 * notices) do not use them up. Decision 038.
 */
export const SIGN_IN_LINKS_PER_ADDRESS = 3;
export const SIGN_IN_LINK_ADDRESS_WINDOW_MS = 15 * 60_000;
export const signInLinkAddressThrottle = new SignInThrottle(
  SIGN_IN_LINKS_PER_ADDRESS,
  SIGN_IN_LINK_ADDRESS_WINDOW_MS,
);

export type SignInLinkRequest =
  | { ok: true }
  /** `client`: this client asked too often; `address`: this address was asked for too often. */
  | { ok: false; limited: 'client' | 'address'; retryAfter: number };

/**
 * "Email me a sign-in link": queues the `creators__sign_in_email` job for the address, whether or
 * not any brand has it as a member (the job finds out), so the answer and its timing are the same
 * for known and unknown addresses. One job per address at a time (its job key): a burst of
 * requests sends one email. Refused, with when to try again, past 10 requests a minute from the
 * client or 3 in 15 minutes for the address (the same answer for known and unknown addresses).
 */
export async function requestCreatorSignInLink(input: {
  email: string;
  clientAddress: string;
}): Promise<SignInLinkRequest> {
  const email = input.email.toLowerCase();
  const clientWait = await signInLinkClientThrottle.attempt([
    `creator-link:ip:${input.clientAddress}`,
  ]);
  if (clientWait > 0) return { ok: false, limited: 'client', retryAfter: clientWait };
  const addressWait = await signInLinkAddressThrottle.attempt([`creator-link:email:${email}`]);
  if (addressWait > 0) return { ok: false, limited: 'address', retryAfter: addressWait };
  await db.transaction((tx) =>
    enqueue(
      tx,
      'creators__sign_in_email',
      { email, requestId: randomUUID() },
      { jobKey: `creators-sign-in:${email}` },
    ),
  );
  return { ok: true };
}

/**
 * What the page says when a request is refused: when to try again. The address's limit is worded
 * the same whether or not a brand has the address (it counts requests, not emails sent).
 */
export function signInLinkLimitMessage(refusal: {
  limited: 'client' | 'address';
  retryAfter: number;
}): string {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfter / 60));
  const wait = `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  if (refusal.limited === 'client') return `Too many sign-in links asked for. ${wait}`;
  const windowMinutes = SIGN_IN_LINK_ADDRESS_WINDOW_MS / 60_000;
  return (
    `A sign-in link for this address was asked for ${SIGN_IN_LINKS_PER_ADDRESS} times in the last ` +
    `${windowMinutes} minutes, the most we send. ${wait} A link already in your inbox still ` +
    `works, until it is used or expires.`
  );
}

/**
 * The `creators__sign_in_email` task: when any brand has the address as a member, emails it one
 * sign-in link that opens the portal with every brand of that person. From the brand's name when
 * there is one brand, from the installation's sender when there are several.
 */
export async function sendCreatorSignInEmail(payload: { email: string; requestId: string }) {
  const rows = await db
    .select({
      memberId: members.id,
      memberName: members.name,
      brandId: members.brandId,
      brandName: brands.name,
    })
    .from(members)
    .innerJoin(brands, eq(brands.id, members.brandId))
    .where(eq(members.email, payload.email.toLowerCase()))
    .orderBy(desc(members.createdAt));
  // No count of the address's tokens here: the request was counted at the form (the links in a
  // brand's emails are tokens too, and must not silence the person's own request).
  if (rows.length === 0) return { sent: false as const };
  const [latest] = rows;
  const brandNames = [...new Set(rows.map((r) => r.brandName))].sort((a, b) => a.localeCompare(b));
  const sender = brandNames.length === 1 ? await brandSender(latest.brandId) : null;
  const { token } = await createCreatorSignInToken({
    memberId: latest.memberId,
    brandId: latest.brandId,
    email: payload.email,
  });
  const signInUrl = `${publicUrl()}/creator/sign-in/${token}`;
  const emailId = await sendEmail({
    // Not in any brand's outbox: it may name several brands, and it is the person's own key.
    brandId: null,
    kind: 'creator_sign_in',
    to: payload.email,
    fromName: sender?.fromName,
    replyTo: sender?.replyTo,
    secrets: [signInUrl],
    subject:
      brandNames.length === 1
        ? `Your sign-in link to your ${brandNames[0]} dashboard`
        : 'Your sign-in link to your creator dashboard',
    react: createElement(CreatorSignInEmail, {
      creatorName: latest.memberName,
      brandNames,
      signInUrl,
      expiresInDays: CREATOR_SIGN_IN_TOKEN_DAYS,
    }),
    idempotencyKey: `creators-sign-in:${payload.requestId}`,
  });
  return { sent: true as const, emailId };
}
