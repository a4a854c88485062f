import { and, eq, ne } from 'drizzle-orm';
import { db } from '../../db/client';
import { conversions, statementAdjustments } from '../../db/schema';
import { isUuid } from '../ids';
import { withLedger } from '../payouts/ledger.server';
import { reverseConversions } from '../payouts/lifecycle.server';

export type ReversalResult =
  | {
      ok: true;
      conversionId: string;
      status: 'reversed' | 'rejected';
      alreadyDone: boolean;
      adjustmentId: string | null;
    }
  | { ok: false; reason: 'unknown_order' | 'ambiguous_order'; message: string };

/**
 * A refund or chargeback, reported by order id. The accepted conversion of that order becomes
 * `reversed` through `reverseConversions` (app/payouts): if its commission was already paid, a
 * negative adjustment goes into the member's next statement; if it sat in a statement not yet
 * paid, it leaves that statement and the statement's total drops. Idempotent: a second reversal
 * (or the reversal of a rejected conversion) changes nothing.
 */
export async function reverseConversion(input: {
  brandId: string;
  orderId: string | null | undefined;
  offerId?: string | null;
  note?: string;
}): Promise<ReversalResult> {
  const orderId = input.orderId?.trim();
  if (!orderId) return { ok: false, reason: 'unknown_order', message: 'order_id is missing.' };
  if (input.offerId && !isUuid(input.offerId)) {
    return {
      ok: false,
      reason: 'unknown_order',
      message: 'offer_id is not an offer of this brand.',
    };
  }
  // The brand's ledger lock first, then the row: the order every writer of the ledger uses.
  return withLedger(db, input.brandId, { kind: 'postback' }, async (tx) => {
    const conditions = [
      eq(conversions.brandId, input.brandId),
      eq(conversions.orderId, orderId),
      ne(conversions.status, 'refused'),
    ];
    if (input.offerId) conditions.push(eq(conversions.offerId, input.offerId.toLowerCase()));
    const rows = await tx
      .select()
      .from(conversions)
      .where(and(...conditions))
      .limit(2)
      .for('update');
    if (rows.length === 0) {
      return {
        ok: false as const,
        reason: 'unknown_order' as const,
        message: `No accepted conversion with order id ${orderId}${input.offerId ? ' on that offer' : ''}.`,
      };
    }
    if (rows.length > 1) {
      return {
        ok: false as const,
        reason: 'ambiguous_order' as const,
        message: `Several offers have a conversion with order id ${orderId}; give offer_id.`,
      };
    }
    const conversion = rows[0];
    if (conversion.status === 'reversed' || conversion.status === 'rejected') {
      const [adjustment] = await tx
        .select({ id: statementAdjustments.id })
        .from(statementAdjustments)
        .where(eq(statementAdjustments.conversionId, conversion.id));
      return {
        ok: true as const,
        conversionId: conversion.id,
        status: conversion.status,
        alreadyDone: true,
        adjustmentId: adjustment?.id ?? null,
      };
    }
    // The lifecycle module takes it out of an unpaid statement, or claws a paid commission back
    // in the member's next statement, and records the change.
    const result = await reverseConversions(
      tx,
      input.brandId,
      [conversion.id],
      { note: input.note ?? null },
      { kind: 'postback' },
    );
    return {
      ok: true as const,
      conversionId: conversion.id,
      status: 'reversed' as const,
      alreadyDone: false,
      adjustmentId: result.clawbacks[0]?.adjustmentId ?? null,
    };
  });
}
