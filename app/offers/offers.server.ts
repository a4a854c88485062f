import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { brands, links, offerImages, offers, payoutOptions } from '../../db/schema';
import type { FieldErrors } from '../forms/parse-form';
import { offerLinksChanged } from '../links/link-events.server';
import { scheduleOfferExpiry } from './expiry.server';
import type { ImageType } from './images.server';
import type { OfferInput } from './schemas';
import { isUuid } from '../ids';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';

export function isOfferExpired(offer: { endsAt: Date | null; expiredAt: Date | null }): boolean {
  return (
    offer.expiredAt !== null || (offer.endsAt !== null && offer.endsAt.getTime() <= Date.now())
  );
}

/** An offer of the brand with its payout options (default first), or null. */
export async function getOffer(brandId: string, offerId: string | undefined) {
  if (!isUuid(offerId)) return null;
  const [offer] = await db
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
  if (!offer) return null;
  const payouts = await db
    .select({
      id: payoutOptions.id,
      title: payoutOptions.title,
      type: payoutOptions.type,
      percent: payoutOptions.percent,
      amountMinor: payoutOptions.amountMinor,
      isDefault: payoutOptions.isDefault,
      links: sql<number>`(select count(*)::int from ${links} where ${links.payoutOptionId} = ${payoutOptions.id})`,
    })
    .from(payoutOptions)
    .where(and(eq(payoutOptions.offerId, offer.id), eq(payoutOptions.brandId, brandId)))
    .orderBy(asc(payoutOptions.position), asc(payoutOptions.createdAt));
  return { ...offer, expired: isOfferExpired(offer), payouts };
}

export type OfferWithPayouts = NonNullable<Awaited<ReturnType<typeof getOffer>>>;

/** The keys the tracking-setup tab shows. */
export async function getBrandTrackingKeys(brandId: string) {
  const [row] = await db
    .select({ postbackToken: brands.postbackToken, publishableKey: brands.publishableKey })
    .from(brands)
    .where(eq(brands.id, brandId));
  return row;
}

export type NewImage = { type: ImageType; data: Buffer };

export type SaveResult = { ok: true; offerId: string } | { ok: false; fieldErrors: FieldErrors };

class FieldError extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super('invalid offer');
  }
}

function dbErrorCode(error: unknown): { code?: string; constraint?: string } {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^\d{2}[0-9A-Z]{3}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint:
          typeof candidate.constraint_name === 'string' ? candidate.constraint_name : undefined,
      };
    }
    e = candidate.cause;
  }
  return {};
}

const nameTaken = (name: string): FieldErrors => ({
  name: [`You already have an offer named “${name}”. Choose another name.`],
});

/**
 * Creates an offer (offerId null) or updates one of the brand's offers, with its payout options, in
 * one transaction: link caches are told to re-read the offer, the expiry job is (re)scheduled at
 * the end date, and an end date moved into the future clears `expired_at`. Payout options that
 * links use cannot be removed. Returns field errors for what the database refuses (a taken name).
 */
export async function saveOffer(
  brandId: string,
  offerId: string | null,
  input: OfferInput,
  newImage: NewImage | null,
): Promise<SaveResult | null> {
  try {
    const id = await db.transaction(async (tx) => {
      let current: { imageId: string | null; icon: string | null } | null = null;
      if (offerId) {
        const [row] = await tx
          .select({ imageId: offers.imageId, icon: offers.icon })
          .from(offers)
          .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
          .for('update');
        if (!row) return null;
        current = row;
      }
      const [taken] = await tx
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.brandId, brandId), sql`lower(${offers.name}) = lower(${input.name})`));
      if (taken && taken.id !== offerId) throw new FieldError(nameTaken(input.name));

      let imageId: string | null = null;
      let icon: string | null = null;
      if (input.picture === 'upload') {
        if (!newImage) throw new FieldError({ image: ['Choose an image file to upload.'] });
        const [image] = await tx
          .insert(offerImages)
          .values({ brandId, contentType: newImage.type, data: newImage.data })
          .returning({ id: offerImages.id });
        imageId = image.id;
      } else if (input.picture === 'image') {
        imageId = current?.imageId ?? null;
      } else if (input.picture !== 'none') {
        icon = input.picture;
      }

      const expiredAt =
        input.endsAt === null || input.endsAt.getTime() > Date.now() ? null : undefined;
      const fields = {
        name: input.name,
        description: input.description,
        imageId,
        icon,
        status: input.status,
        offerUrl: input.offerUrl,
        conversionType: input.conversionType,
        trackingMethod: input.trackingMethod,
        currency: input.currency,
        endsAt: input.endsAt,
        attributionWindowDays: input.attributionWindowDays,
        holdingPeriodDays: input.holdingPeriodDays,
        recurringMonths: input.recurringMonths,
        utmSource: input.utmSource,
        utmMedium: input.utmMedium,
        utmCampaign: input.utmCampaign,
        utmContent: input.utmContent,
        utmTerm: input.utmTerm,
        allowCreatorDeepLinks: input.allowCreatorDeepLinks,
        additionalDomains: input.additionalDomains,
        clickIdParam: input.clickIdParam,
      };

      let id: string;
      if (offerId) {
        await tx
          .update(offers)
          .set({
            ...fields,
            ...(expiredAt === null ? { expiredAt: null } : {}),
            updatedAt: sql`now()`,
          })
          .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
        id = offerId;
        // A replaced upload is no longer referenced by anything: drop its bytes.
        if (current?.imageId && current.imageId !== imageId) {
          await tx
            .delete(offerImages)
            .where(and(eq(offerImages.id, current.imageId), eq(offerImages.brandId, brandId)));
        }
      } else {
        const [row] = await tx
          .insert(offers)
          .values({ ...fields, brandId })
          .returning({ id: offers.id });
        id = row.id;
      }

      await savePayoutOptions(tx, brandId, id, input.payouts, Boolean(offerId));
      await offerLinksChanged(tx, id);
      await scheduleOfferExpiry(tx, id, input.endsAt);
      return id;
    });
    return id ? { ok: true, offerId: id } : null;
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, fieldErrors: error.fieldErrors };
    const { code, constraint } = dbErrorCode(error);
    if (code === '23505' && constraint === 'offers_brand_name_key') {
      return { ok: false, fieldErrors: nameTaken(input.name) };
    }
    if (code === '23503' && constraint?.startsWith('links_payout_option')) {
      return {
        ok: false,
        fieldErrors: {
          payouts: ['A payout option you removed was just given to a link. Reload and try again.'],
        },
      };
    }
    throw error;
  }
}

async function savePayoutOptions(
  tx: Tx,
  brandId: string,
  offerId: string,
  payouts: OfferInput['payouts'],
  editing: boolean,
) {
  const existing = editing
    ? await tx
        .select({ id: payoutOptions.id, title: payoutOptions.title })
        .from(payoutOptions)
        .where(and(eq(payoutOptions.offerId, offerId), eq(payoutOptions.brandId, brandId)))
    : [];
  const existingIds = new Set(existing.map((p) => p.id));
  const errors: FieldErrors = {};
  payouts.forEach((p, index) => {
    if (p.id && !existingIds.has(p.id)) {
      errors[`payouts.${index}.title`] = ['This payout option no longer exists. Reload the page.'];
    }
  });
  if (Object.keys(errors).length) throw new FieldError(errors);

  const keptIds = new Set(payouts.map((p) => p.id).filter(Boolean));
  const removed = existing.filter((p) => !keptIds.has(p.id));
  if (removed.length) {
    const used = await tx
      .select({ payoutOptionId: links.payoutOptionId, n: sql<number>`count(*)::int` })
      .from(links)
      .where(
        and(
          eq(links.brandId, brandId),
          inArray(
            links.payoutOptionId,
            removed.map((p) => p.id),
          ),
        ),
      )
      .groupBy(links.payoutOptionId);
    if (used.length) {
      const names = used.map((u) => {
        const title = removed.find((p) => p.id === u.payoutOptionId)?.title ?? '';
        return `“${title}” (${u.n} link${u.n === 1 ? '' : 's'})`;
      });
      throw new FieldError({
        payouts: [
          `${names.join(', ')} cannot be removed: links use ${used.length === 1 ? 'it' : 'them'}, and their earnings are computed with it. Change those links’ payout option first, or keep it.`,
        ],
      });
    }
    await tx.delete(payoutOptions).where(
      and(
        eq(payoutOptions.brandId, brandId),
        inArray(
          payoutOptions.id,
          removed.map((p) => p.id),
        ),
      ),
    );
  }
  // One default per offer is enforced by a unique index checked per statement: clear, then set.
  if (editing) {
    await tx
      .update(payoutOptions)
      .set({ isDefault: false })
      .where(and(eq(payoutOptions.offerId, offerId), eq(payoutOptions.brandId, brandId)));
  }
  for (const [position, p] of payouts.entries()) {
    const values = {
      title: p.title,
      type: p.type,
      percent: p.percent,
      amountMinor: p.amountMinor,
      isDefault: p.isDefault,
      position,
    };
    if (p.id) {
      await tx
        .update(payoutOptions)
        .set(values)
        .where(and(eq(payoutOptions.id, p.id), eq(payoutOptions.brandId, brandId)));
    } else {
      await tx.insert(payoutOptions).values({ ...values, brandId, offerId });
    }
  }
}

/**
 * Pauses or resumes one of the brand's offers. Links keep redirecting either way; the link caches
 * re-read the offer at once so attribution follows the new status. False when it is not theirs.
 */
export async function setOfferStatus(
  brandId: string,
  offerId: string | undefined,
  status: 'active' | 'paused',
): Promise<boolean> {
  if (!isUuid(offerId)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(offers)
      .set({ status, updatedAt: sql`now()` })
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
      .returning({ id: offers.id });
    if (!rows.length) return false;
    await offerLinksChanged(tx, offerId);
    return true;
  });
}

/** A database error (possibly wrapped by drizzle) that is a foreign-key violation. */
function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; cause?: unknown };
    if (candidate.code === '23503') return true;
    e = candidate.cause;
  }
  return false;
}

/**
 * Removes one of the brand's offers (SPEC §4, like members): an offer with tracking links or
 * conversions is archived — hidden from the offers list unless archived ones are asked for, its
 * links keep redirecting and tracking, its conversions and statements stay — and only an offer
 * with neither is deleted (with its payout options and uploaded image). The database has the
 * last word: its foreign keys from links and conversions do not cascade, so a conversion that
 * arrived meanwhile turns the deletion into an archiving. Null when it is not the brand's.
 */
export async function removeOffer(
  brandId: string,
  offerId: string | undefined,
): Promise<{ id: string; name: string; archived: boolean } | null> {
  if (!isUuid(offerId)) return null;
  return db.transaction(async (tx) => {
    const [offer] = await tx
      .select({ id: offers.id, name: offers.name, imageId: offers.imageId })
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
      .for('update');
    if (!offer) return null;
    const [{ used }] = await tx.execute<{ used: boolean }>(sql`
      select exists (select 1 from links where offer_id = ${offer.id}) as used`);
    if (!used) {
      try {
        await tx.transaction(async (sp) => {
          await sp.delete(offers).where(eq(offers.id, offer.id));
          if (offer.imageId) {
            await sp
              .delete(offerImages)
              .where(and(eq(offerImages.id, offer.imageId), eq(offerImages.brandId, brandId)));
          }
        });
        return { id: offer.id, name: offer.name, archived: false };
      } catch (error) {
        // Conversions refer to it (a brand-added one needs no link): archived instead.
        if (!isForeignKeyViolation(error)) throw error;
      }
    }
    await tx
      .update(offers)
      .set({ archivedAt: sql`coalesce(${offers.archivedAt}, now())`, updatedAt: sql`now()` })
      .where(eq(offers.id, offer.id));
    await offerLinksChanged(tx, offer.id);
    return { id: offer.id, name: offer.name, archived: true };
  });
}

/** Brings an archived offer back into the offers list. False when it is not the brand's. */
export async function restoreOffer(brandId: string, offerId: string | undefined): Promise<boolean> {
  if (!isUuid(offerId)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(offers)
      .set({ archivedAt: null, updatedAt: sql`now()` })
      .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
      .returning({ id: offers.id });
    if (!rows.length) return false;
    await offerLinksChanged(tx, offerId);
    return true;
  });
}

/** How many tracking links the brand's offer has (an offer with links is archived, not deleted). */
export async function offerLinkCount(brandId: string, offerId: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from links where brand_id = ${brandId} and offer_id = ${offerId}`);
  return Number(row?.n ?? 0);
}

/**
 * A page of the brand's offers, newest first, after `position` (the API's cursor), with their
 * payout options; archived ones only when asked.
 */
export async function listOffersPage(
  brandId: string,
  options: { after: KeysetPosition | null; limit: number; archived?: boolean },
) {
  const rows = await db
    .select({ offer: offers, at: exactTimeSql(offers.createdAt) })
    .from(offers)
    .where(
      and(
        eq(offers.brandId, brandId),
        options.archived ? undefined : isNull(offers.archivedAt),
        ...(options.after ? olderThanSql(offers.createdAt, offers.id, options.after) : []),
      ),
    )
    .orderBy(desc(offers.createdAt), desc(offers.id))
    .limit(options.limit + 1);
  const ids = rows.map((r) => r.offer.id);
  const options_ = ids.length
    ? await db
        .select()
        .from(payoutOptions)
        .where(and(eq(payoutOptions.brandId, brandId), inArray(payoutOptions.offerId, ids)))
        .orderBy(asc(payoutOptions.position), asc(payoutOptions.createdAt))
    : [];
  return rows.map((r) => ({
    offer: r.offer,
    payouts: options_.filter((p) => p.offerId === r.offer.id),
    position: { at: r.at, id: r.offer.id },
  }));
}
