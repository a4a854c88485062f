import { and, eq, ne, or } from 'drizzle-orm';
import { db } from '../../db/client';
import { offers } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique-violation';
import { invariantResponse } from '../http.server';
import { isUuid } from '../ids';

/**
 * Offer numbers and previous TUNE offer ids (decision 027): TUNE integrations send an integer
 * `offer_id`. Each offer has a short number in its brand (given at insert by a trigger, never
 * reused), and may carry the id it had in TUNE before the brand moved.
 */

/** No offer has this id: an `offer_id` that names no offer of the brand never matches a click. */
export const NO_SUCH_OFFER = '00000000-0000-0000-0000-000000000000';

const INTEGER = /^[0-9]{1,9}$/;

/**
 * The offer an `offer_id` parameter names: a uuid as it is; an integer as the brand's offer with
 * that previous TUNE offer id, else with that offer number (NO_SUCH_OFFER when none); anything
 * else unchanged (the attribution ignores an offer_id that is neither).
 */
export async function resolveOfferReference(
  brandId: string,
  reference: string | null | undefined,
): Promise<string | null> {
  const ref = reference?.trim();
  if (!ref) return null;
  if (isUuid(ref)) return ref.toLowerCase();
  if (!INTEGER.test(ref)) return ref;
  const n = Number(ref);
  const rows = await db
    .select({ id: offers.id, previous: offers.previousTuneOfferId })
    .from(offers)
    .where(
      and(
        eq(offers.brandId, brandId),
        or(eq(offers.previousTuneOfferId, n), eq(offers.offerNumber, n)),
      ),
    );
  // The merchant moving from TUNE sends TUNE's ids: a previous TUNE id wins over a number.
  const match = rows.find((r) => r.previous === n) ?? rows[0];
  return match?.id ?? NO_SUCH_OFFER;
}

export type SaveResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]> };

/** Sets (or clears, with null) the offer's previous TUNE offer id; another brand's offer: 404. */
export async function setPreviousTuneOfferId(
  brandId: string,
  offerId: string,
  previousTuneOfferId: number | null,
): Promise<SaveResult> {
  invariantResponse(isUuid(offerId), 'Offer not found');
  try {
    const [updated] = await db
      .update(offers)
      .set({ previousTuneOfferId })
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
      .returning({ id: offers.id });
    invariantResponse(updated, 'Offer not found');
    return { ok: true };
  } catch (error) {
    if (!isUniqueViolation(error, 'offers_brand_previous_tune_id_key')) throw error;
    const [other] = await db
      .select({ name: offers.name })
      .from(offers)
      .where(
        and(
          eq(offers.brandId, brandId),
          eq(offers.previousTuneOfferId, previousTuneOfferId!),
          ne(offers.id, offerId),
        ),
      )
      .limit(1);
    return {
      ok: false,
      fieldErrors: {
        previousTuneOfferId: [
          `The offer “${other?.name ?? 'another offer'}” already has TUNE offer id ${previousTuneOfferId}. Each TUNE id can name one offer.`,
        ],
      },
    };
  }
}
