/**
 * Mark paid from the Payouts pages: the lifecycle module marks the statements paid
 * (payments.server.ts: all or nothing, a paid statement never changes again) and, in the same
 * transaction, one "you were paid" email job is queued per statement whose member wants it
 * (members.notify_paid). The job key is the statement's, so however often the job is queued or
 * retried the creator gets one email (docs/decisions/025).
 */
import { sql } from 'drizzle-orm';
import { createElement } from 'react';
import { db } from '../../db/client';
import StatementPaidEmail from '../../emails/statement-paid';
import { publicUrl } from '../config.server';
import {
  CREATOR_SIGN_IN_TOKEN_DAYS,
  createCreatorSignInToken,
} from '../creators/sign-in-tokens.server';
import { brandSender } from '../email/brand-sender.server';
import { sendEmail } from '../email/mailer.server';
import { enqueue } from '../jobs/enqueue.server';
import { formatMoney } from '../money/money';
import { markStatementsPaid, type PaidStatement } from './payments.server';
import { periodLabel } from './payouts-page-schemas';
import { PAYMENT_METHOD_LABELS, type PaymentInput } from './schemas';

/** Jobs queued per round trip inside the transaction (postgres.js pipelines them). */
const ENQUEUE_BATCH = 200;

export function paidEmailJobKey(statementId: string): string {
  return `payouts-paid-email:${statementId}`;
}

export interface MarkPaidResult {
  paid: PaidStatement[];
  /** How many "you were paid" emails were queued (members who turned them off get none). */
  emailsQueued: number;
}

/**
 * Marks the brand's statements paid and queues the creators' emails, in one transaction.
 * Throws the lifecycle module's PayoutError (nothing changed, nothing queued) for another
 * brand's or an unknown id (404), a statement already paid, not payable or bad payment details.
 */
export async function markPaidAndNotify(
  brandId: string,
  userId: string,
  statementIds: readonly string[],
  payment: PaymentInput,
): Promise<MarkPaidResult> {
  return db.transaction(async (tx) => {
    const paid = await markStatementsPaid(tx, brandId, statementIds, payment, {
      kind: 'user',
      userId,
    });
    const ids = paid.map((s) => s.id);
    const wanted = ids.length
      ? await tx.execute<{ id: string }>(sql`
          select s.id from statements s join members m on m.id = s.member_id
           where s.brand_id = ${brandId} and s.id = any(${sql.param(ids)}::uuid[])
             and m.notify_paid`)
      : [];
    for (let i = 0; i < wanted.length; i += ENQUEUE_BATCH) {
      await Promise.all(
        wanted
          .slice(i, i + ENQUEUE_BATCH)
          .map(({ id }) =>
            enqueue(
              tx,
              'payouts__paid_email',
              { statementId: id },
              { jobKey: paidEmailJobKey(id), jobKeyMode: 'preserve_run_at' },
            ),
          ),
      );
    }
    return { paid, emailsQueued: wanted.length };
  });
}

/**
 * The `payouts__paid_email` task: reloads the statement; sends nothing unless it is paid and
 * its member still wants the email; sends once (the job key is the outbox's idempotency key).
 */
export async function sendStatementPaidEmail(payload: { statementId: string }) {
  const idempotencyKey = paidEmailJobKey(payload.statementId);
  const [s] = await db.execute<{
    brand_id: string;
    brand_name: string;
    member_id: string;
    member_name: string;
    member_email: string;
    notify_paid: boolean;
    period_start: string;
    currency: string;
    amount_minor: string;
    status: string;
    paid_on: string | null;
    payment_method: keyof typeof PAYMENT_METHOD_LABELS | null;
    payment_reference: string | null;
    already_sent: boolean;
  }>(sql`
    select s.brand_id, b.name as brand_name, m.id as member_id, m.name as member_name,
           m.email as member_email, m.notify_paid, s.period_start::text as period_start,
           s.currency, s.amount_minor::text as amount_minor, s.status::text as status,
           s.paid_on::text as paid_on, s.payment_method::text as payment_method,
           s.payment_reference,
           exists (select 1 from email_outbox e where e.idempotency_key = ${idempotencyKey})
             as already_sent
      from statements s
      join members m on m.id = s.member_id
      join brands b on b.id = s.brand_id
     where s.id = ${payload.statementId}`);
  if (!s || s.status !== 'paid' || !s.notify_paid || s.already_sent || !s.paid_on) {
    return { sent: false as const };
  }
  const { token } = await createCreatorSignInToken({
    memberId: s.member_id,
    brandId: s.brand_id,
    email: s.member_email,
  });
  const amount = formatMoney(BigInt(s.amount_minor), s.currency);
  const period = periodLabel(s.period_start);
  const dashboardUrl = `${publicUrl()}/creator/sign-in/${token}`;
  // From the brand as the creator knows it, replies to the brand (docs/decisions/028).
  const sender = await brandSender(s.brand_id);
  const emailId = await sendEmail({
    brandId: s.brand_id,
    kind: 'statement_paid',
    to: s.member_email,
    fromName: sender?.fromName,
    replyTo: sender?.replyTo,
    secrets: [dashboardUrl],
    subject: `${s.brand_name} paid you ${amount} for ${period}`,
    react: createElement(StatementPaidEmail, {
      creatorName: s.member_name,
      brandName: s.brand_name,
      amount,
      period,
      paidOn: new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${s.paid_on}T00:00:00Z`),
      ),
      method: s.payment_method ? PAYMENT_METHOD_LABELS[s.payment_method] : 'Other',
      reference: s.payment_reference,
      dashboardUrl,
      expiresInDays: CREATOR_SIGN_IN_TOKEN_DAYS,
    }),
    idempotencyKey,
  });
  return { sent: true as const, emailId };
}
