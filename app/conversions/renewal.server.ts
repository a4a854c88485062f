import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import {
  attributeConversion,
  type AttributionResult,
  type ConversionSource,
} from './attribute.server';
import { writeConversion } from './conversion-writer.server';

/** `2026-03` or `2026-03-14`: the start of the period a renewal pays for. */
const PERIOD = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

export function parsePeriod(period: string | null | undefined): Date | null {
  const match = PERIOD.exec(period?.trim() ?? '');
  if (!match) return null;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, match[3] ? +match[3] : 1));
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== +match[2] - 1 ? null : date;
}

/** The order id a renewal is stored under: the first sale's order id plus the period. */
export function renewalOrderId(originalOrderId: string, period: string): string {
  return `${originalOrderId.trim()}:${period.trim()}`;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

type Original = {
  id: string;
  offer_id: string;
  member_id: string | null;
  link_id: string | null;
  payout_option_id: string | null;
  currency: string;
  created_ms: number;
  recurring_months: number | null;
};

/**
 * A subscription renewal (decision 057): a conversion of the member who earned the first sale
 * (`originalOrderId`, an accepted conversion of the brand), under the order id
 * `<original>:<period>`, so the same renewal reported twice is refused as a duplicate. It earns
 * while the period starts within the offer's recurring window (offers.recurring_months after the
 * first sale); otherwise, or when the offer pays no renewals, it is stored refused with reason
 * `outside_window` and a message saying which. The offer's other rules (paused, expired, amount)
 * apply as for any conversion.
 */
export async function attributeRenewal(input: {
  brandId: string;
  source: ConversionSource;
  originalOrderId: string;
  period: string;
  /** When given (member postbacks), the first sale must be this member's on this offer. */
  memberId?: string | null;
  offerId?: string | null;
  amount?: string | null;
  currency?: string | null;
  raw?: Record<string, string>;
  now?: Date;
}): Promise<AttributionResult> {
  const now = input.now ?? new Date();
  const period = input.period.trim();
  const orderId = renewalOrderId(input.originalOrderId, period);
  const refuse = async (
    reason: 'unknown_click' | 'outside_window',
    message: string,
    original: Original | null,
  ): Promise<AttributionResult> => {
    const id = randomUUID();
    await writeConversion({
      id,
      brandId: input.brandId,
      source: input.source,
      offerId: original?.offer_id ?? null,
      linkId: original?.link_id ?? null,
      memberId: original?.member_id ?? null,
      payoutOptionId: original?.payout_option_id ?? null,
      orderId: orderId.slice(0, 200),
      event: 'renewal',
      currency: original?.currency ?? 'USD',
      status: 'refused',
      reason,
      raw: input.raw ?? null,
    });
    return { ok: false, conversionId: id, reason, message };
  };

  const start = parsePeriod(period);
  const [original] = await db.execute<Original>(sql`
    select c.id, c.offer_id, c.member_id, c.link_id, c.payout_option_id, c.currency,
           (extract(epoch from c.created_at) * 1000)::float8 as created_ms, o.recurring_months
      from conversions c join offers o on o.id = c.offer_id
     where c.brand_id = ${input.brandId} and c.order_id = ${input.originalOrderId.trim()}
       and c.reason is null
       ${input.offerId ? sql`and c.offer_id = ${input.offerId}` : sql``}
     order by c.created_at
     limit 1`);
  if (!start) {
    return refuse(
      'unknown_click',
      'The renewal period must be YYYY-MM or YYYY-MM-DD (the start of the period it pays for).',
      original ?? null,
    );
  }
  if (!original || (input.memberId && original.member_id !== input.memberId.toLowerCase())) {
    return refuse(
      'unknown_click',
      `No first sale with order id ${input.originalOrderId}${input.memberId ? ' by that member' : ''} to renew.`,
      null,
    );
  }
  if (original.recurring_months === null) {
    return refuse('outside_window', 'The offer pays no commission on renewals.', original);
  }
  const windowEnd = addMonths(new Date(original.created_ms), original.recurring_months);
  if (start.getTime() >= windowEnd.getTime()) {
    return refuse(
      'outside_window',
      `The renewal for ${period} is past the offer's ${original.recurring_months}-month recurring window (it ended ${windowEnd.toISOString().slice(0, 10)}).`,
      original,
    );
  }
  if (!original.member_id) {
    return refuse('unknown_click', 'The first sale has no member to credit.', original);
  }
  return attributeConversion(
    {
      brandId: input.brandId,
      source: input.source,
      memberId: original.member_id,
      offerId: original.offer_id,
      amount: input.amount,
      currency: input.currency,
      orderId,
      event: 'renewal',
      raw: input.raw,
    },
    now,
  );
}
