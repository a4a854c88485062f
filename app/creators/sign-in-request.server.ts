import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import { brands, creatorSignInTokens, members } from '../../db/schema';
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
 * Sign-in links one address gets in 15 minutes, at most: further requests send nothing, and the
 * page still answers the same (so the limit cannot tell whether an address is a member).
 */
export const SIGN_IN_LINKS_PER_ADDRESS = 3;
const ADDRESS_WINDOW_MS = 15 * 60_000;

export type SignInLinkRequest = { ok: true } | { ok: false; retryAfter: number };

/**
 * "Email me a sign-in link": queues the `creators__sign_in_email` job for the address, whether or
 * not any brand has it as a member (the job finds out), so the answer and its timing are the same
 * for known and unknown addresses. One job per address at a time (its job key): a burst of
 * requests sends one email.
 */
export async function requestCreatorSignInLink(input: {
  email: string;
  clientAddress: string;
}): Promise<SignInLinkRequest> {
  const email = input.email.toLowerCase();
  const retryAfter = await signInLinkClientThrottle.attempt([
    `creator-link:ip:${input.clientAddress}`,
  ]);
  if (retryAfter > 0) return { ok: false, retryAfter };
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
  if (rows.length === 0) return { sent: false as const };
  const [{ recent }] = await db
    .select({ recent: count() })
    .from(creatorSignInTokens)
    .where(
      and(
        eq(creatorSignInTokens.email, payload.email.toLowerCase()),
        gt(creatorSignInTokens.createdAt, new Date(Date.now() - ADDRESS_WINDOW_MS)),
      ),
    );
  if (recent >= SIGN_IN_LINKS_PER_ADDRESS) return { sent: false as const };
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
