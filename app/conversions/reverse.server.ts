import { and, eq, ne, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { conversions, statementAdjustments, statements } from '../../db/schema';
import { isUuid } from '../ids';

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
 * `reversed`. If its commission was already paid (its statement is paid), a negative adjustment
 * is carried into the member's next statement; if it sat in a statement not yet paid, it leaves
 * that statement and the statement's total drops. Idempotent: a second reversal changes nothing.
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
  return db.transaction(async (tx) => {
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

    let adjustmentId: string | null = null;
    let statementId = conversion.statementId;
    if (statementId) {
      const [statement] = await tx
        .select({ status: statements.status })
        .from(statements)
        .where(eq(statements.id, statementId))
        .for('update');
      if (statement?.status === 'paid') {
        if (conversion.memberId && conversion.commissionMinor !== 0) {
          const [adjustment] = await tx
            .insert(statementAdjustments)
            .values({
              brandId: conversion.brandId,
              memberId: conversion.memberId,
              conversionId: conversion.id,
              amountMinor: -conversion.commissionMinor,
              currency: conversion.currency,
              note: input.note ?? `Reversal of order ${orderId} (already paid)`,
            })
            .onConflictDoNothing()
            .returning({ id: statementAdjustments.id });
          adjustmentId = adjustment?.id ?? null;
        }
      } else if (statement) {
        await tx
          .update(statements)
          .set({
            amountMinor: sql`${statements.amountMinor} - ${conversion.commissionMinor}`,
            updatedAt: new Date(),
          })
          .where(eq(statements.id, statementId));
        statementId = null;
      }
    }
    await tx
      .update(conversions)
      .set({ status: 'reversed', reversedAt: new Date(), statementId })
      .where(eq(conversions.id, conversion.id));
    return {
      ok: true as const,
      conversionId: conversion.id,
      status: 'reversed' as const,
      alreadyDone: false,
      adjustmentId,
    };
  });
}
