import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { db, getDb } from '../../db/client';
import { conversions, links, offers, payoutOptions } from '../../db/schema';
import type { conversionSource, refusalReason } from '../../db/schema/enums';
import { perTurnBatch } from '../../lib/per-turn-batch.server';
import { cpsCommission } from './commission';
import { writeConversion } from './conversion-writer.server';
import { parseAmount } from '../money/money';
import { isUuid } from '../ids';
import { lookUpClick } from './fresh-click.server';

export type RefusalReason = (typeof refusalReason.enumValues)[number];
export type ConversionSource = (typeof conversionSource.enumValues)[number];

/**
 * What a merchant reported, through any way in (server postback, TUNE dialect, member postback,
 * the JavaScript snippet, the pixel). The caller has already established the brand (token, HMAC,
 * publishable key, or for the pixel the click's own brand); nothing here crosses brands.
 */
export interface ConversionReport {
  brandId: string;
  source: ConversionSource;
  /** The click id as reported (transaction_id / click_id / the snippet's stored id / the cookie). */
  clickRef?: string | null;
  /**
   * A promo code as reported (`coupon_code` / `coupon`, the snippet's `convert({ coupon })`, a
   * store's discount code), matched case-insensitively. With no click it attributes the
   * conversion to the code's member (source `code`); with a click of another member the brand's
   * `code_conflict_rule` decides (decision 052).
   */
  couponCode?: string | null;
  /** Member postbacks: attribute to this member's main link on `offerId`, no click. */
  memberId?: string | null;
  /** Required for member postbacks; when given with a click it must be the click's offer. */
  offerId?: string | null;
  amount?: string | null;
  currency?: string | null;
  orderId?: string | null;
  event?: string | null;
  /** TUNE's goal_id and adv_sub…adv_sub5, stored as reported. */
  tune?: TuneValues;
  raw?: Record<string, string>;
}

export interface TuneValues {
  goalId?: string | null;
  advSub?: string | null;
  advSub2?: string | null;
  advSub3?: string | null;
  advSub4?: string | null;
  advSub5?: string | null;
}

export type AttributionResult =
  | { ok: true; conversionId: string; status: 'pending'; commissionMinor: number; currency: string }
  | { ok: false; conversionId: string; reason: RefusalReason; message: string }
  | PendingClick;

/**
 * The click was made a moment ago and is not visible yet (decision 020): nothing is stored, and the
 * answer is retryable (503 with Retry-After), so the merchant reports it again.
 */
export interface PendingClick {
  ok: false;
  retry: true;
  conversionId?: undefined;
  reason: 'click_pending';
  message: string;
  retryAfterSeconds: number;
}

export const PENDING_CLICK: PendingClick = Object.freeze({
  ok: false,
  retry: true,
  reason: 'click_pending',
  message: 'The click was made a moment ago and is not recorded yet. Send this again in a second.',
  retryAfterSeconds: 1,
});

export function isPendingClick(result: AttributionResult): result is PendingClick {
  return 'retry' in result;
}

/** Reported strings are kept, but bounded: nobody needs a megabyte order id. */
function clip(value: string | null | undefined, max = 200): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

interface Target {
  /** The promo code it carried, when known (the code's own target, or a click's of the same member). */
  promoCodeId?: string | null;
  offerId: string;
  /** Null only for a code whose member has no main link on its offer (the offer's default payout). */
  linkId: string | null;
  memberId: string;
  clickId: string | null;
  clickAt: Date | null;
  isBot: boolean;
  attributable: boolean;
  offerStatus: 'active' | 'paused';
  endsAt: Date | null;
  expiredAt: Date | null;
  windowDays: number;
  offerCurrency: string;
  payoutOptionId: string;
  payoutType: 'cps_percent' | 'cpa_flat';
  percent: string | null;
  cpaMinor: number | null;
}

const targetColumns = {
  offerId: offers.id,
  linkId: links.id,
  memberId: links.memberId,
  offerStatus: offers.status,
  endsAt: offers.endsAt,
  expiredAt: offers.expiredAt,
  windowDays: offers.attributionWindowDays,
  offerCurrency: offers.currency,
  payoutOptionId: payoutOptions.id,
  payoutType: payoutOptions.type,
  percent: payoutOptions.percent,
  cpaMinor: payoutOptions.amountMinor,
};

/** The offer and payout columns a click's and a code's lookups both select. */
interface OfferTermsRow {
  offer_status: 'active' | 'paused';
  ends_ms: number | null;
  expired_ms: number | null;
  window_days: number;
  offer_currency: string;
  payout_option_id: string;
  payout_type: 'cps_percent' | 'cpa_flat';
  percent: string | null;
  cpa_minor: string | null;
}

/** Those columns as the Target's fields. */
function offerTerms(row: OfferTermsRow) {
  return {
    offerStatus: row.offer_status,
    // Epoch milliseconds: drizzle leaves this client's timestamps as strings.
    endsAt: row.ends_ms === null ? null : new Date(row.ends_ms),
    expiredAt: row.expired_ms === null ? null : new Date(row.expired_ms),
    windowDays: row.window_days,
    offerCurrency: row.offer_currency,
    payoutOptionId: row.payout_option_id,
    payoutType: row.payout_type,
    percent: row.percent,
    cpaMinor: row.cpa_minor === null ? null : Number(row.cpa_minor),
  };
}

interface TargetRow extends OfferTermsRow {
  offer_id: string;
  link_id: string;
  member_id: string;
  click_id: string;
  brand_id: string;
  click_ms: number;
  is_bot: boolean;
  attributable: boolean;
}

/**
 * The click rows of every postback that arrived in this event-loop turn, in one query (postgres.js
 * directly: on this hot path drizzle's query building cost more CPU than the query itself).
 */
const loadClick = perTurnBatch('conversion-clicks', async (ids: string[]) => {
  const byId = new Map((await selectClicks([...new Set(ids)])).map((r) => [r.click_id, r]));
  return ids.map((id) => byId.get(id) ?? null);
});

async function selectClicks(ids: string[]): Promise<TargetRow[]> {
  const sql = getDb().$client;
  return sql<TargetRow[]>`
    select o.id as offer_id, l.id as link_id, l.member_id, o.status as offer_status,
           (extract(epoch from o.ends_at) * 1000)::float8 as ends_ms,
           (extract(epoch from o.expired_at) * 1000)::float8 as expired_ms,
           o.attribution_window_days as window_days,
           o.currency as offer_currency, p.id as payout_option_id, p.type as payout_type,
           p.percent::text as percent, p.amount_minor::text as cpa_minor,
           c.id as click_id, c.brand_id,
           (extract(epoch from c.created_at) * 1000)::float8 as click_ms, c.is_bot, c.attributable
      from clicks c
      join links l on l.id = c.link_id
      join offers o on o.id = l.offer_id
      join payout_options p on p.id = l.payout_option_id
     where c.id = any(${ids}::uuid[])`;
}

/**
 * A click's row, waiting for it when it is too new to have been written (any process's click
 * writer): null when it does not exist, `retry` when it is still not visible after the wait.
 */
export async function findClick(clickId: string): Promise<TargetRow | null | 'retry'> {
  const looked = await lookUpClick(clickId, () => loadClick(clickId));
  return 'found' in looked ? looked.found : 'retry' in looked ? 'retry' : null;
}

async function clickTarget(brandId: string, clickId: string): Promise<Target | null | 'retry'> {
  const found = await findClick(clickId);
  if (found === 'retry') return found;
  // A click of another brand is, for this brand, a click that does not exist.
  const row = found && found.brand_id === brandId ? found : null;
  if (!row) return null;
  return {
    offerId: row.offer_id,
    linkId: row.link_id,
    memberId: row.member_id,
    ...offerTerms(row),
    clickId: row.click_id,
    clickAt: new Date(row.click_ms),
    isBot: row.is_bot,
    attributable: row.attributable,
  };
}

interface CodeRow extends OfferTermsRow {
  promo_code_id: string;
  active: boolean;
  conflict_rule: 'code_wins' | 'click_wins';
  offer_id: string;
  link_id: string | null;
  member_id: string;
}

type CodeLookup =
  | { found: 'active'; target: Target; conflictRule: 'code_wins' | 'click_wins' }
  | { found: 'inactive' }
  | { found: 'none' };

/**
 * The codes of every report that arrived in this event-loop turn, in one query (as the clicks:
 * a query per report cost a store order with a discount code a third of the connector's
 * throughput). For each (brand, code): the active code, else the last deactivated one.
 */
const loadCode = perTurnBatch(
  'conversion-codes',
  async (keys: { brandId: string; code: string }[]) => {
    const rows = await selectCodes(
      keys.map((k) => k.brandId),
      keys.map((k) => k.code),
    );
    // By position in the batch: no second, JavaScript idea of upper case.
    const byPosition = new Map(rows.map((r) => [Number(r.n), r]));
    return keys.map((_, i) => byPosition.get(i + 1) ?? null);
  },
);

async function selectCodes(
  brandIds: string[],
  codes: string[],
): Promise<(CodeRow & { n: string })[]> {
  const sql = getDb().$client;
  return sql<(CodeRow & { n: string })[]>`
    select distinct on (k.n) k.n,
           pc.id as promo_code_id, pc.deactivated_at is null as active,
           b.code_conflict_rule as conflict_rule,
           o.id as offer_id, l.id as link_id, pc.member_id, o.status as offer_status,
           (extract(epoch from o.ends_at) * 1000)::float8 as ends_ms,
           (extract(epoch from o.expired_at) * 1000)::float8 as expired_ms,
           o.attribution_window_days as window_days,
           o.currency as offer_currency, p.id as payout_option_id, p.type as payout_type,
           p.percent::text as percent, p.amount_minor::text as cpa_minor
      from unnest(${brandIds}::uuid[], ${codes}::text[]) with ordinality as k(brand_id, code, n)
      join promo_codes pc on pc.brand_id = k.brand_id and upper(pc.code) = upper(k.code)
      join brands b on b.id = pc.brand_id
      join offers o on o.id = pc.offer_id
      left join links l
        on l.offer_id = pc.offer_id and l.member_id = pc.member_id and l.deep_link is null
      join payout_options p on p.id = coalesce(
        l.payout_option_id,
        (select d.id from payout_options d where d.offer_id = o.id and d.is_default))
     order by k.n, pc.deactivated_at is null desc, pc.deactivated_at desc`;
}

/**
 * A promo code of this brand (case-insensitive): the active one, else the last deactivated one
 * (refused as `unknown_code`). It credits the member's main link on the code's offer, with that
 * link's payout option (the offer's default when the member has no link there). The brand's
 * conflict rule comes with it, so a click-and-code conversion costs one query more, not two.
 */
async function codeTarget(brandId: string, code: string): Promise<CodeLookup> {
  const row = await loadCode({ brandId, code });
  if (!row) return { found: 'none' };
  if (!row.active) return { found: 'inactive' };
  return {
    found: 'active',
    conflictRule: row.conflict_rule,
    target: {
      promoCodeId: row.promo_code_id,
      offerId: row.offer_id,
      linkId: row.link_id,
      memberId: row.member_id,
      ...offerTerms(row),
      clickId: null,
      clickAt: null,
      isBot: false,
      attributable: true,
    },
  };
}

async function memberTarget(
  brandId: string,
  memberId: string,
  offerId: string,
): Promise<Target | null> {
  const [row] = await db
    .select(targetColumns)
    .from(links)
    .innerJoin(offers, eq(offers.id, links.offerId))
    .innerJoin(payoutOptions, eq(payoutOptions.id, links.payoutOptionId))
    .where(
      and(
        eq(links.brandId, brandId),
        eq(links.memberId, memberId),
        eq(links.offerId, offerId),
        isNull(links.deepLink),
      ),
    )
    .limit(1);
  return row ? { ...row, clickId: null, clickAt: null, isBot: false, attributable: true } : null;
}

/** An offer id the caller named, if it is this brand's: refused rows still point at it. */
async function brandOfferId(brandId: string, offerId: string | null | undefined) {
  if (!isUuid(offerId)) return null;
  const [row] = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)))
    .limit(1);
  return row?.id ?? null;
}

/** A report's click and code lookups, already under way (see `startLookups`). */
export interface Lookups {
  click: Promise<Target | null | 'retry'> | null;
  code: Promise<CodeLookup> | null;
}

/**
 * Starts a report's click and code lookups now. A caller with a check of its own to make first
 * (a store connector's "is this order already credited?") starts them in the same event-loop turn,
 * so the three go out in one round of batched queries instead of three in a row, then passes them
 * to `attributeConversion`, which uses them instead of looking again.
 */
export function startLookups(report: ConversionReport): Lookups {
  if (report.memberId != null || report.source === 'member_postback') {
    return { click: null, code: null };
  }
  const clickRef = clip(report.clickRef);
  const couponRef = clip(report.couponCode, 64);
  const lookups: Lookups = {
    click: isUuid(clickRef) ? clickTarget(report.brandId, clickRef.toLowerCase()) : null,
    code: couponRef ? codeTarget(report.brandId, couponRef) : null,
  };
  // Unused when the caller's own check answers first: a failure then is nobody's to report.
  lookups.click?.catch(() => undefined);
  lookups.code?.catch(() => undefined);
  return lookups;
}

const DAY_MS = 86_400_000;

/**
 * The one attribution function. Rules in order (docs/decisions/011): unknown click → offer
 * paused → offer expired → bot or non-attributable click → outside the window → duplicate order
 * → invalid amount. Refusals are stored with their reason; an acceptance is answered only once
 * its row is committed.
 */
export async function attributeConversion(
  report: ConversionReport,
  now: Date = new Date(),
  lookups: Lookups | null = null,
): Promise<AttributionResult> {
  const orderId = clip(report.orderId);
  const event = clip(report.event, 100);
  const clickRef = clip(report.clickRef);
  const couponRef = clip(report.couponCode, 64);
  const base = {
    brandId: report.brandId,
    source: report.source,
    clickRef,
    couponRef,
    conflictRule: null as 'code_wins' | 'click_wins' | null,
    orderId,
    event,
    goalId: clip(report.tune?.goalId, 100),
    advSub: clip(report.tune?.advSub),
    advSub2: clip(report.tune?.advSub2),
    advSub3: clip(report.tune?.advSub3),
    advSub4: clip(report.tune?.advSub4),
    advSub5: clip(report.tune?.advSub5),
    raw: report.raw ?? null,
  };

  const refuse = async (
    reason: RefusalReason,
    message: string,
    target: Partial<Target> | null,
    extra: { amountMinor?: number | null; currency?: string } = {},
  ): Promise<AttributionResult> => {
    const id = randomUUID();
    await writeConversion({
      ...base,
      id,
      offerId: target?.offerId ?? null,
      linkId: target?.linkId ?? null,
      memberId: target?.memberId ?? null,
      payoutOptionId: target?.payoutOptionId ?? null,
      clickId: target?.clickId ?? null,
      promoCodeId: target?.promoCodeId ?? null,
      currency: extra.currency ?? target?.offerCurrency ?? 'USD',
      amountMinor: extra.amountMinor ?? null,
      status: 'refused',
      reason,
    });
    return { ok: false, conversionId: id, reason, message };
  };

  // 1. The click (or, for member postbacks, the member's main link on the offer), and the code.
  let target: Target | null = null;
  if (report.memberId != null || report.source === 'member_postback') {
    if (isUuid(report.memberId) && isUuid(report.offerId)) {
      target = await memberTarget(report.brandId, report.memberId, report.offerId);
    }
    if (!target) {
      const offerId = await brandOfferId(report.brandId, report.offerId);
      return refuse(
        'unknown_click',
        'No tracking link of that member (aff_id) on that offer (offer_id).',
        offerId ? { offerId } : null,
      );
    }
  } else {
    const offerRef = isUuid(report.offerId) ? report.offerId.toLowerCase() : null;
    let byClick: Target | null = null;
    if (isUuid(clickRef)) {
      const found = await (lookups?.click ?? clickTarget(report.brandId, clickRef.toLowerCase()));
      if (found === 'retry') return PENDING_CLICK;
      byClick = found;
    }
    const clickOtherOffer = !!byClick && offerRef !== null && byClick.offerId !== offerRef;
    if (clickOtherOffer) byClick = null;

    let byCode: Target | null = null;
    let codeProblem: string | null = null;
    let conflictRule: 'code_wins' | 'click_wins' = 'code_wins';
    if (couponRef) {
      const code = await (lookups?.code ?? codeTarget(report.brandId, couponRef));
      if (code.found === 'active' && offerRef !== null && code.target.offerId !== offerRef) {
        codeProblem = `The promo code ${couponRef} belongs to another offer than offer_id.`;
      } else if (code.found === 'active') {
        byCode = code.target;
        conflictRule = code.conflictRule;
      } else {
        codeProblem =
          code.found === 'inactive'
            ? `The promo code ${couponRef} was deactivated.`
            : `The promo code ${couponRef} is not one of this brand's codes.`;
      }
    }

    if (byClick && byCode) {
      if (byClick.memberId === byCode.memberId && byClick.offerId === byCode.offerId) {
        // One member: the click decides, and the code is recorded with it.
        target = { ...byClick, promoCodeId: byCode.promoCodeId };
      } else {
        // Two members: the brand's rule decides; the conversion records both and the rule.
        base.conflictRule = conflictRule;
        if (conflictRule === 'code_wins') {
          target = { ...byCode, clickId: byClick.clickId };
          base.source = 'code';
        } else {
          target = { ...byClick, promoCodeId: byCode.promoCodeId };
        }
      }
    } else if (byCode) {
      target = byCode;
      base.source = 'code';
    } else if (byClick) {
      // A click carries it; an unknown or deactivated code beside it is recorded, not applied.
      target = byClick;
    } else if (couponRef && !clickRef) {
      base.source = 'code';
      const offerId = await brandOfferId(report.brandId, report.offerId);
      return refuse(
        'unknown_code',
        codeProblem ?? 'The promo code is not known.',
        offerId ? { offerId } : null,
      );
    } else {
      const offerId = await brandOfferId(report.brandId, report.offerId);
      const clickMessage = !clickRef
        ? 'No click id (transaction_id) was given.'
        : clickOtherOffer
          ? 'The click belongs to another offer than offer_id.'
          : 'The click id (transaction_id) is not a click of this brand.';
      return refuse(
        'unknown_click',
        codeProblem ? `${clickMessage} ${codeProblem}` : clickMessage,
        offerId ? { offerId } : null,
      );
    }
  }

  // 2–4. The offer's state, then the click's.
  if (target.offerStatus === 'paused') {
    return refuse('offer_paused', 'The offer is paused; it does not accept conversions.', target);
  }
  if (target.expiredAt || (target.endsAt && target.endsAt.getTime() <= now.getTime())) {
    return refuse('offer_expired', 'The offer has passed its end date.', target);
  }
  if (target.isBot) {
    return refuse(
      'bot_click',
      'The click came from a bot or a HEAD request; it cannot earn.',
      target,
    );
  }
  if (!target.attributable) {
    return refuse(
      'bot_click',
      'The click was made while the offer was paused or expired; it cannot earn.',
      target,
    );
  }
  if (target.clickAt && now.getTime() - target.clickAt.getTime() > target.windowDays * DAY_MS) {
    return refuse(
      'outside_window',
      `The click is older than the offer's ${target.windowDays}-day attribution window.`,
      target,
    );
  }

  // Amount and currency: checked now, reported after the duplicate check (rule order).
  const currency = clip(report.currency, 10)?.toUpperCase() ?? target.offerCurrency;
  let amountMinor: bigint | null = null;
  let amountError: string | null = null;
  const amountText = clip(report.amount, 64);
  if (currency !== target.offerCurrency) {
    amountError = `The currency ${currency} is not the offer's currency (${target.offerCurrency}).`;
  } else if (amountText != null) {
    const parsed = parseAmount(amountText, currency);
    if (parsed.ok) amountMinor = parsed.minor;
    else amountError = parsed.message;
  } else if (target.payoutType === 'cps_percent') {
    amountError = 'The amount is missing; this offer pays a percentage of the sale.';
  }

  if (amountError) {
    if (orderId && (await acceptedOrderExists(target.offerId, orderId))) {
      return refuse('duplicate_order', duplicateMessage(orderId), target);
    }
    return refuse('invalid_amount', amountError, target, {
      currency: /^[A-Z]{3}$/.test(currency) ? currency : target.offerCurrency,
    });
  }

  const commission =
    target.payoutType === 'cps_percent'
      ? cpsCommission(amountMinor ?? 0n, target.percent ?? '0')
      : BigInt(target.cpaMinor ?? 0);

  // 5. Duplicate order: the partial unique index (offer_id, order_id) is the arbiter, so two
  // concurrent copies of one postback cannot both be accepted.
  const values = {
    ...base,
    offerId: target.offerId,
    linkId: target.linkId,
    memberId: target.memberId,
    payoutOptionId: target.payoutOptionId,
    clickId: target.clickId,
    promoCodeId: target.promoCodeId ?? null,
    amountMinor: amountMinor === null ? null : Number(amountMinor),
    currency,
    commissionMinor: Number(commission),
    status: 'pending' as const,
  };
  const id = randomUUID();
  if (!(await writeConversion({ ...values, id }))) {
    return refuse('duplicate_order', duplicateMessage(orderId ?? ''), target, {
      amountMinor: values.amountMinor,
      currency,
    });
  }
  return {
    ok: true,
    conversionId: id,
    status: 'pending',
    commissionMinor: values.commissionMinor,
    currency,
  };
}

function duplicateMessage(orderId: string) {
  return `The order ${orderId} was already reported for this offer.`;
}

async function acceptedOrderExists(offerId: string, orderId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(conversions)
    .where(
      and(
        eq(conversions.offerId, offerId),
        eq(conversions.orderId, orderId),
        ne(conversions.status, 'refused'),
      ),
    )
    .limit(1);
  return !!row;
}
