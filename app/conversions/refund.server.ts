import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { placeLines, refreshPayable, startLines, withLedger } from '../payouts/ledger.server';
import { reverseConversions } from '../payouts/lifecycle.server';
import { NOTE_MAX } from '../payouts/schemas';
import { divideHalfEven } from './commission';

/**
 * The refunded part of a sale: an amount in the conversion's basis (minor units), a share of
 * the store's order total (this refund alone, or `cumulative`: all refunds so far), or all of it.
 */
export type RefundPart =
  { minor: bigint } | { share: [bigint, bigint]; cumulative?: boolean } | 'all';

export type RefundResult =
  | {
      ok: true;
      conversionId: string;
      /** reduced: a partial refund; reversed: the whole sale is refunded; unchanged: seen before. */
      outcome: 'reduced' | 'reversed' | 'unchanged';
      /** The commission this refund took back (0 when unchanged). */
      commissionTakenMinor: number;
      message: string;
    }
  | { ok: false; reason: 'unknown_order'; message: string };

type Locked = {
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'reversed' | 'refused';
  amount_minor: string | null;
  commission_minor: string;
  statement_id: string | null;
  statement_status: 'open' | 'carried_forward' | 'paid' | null;
  member_id: string | null;
  currency: string;
  order_id: string;
};

/**
 * A store's refund of part or all of an order (decision 056), once per store refund (`ref`).
 * `refundedSaleMinor` is the refunded part of the sale in the conversion's own basis (the amount
 * the commission was computed on), or 'all'. The commission taken back is pro rata, computed on
 * the cumulated refunds so rounding never drifts: reduction = round(C × refunded / sale). Once the
 * whole sale is refunded the conversion is reversed (reverse.server's rules: out of an unpaid
 * statement, or a clawback of what is left of a paid commission). While unpaid, the commission
 * is lowered in place (and its unpaid statement's total with it); once paid, a negative
 * adjustment goes into the member's next statement.
 */
export async function refundConversion(input: {
  brandId: string;
  offerId: string;
  orderId: string;
  ref: string;
  refund: RefundPart;
  note: string;
  now?: Date;
}): Promise<RefundResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  return withLedger(db, input.brandId, { kind: 'postback' }, async (t) => {
    const [c] = await t.execute<Locked>(sql`
      select c.id, c.status, c.amount_minor::text as amount_minor,
             c.commission_minor::text as commission_minor, c.statement_id,
             s.status as statement_status, c.member_id, c.currency, c.order_id
        from conversions c
        left join statements s on s.id = c.statement_id
       where c.brand_id = ${input.brandId} and c.offer_id = ${input.offerId}
         and c.order_id = ${input.orderId} and c.reason is null
         for update of c`);
    if (!c) {
      return {
        ok: false as const,
        reason: 'unknown_order' as const,
        message: `No accepted conversion with order id ${input.orderId} on this offer.`,
      };
    }
    const unchanged = (message: string): RefundResult => ({
      ok: true,
      conversionId: c.id,
      outcome: 'unchanged',
      commissionTakenMinor: 0,
      message,
    });
    if (c.status === 'reversed' || c.status === 'rejected' || c.status === 'refused') {
      return unchanged(`The conversion of order ${c.order_id} is already ${c.status}.`);
    }
    const previous = await t.execute<{
      ref: string;
      sale_minor: string;
      commission_minor: string;
      adjustment_id: string | null;
    }>(sql`
      select ref, sale_minor::text as sale_minor, commission_minor::text as commission_minor,
             adjustment_id
        from conversion_refunds where conversion_id = ${c.id}`);
    if (previous.some((r) => r.ref === input.ref)) {
      return unchanged(`The refund ${input.ref} was already applied.`);
    }
    const sale = BigInt(c.amount_minor ?? '0');
    const refundedBefore = previous.reduce((s, r) => s + BigInt(r.sale_minor), 0n);
    const takenBefore = previous.reduce((s, r) => s + BigInt(r.commission_minor), 0n);
    const takenInPlace = previous
      .filter((r) => r.adjustment_id === null)
      .reduce((s, r) => s + BigInt(r.commission_minor), 0n);
    const part = input.refund;
    let wanted: bigint;
    if (part === 'all') wanted = sale;
    else if ('minor' in part) wanted = refundedBefore + part.minor;
    else {
      const [refunded, of] = part.share;
      const share = of > 0n ? divideHalfEven(sale * refunded, of) : sale;
      wanted = part.cumulative ? share : refundedBefore + share;
    }
    if (wanted <= refundedBefore && part !== 'all') {
      return unchanged('The refund does not add to what was already refunded.');
    }
    const refundedAfter = wanted >= sale ? sale : wanted;
    const note = input.note.slice(0, NOTE_MAX);
    // The member's commission on this sale before this refund: the original less what earlier
    // refunds took back (in place or by adjustments). Recorded for the `conversion.refunded` event.
    const original = BigInt(c.commission_minor) + takenInPlace;
    const commissionBefore = original - takenBefore > 0n ? original - takenBefore : 0n;

    if (sale === 0n || refundedAfter >= sale) {
      const standing = BigInt(c.commission_minor);
      await reverseConversions(t, input.brandId, [c.id], { note }, { kind: 'postback' }, { now });
      await t.execute(sql`
        insert into conversion_refunds
          (brand_id, conversion_id, ref, sale_minor, commission_minor, full_refund,
           commission_before_minor, commission_after_minor, created_at)
        values (${input.brandId}, ${c.id}, ${input.ref}, ${(sale - refundedBefore).toString()}::bigint,
                0, true, ${commissionBefore.toString()}::bigint, 0, ${at}::timestamptz)`);
      return {
        ok: true as const,
        conversionId: c.id,
        outcome: 'reversed' as const,
        commissionTakenMinor: Number(standing),
        message: `The whole order ${c.order_id} is refunded: its commission is reversed.`,
      };
    }

    const takenAfter = divideHalfEven(original * refundedAfter, sale);
    const delta = takenAfter - takenBefore > 0n ? takenAfter - takenBefore : 0n;
    const paid = c.statement_status === 'paid';
    const refundId = randomUUID();
    let adjustmentId: string | null = null;
    if (delta > 0n && paid && c.member_id) {
      const [adjustment] = await t.execute<{ id: string }>(sql`
        insert into statement_adjustments
          (brand_id, member_id, conversion_id, amount_minor, currency, note, refund_id, created_at)
        values (${input.brandId}, ${c.member_id}, ${c.id}, ${(-delta).toString()}::bigint,
                ${c.currency}, ${note}, ${refundId}::uuid, ${at}::timestamptz)
        returning id`);
      adjustmentId = adjustment.id;
      await startLines(t);
      await t.execute(sql`
        insert into payout_lines (kind, id, member_id, currency, month)
        select 'adjust', a.id, a.member_id, a.currency,
               date_trunc('month', a.created_at at time zone 'UTC')::date
          from statement_adjustments a where a.id = ${adjustmentId}`);
      await placeLines(t, input.brandId, { kind: 'postback' }, now);
    } else if (delta > 0n) {
      await t.execute(sql`
        update conversions set commission_minor = commission_minor - ${delta.toString()}::bigint
         where id = ${c.id}`);
      if (c.statement_id) {
        await t.execute(sql`
          update statements
             set amount_minor = amount_minor - ${delta.toString()}::bigint, updated_at = ${at}::timestamptz
           where id = ${c.statement_id}`);
      }
    }
    await t.execute(sql`
      insert into conversion_refunds
        (id, brand_id, conversion_id, ref, sale_minor, commission_minor, adjustment_id,
         commission_before_minor, commission_after_minor, created_at)
      values (${refundId}::uuid, ${input.brandId}, ${c.id}, ${input.ref},
              ${(refundedAfter - refundedBefore).toString()}::bigint, ${delta.toString()}::bigint,
              ${adjustmentId}::uuid, ${commissionBefore.toString()}::bigint,
              ${(commissionBefore - delta > 0n ? commissionBefore - delta : 0n).toString()}::bigint,
              ${at}::timestamptz)`);
    if (c.member_id && delta > 0n) await refreshPayable(t, input.brandId, [c.member_id], now);
    return {
      ok: true as const,
      conversionId: c.id,
      outcome: 'reduced' as const,
      commissionTakenMinor: Number(delta),
      message: `A refund of part of order ${c.order_id} took back ${delta} of its commission (minor units).`,
    };
  });
}
