import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { offers } from '../../db/schema';
import { enqueue } from '../jobs/enqueue.server';
import { offerLinksChanged } from '../links/link-events.server';

/**
 * Marks offers whose end date has passed as expired (all of them, or one). Idempotent: an offer
 * already expired, or whose end date moved into the future, is left alone. Returns how many changed.
 */
export async function expireEndedOffers(offerId?: string): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(offers)
      .set({ expiredAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          isNull(offers.expiredAt),
          lte(offers.endsAt, sql`now()`),
          offerId ? eq(offers.id, offerId) : undefined,
        ),
      )
      .returning({ id: offers.id });
    for (const row of rows) await offerLinksChanged(tx, row.id);
    return rows.length;
  });
}

/** Schedules the expiry job at an offer's end date (replacing any earlier schedule). */
export async function scheduleOfferExpiry(
  tx: Tx,
  offerId: string,
  endsAt: Date | null,
): Promise<void> {
  if (!endsAt) return;
  await enqueue(
    tx,
    'offers__expire',
    { offerId },
    { jobKey: `offer-expire:${offerId}`, runAt: endsAt },
  );
}
