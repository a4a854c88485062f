/**
 * Mark paid from the Payouts pages: the lifecycle module pays the members' balances
 * (payments.server.ts: each the net of all their unpaid statements in a currency, all or nothing,
 * refused if the totals changed since the page showed them; a paid statement never changes again)
 * and, in the same transaction, one "you were paid" email job is queued per payout whose member
 * wants it (members.notify_paid). The job key is the payout's, so however often the job is queued
 * or retried the creator gets one email (docs/decisions/025, 036).
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
import { brandActor, type BrandActor } from './ledger.server';
import {
  markStatementsPaid,
  periodsLabel,
  type MarkedPaid,
  type ShownStatement,
} from './payments.server';
import { PAYMENT_METHOD_LABELS, type PaymentInput } from './schemas';

/** Jobs queued per round trip inside the transaction (postgres.js pipelines them). */
const ENQUEUE_BATCH = 200;

/**
 * The "you were paid" email's job key, which is also its outbox idempotency key: one per payout
 * (`payouts-paid-email:<payout id>`). Jobs queued before payouts existed name a statement, whose
 * key was the statement's: the same shape, with the statement's id.
 */
export function paidEmailJobKey(payoutOrStatementId: string): string {
  return `payouts-paid-email:${payoutOrStatementId}`;
}

export interface MarkPaidResult extends MarkedPaid {
  /** How many "you were paid" emails were queued (members who turned them off get none). */
  emailsQueued: number;
}

/**
 * Marks the brand's members' balances paid and queues the creators' emails (one per payout), in
 * one transaction. `shown` is every statement the page showed for the payment with the total it
 * showed (markStatementsPaid refuses if anything changed since). Throws the lifecycle module's
 * PayoutError (nothing changed, nothing queued) for another brand's or an unknown id (404),
 * a statement already paid, not payable, totals changed since (409) or bad payment details.
 */
export async function markPaidAndNotify(
  brandId: string,
  /** The signed-in user's id, or the API key that asks. */
  by: string | BrandActor,
  shown: readonly ShownStatement[],
  payment: PaymentInput,
  options: { paypalOnlyWithAddress?: boolean } = {},
): Promise<MarkPaidResult> {
  return db.transaction(async (tx) => {
    const paid = await markStatementsPaid(tx, brandId, shown, payment, brandActor(by), options);
    const ids = paid.payouts.map((p) => p.id);
    const wanted = ids.length
      ? await tx.execute<{ id: string }>(sql`
          select p.id from payouts p join members m on m.id = p.member_id
           where p.brand_id = ${brandId} and p.id = any(${sql.param(ids)}::uuid[])
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
              { payoutId: id },
              { jobKey: paidEmailJobKey(id), jobKeyMode: 'preserve_run_at' },
            ),
          ),
      );
    }
    return { ...paid, emailsQueued: wanted.length };
  });
}

/**
 * The `payouts__paid_email` task: reloads the payout; sends nothing unless its member still wants
 * the email; sends once (the job key is the outbox's idempotency key). The email names the amount
 * sent (the net), the months it pays, and a clawback deducted from it. A job queued before payouts
 * existed names a statement: its payout is emailed under the statement's key.
 */
export async function sendStatementPaidEmail(
  payload: { payoutId: string } | { statementId: string },
) {
  const idempotencyKey = paidEmailJobKey(
    'payoutId' in payload ? payload.payoutId : payload.statementId,
  );
  const payoutId =
    'payoutId' in payload
      ? payload.payoutId
      : ((
          await db.execute<{ payout_id: string | null }>(
            sql`select payout_id from statements where id = ${payload.statementId}`,
          )
        )[0]?.payout_id ?? null);
  if (!payoutId) return { sent: false as const };
  const [p] = await db.execute<{
    brand_id: string;
    brand_name: string;
    member_id: string;
    member_name: string;
    member_email: string;
    notify_paid: boolean;
    periods: string[];
    currency: string;
    amount_minor: string;
    adjustments_minor: string;
    paid_on: string;
    payment_method: keyof typeof PAYMENT_METHOD_LABELS;
    payment_reference: string | null;
    already_sent: boolean;
  }>(sql`
    select p.brand_id, b.name as brand_name, m.id as member_id, m.name as member_name,
           m.email as member_email, m.notify_paid,
           array(select s.period_start::text from statements s
                  where s.payout_id = p.id order by s.period_start) as periods,
           p.currency, p.amount_minor::text as amount_minor,
           coalesce((select sum(a.amount_minor) from statement_adjustments a
                      join statements s on s.id = a.statement_id
                     where s.payout_id = p.id), 0)::text as adjustments_minor,
           p.paid_on::text as paid_on, p.payment_method::text as payment_method,
           p.payment_reference,
           exists (select 1 from email_outbox e where e.idempotency_key = ${idempotencyKey})
             as already_sent
      from payouts p
      join members m on m.id = p.member_id
      join brands b on b.id = p.brand_id
     where p.id = ${payoutId}`);
  if (!p || !p.notify_paid || p.already_sent) return { sent: false as const };
  const { token } = await createCreatorSignInToken({
    memberId: p.member_id,
    brandId: p.brand_id,
    email: p.member_email,
  });
  const amount = formatMoney(BigInt(p.amount_minor), p.currency);
  const period = periodsLabel(p.periods);
  const adjustments = BigInt(p.adjustments_minor);
  const dashboardUrl = `${publicUrl()}/creator/sign-in/${token}`;
  // From the brand as the creator knows it, replies to the brand (docs/decisions/028).
  const sender = await brandSender(p.brand_id);
  const emailId = await sendEmail({
    brandId: p.brand_id,
    kind: 'statement_paid',
    to: p.member_email,
    fromName: sender?.fromName,
    replyTo: sender?.replyTo,
    secrets: [dashboardUrl],
    subject: `${p.brand_name} paid you ${amount} for ${period}`,
    react: createElement(StatementPaidEmail, {
      creatorName: p.member_name,
      brandName: p.brand_name,
      amount,
      period,
      deducted: adjustments < 0n ? formatMoney(-adjustments, p.currency) : null,
      paidOn: new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${p.paid_on}T00:00:00Z`),
      ),
      method: PAYMENT_METHOD_LABELS[p.payment_method] ?? 'Other',
      reference: p.payment_reference,
      dashboardUrl,
      expiresInDays: CREATOR_SIGN_IN_TOKEN_DAYS,
    }),
    idempotencyKey,
  });
  return { sent: true as const, emailId };
}
