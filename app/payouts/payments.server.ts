import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../../db/client';
import { isUuid } from '../ids';
import { refreshPayable, withLedger, type Actor } from './ledger.server';
import { PayoutError } from './payout-error';
import { paymentSchema, type PaymentInput } from './schemas';

export interface PaidStatement {
  id: string;
  memberId: string;
  periodStart: string;
  currency: string;
  amountMinor: number;
}

const MAX_STATEMENTS = 5_000;

type LockedStatement = {
  id: string;
  member_id: string;
  member_name: string;
  period_start: string;
  currency: string;
  amount_minor: string;
  status: 'open' | 'carried_forward' | 'paid';
  paid_on: string | null;
};

function label(s: LockedStatement): string {
  return `${s.member_name}'s ${s.period_start.slice(0, 7)} ${s.currency} statement`;
}

/**
 * Marks statements paid: the day the brand paid, the method (PayPal, bank transfer, other) and an
 * optional reference. All or nothing: an unknown id or another brand's → 404; a statement already
 * paid, carried forward (below the minimum payout) or with nothing to pay → a refusal that names
 * it. A paid statement never changes again (a database trigger refuses it). Returns what was
 * paid, for the caller to queue the "you were paid" emails in the same transaction.
 */
export async function markStatementsPaid(
  tx: Tx,
  brandId: string,
  ids: readonly string[],
  payment: PaymentInput,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<PaidStatement[]> {
  const parsed = paymentSchema.safeParse(payment);
  if (!parsed.success) {
    throw new PayoutError('invalid_input', 'Check the payment details.', {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const unique = [...new Set(ids.map((id) => String(id).toLowerCase()))];
  if (unique.length === 0) throw new PayoutError('invalid_input', 'Select at least one statement.');
  if (unique.length > MAX_STATEMENTS) {
    throw new PayoutError(
      'invalid_input',
      `At most ${MAX_STATEMENTS.toLocaleString('en')} statements can be marked paid at once.`,
    );
  }
  const now = options.now ?? new Date();
  const { paidOn, method, reference } = parsed.data;
  return withLedger(tx, brandId, actor, async (t) => {
    const rows = unique.some((id) => !isUuid(id))
      ? []
      : await t.execute<LockedStatement>(sql`
          select s.id, s.member_id, m.name as member_name, s.period_start::text as period_start,
                 s.currency, s.amount_minor::text as amount_minor, s.status,
                 s.paid_on::text as paid_on
            from statements s join members m on m.id = s.member_id
           where s.brand_id = ${brandId} and s.id = any(${sql.param(unique)}::uuid[])
           order by s.id
             for update of s`);
    if (rows.length < unique.length) {
      const missing = unique.length - rows.length;
      throw new PayoutError(
        'not_found',
        missing === 1
          ? 'Statement not found.'
          : `${missing} of the selected statements were not found.`,
      );
    }
    const problems = rows.flatMap((s) => {
      if (s.status === 'paid') {
        return [`${label(s)} was already paid on ${s.paid_on}`];
      }
      if (s.status === 'carried_forward') {
        return [
          `${label(s)} is carried forward: the member's balance is below your minimum payout`,
        ];
      }
      if (Number(s.amount_minor) <= 0) return [`${label(s)} has nothing to pay`];
      return [];
    });
    if (problems.length) {
      const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
      throw new PayoutError(
        rows.some((s) => s.status === 'paid') ? 'already_paid' : 'not_payable',
        `${problems.slice(0, 3).join('; ')}${more}. Nothing was marked paid.`,
        {
          ids: rows
            .filter((s) => s.status !== 'open' || Number(s.amount_minor) <= 0)
            .map((s) => s.id),
        },
      );
    }
    await t.execute(sql`
      update statements
         set status = 'paid', paid_on = ${paidOn}::date, payment_method = ${method}::payment_method,
             payment_reference = ${reference ?? null}::text,
             paid_at = ${now.toISOString()}::timestamptz,
             paid_by_user_id = ${actor.kind === 'user' ? actor.userId : null}::uuid,
             updated_at = ${now.toISOString()}::timestamptz
       where brand_id = ${brandId} and id = any(${sql.param(unique)}::uuid[])`);
    // What is left unpaid may now be below the minimum on its own.
    await refreshPayable(t, brandId, [...new Set(rows.map((s) => s.member_id))], now);
    return rows.map((s) => ({
      id: s.id,
      memberId: s.member_id,
      periodStart: s.period_start,
      currency: s.currency,
      amountMinor: Number(s.amount_minor),
    }));
  });
}

/**
 * Sets the brand's minimum payout (minor units, applied to each currency's balance) and
 * re-decides which unpaid statements are payable.
 */
export async function setMinimumPayout(
  tx: Tx,
  brandId: string,
  minimumPayoutMinor: number,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<void> {
  if (!Number.isSafeInteger(minimumPayoutMinor) || minimumPayoutMinor < 0) {
    throw new PayoutError('invalid_input', 'The minimum payout must be 0 or more.', {
      fieldErrors: { minimumPayout: ['The minimum payout must be 0 or more.'] },
    });
  }
  const now = options.now ?? new Date();
  await withLedger(tx, brandId, actor, async (t) => {
    await t.execute(
      sql`update brands set minimum_payout_minor = ${minimumPayoutMinor} where id = ${brandId}`,
    );
    await refreshPayable(t, brandId, 'all', now);
  });
}

/** The brand's minimum payout, in minor units. */
export async function minimumPayoutOf(brandId: string): Promise<number> {
  const [row] = await db.execute<{ minor: string }>(
    sql`select minimum_payout_minor::text as minor from brands where id = ${brandId}`,
  );
  return Number(row?.minor ?? 0);
}

/** The Settings page's save: setMinimumPayout in its own transaction. */
export function saveMinimumPayout(brandId: string, minimumPayoutMinor: number, actor: Actor) {
  return setMinimumPayout(db, brandId, minimumPayoutMinor, actor);
}
