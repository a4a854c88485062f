import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { db, getDb } from '../../db/client';
import { links, offers, payoutOptions } from '../../db/schema';
import type { FieldErrors } from '../forms/parse-form';
import { isUuid } from '../ids';
import { formatMinor } from '../money/money';
import { actorApiKeyId, actorUserId, brandActor, type BrandActor } from '../payouts/ledger.server';
import { cpsCommission } from './commission';
import { insertConversions } from './conversion-writer.server';
import { parseSaleAmount, parseUtcDateTime, type ManualConversionInput } from './manual-conversion';

export type ManualConversionResult =
  | { ok: true; conversionId: string; commissionMinor: number; currency: string }
  | { ok: false; notFound: true }
  | { ok: false; notFound?: false; fieldErrors: FieldErrors };

/** A link of the brand and of that member, with what its commission needs; null otherwise. */
async function memberLink(brandId: string, memberId: string, linkId: string) {
  if (!isUuid(memberId) || !isUuid(linkId)) return null;
  const [row] = await db
    .select({
      linkId: links.id,
      memberId: links.memberId,
      offerId: offers.id,
      linkCreatedAt: links.createdAt,
      offerCurrency: offers.currency,
      payoutOptionId: payoutOptions.id,
      payoutType: payoutOptions.type,
      percent: payoutOptions.percent,
      cpaMinor: payoutOptions.amountMinor,
    })
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .innerJoin(payoutOptions, eq(payoutOptions.id, links.payoutOptionId))
    .where(and(eq(links.id, linkId), eq(links.brandId, brandId), eq(links.memberId, memberId)));
  return row ?? null;
}

/**
 * Records a conversion the tracking missed, as the signed-in user: attributed to one of the
 * member's links, its commission computed by the link's payout option exactly as a postback's
 * (a percentage of the sale, or the flat CPA amount), status pending (the holding period counts
 * from the sale's time), source `manual`. The row and its creation record in the status history
 * (the audit log: no previous status, to pending, by the user, with the note) are written in one
 * transaction through the conversion writer's INSERT, whose (offer, order id) arbiter refuses a
 * duplicate order as for postbacks. Another brand's member or link, or a link of another member,
 * is `notFound`; bad input is field errors; either way nothing is stored. No click: the reporting
 * rollups count it from the conversions table's triggers like any other.
 */
export async function createManualConversion(
  brandId: string,
  /** The signed-in user's id, or the API key that asks. */
  by: string | BrandActor,
  /** The form's fields; the API gives the sale in minor units (`amountMinor`) instead of text. */
  input: ManualConversionInput & { amountMinor?: number },
  now: Date = new Date(),
): Promise<ManualConversionResult> {
  const target = await memberLink(brandId, input.memberId, input.linkId);
  if (!target) return { ok: false, notFound: true };

  const fieldErrors: FieldErrors = {};
  const currency = input.currency ?? target.offerCurrency;
  if (currency !== target.offerCurrency) {
    fieldErrors.currency = [
      `The currency ${currency} is not the offer's currency (${target.offerCurrency}).`,
    ];
  }
  let amountMinor: bigint | null = null;
  // Minor units are written out in the offer's currency and read by the form's rule (its range).
  const amountText =
    input.amountMinor != null ? formatMinor(input.amountMinor, target.offerCurrency) : input.amount;
  if (amountText != null) {
    const parsed = parseSaleAmount(amountText, target.offerCurrency);
    if (parsed.ok) amountMinor = parsed.minor;
    else fieldErrors.amount = [parsed.message];
  } else if (target.payoutType === 'cps_percent') {
    fieldErrors.amount = ['Enter the sale amount; this link pays a percentage of the sale.'];
  }
  const occurredAt = parseUtcDateTime(input.occurredAt);
  if (!occurredAt) {
    fieldErrors.occurredAt = ['Enter the date and time of the sale.'];
  } else if (occurredAt.getTime() > now.getTime()) {
    fieldErrors.occurredAt = ['The sale’s time is in the future.'];
  } else if (
    occurredAt.getTime() <
    Math.floor(new Date(target.linkCreatedAt).getTime() / 60_000) * 60_000
  ) {
    fieldErrors.occurredAt = [
      `The sale is before the link was made (${new Date(target.linkCreatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC).`,
    ];
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  const commission =
    target.payoutType === 'cps_percent'
      ? cpsCommission(amountMinor ?? 0n, target.percent ?? '0')
      : BigInt(target.cpaMinor ?? 0);
  const id = randomUUID();
  const inserted = await getDb().$client.begin(async (tx) => {
    const ids = await insertConversions(tx, [
      {
        id,
        brandId,
        offerId: target.offerId,
        linkId: target.linkId,
        memberId: target.memberId,
        payoutOptionId: target.payoutOptionId,
        orderId: input.orderId,
        amountMinor: amountMinor === null ? null : Number(amountMinor),
        currency: target.offerCurrency,
        commissionMinor: Number(commission),
        status: 'pending',
        source: 'manual',
        createdAt: occurredAt!,
      },
    ]);
    if (!ids.has(id)) return false;
    const actor = brandActor(by);
    await tx`
      insert into conversion_status_history
        (conversion_id, brand_id, from_status, to_status, note, actor_kind, actor_user_id,
         actor_api_key_id, at)
      values (${id}, ${brandId}, null, 'pending', ${input.note ?? null}, ${actor.kind},
              ${actorUserId(actor)}, ${actorApiKeyId(actor)}, ${now.toISOString()})`;
    return true;
  });
  if (!inserted) {
    return {
      ok: false,
      fieldErrors: {
        orderId: [
          `The order ${input.orderId} was already reported for this offer; nothing was added.`,
        ],
      },
    };
  }
  return {
    ok: true,
    conversionId: id,
    commissionMinor: Number(commission),
    currency: target.offerCurrency,
  };
}
