import Stripe from 'stripe';
import { arr, CLICK_ID_PARAMS, idText, minorToDecimal, obj, type StoreEvent } from './store-event';

/** Stripe's own verifier's tolerance: a signature older than 5 minutes is refused. */
export const STRIPE_TOLERANCE_SECONDS = 300;

/**
 * Verifies `Stripe-Signature` (`t=…,v1=…`) with the `stripe` package's own verifier and returns
 * the event, or null when the signature is missing, wrong or too old.
 */
export function verifyStripe(
  rawBody: string,
  header: string | null,
  secret: string,
): { type: string; data: { object: unknown }; id: string } | null {
  if (!header) return null;
  try {
    const event = Stripe.webhooks.constructEvent(rawBody, header, secret, STRIPE_TOLERANCE_SECONDS);
    return event as unknown as { type: string; data: { object: unknown }; id: string };
  } catch {
    return null;
  }
}

/** Metadata keys a brand's checkout code can set (Checkout Session or Payment Link metadata). */
export const STRIPE_CLICK_METADATA = ['offerlink_click_id', ...CLICK_ID_PARAMS];
export const STRIPE_CODE_METADATA = ['offerlink_code', 'coupon_code', 'promo_code'];

function metadataValue(metadata: unknown, keys: string[]): string | null {
  const m = obj(metadata);
  for (const key of keys) {
    const value = m[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** A promotion code's text, when the payload carries the object (expanded); an id alone is not. */
function promotionCodeText(session: Record<string, unknown>): string | null {
  for (const d of arr(session.discounts).map(obj)) {
    const promo = obj(d.promotion_code);
    if (typeof promo.code === 'string' && promo.code.trim() !== '') return promo.code.trim();
  }
  return null;
}

function day(unix: unknown): string | null {
  return typeof unix === 'number' ? new Date(unix * 1000).toISOString().slice(0, 10) : null;
}

/**
 * `checkout.session.completed` (paid), `invoice.paid` (a subscription's renewals, decision 057)
 * and `charge.refunded`. Stripe amounts are already integers in the currency's minor unit.
 * The sale's order id is the PaymentIntent (one-off payments) or the Subscription
 * (subscriptions), so a charge's refund and an invoice's renewal find it without calling Stripe.
 */
export function translateStripe(
  event: { type: string; data: { object: unknown } },
  settings: { includeShipping: boolean },
): StoreEvent[] {
  const o = obj(event.data?.object);
  const currency = typeof o.currency === 'string' ? o.currency.toUpperCase() : '';
  if (event.type === 'checkout.session.completed') {
    if (o.payment_status !== 'paid') {
      return [{ type: 'ignore', message: `Payment status ${String(o.payment_status)}: not paid.` }];
    }
    const orderId =
      o.mode === 'subscription'
        ? idText(o.subscription)
        : (idText(o.payment_intent) ?? idText(o.id));
    if (!orderId || !/^[A-Z]{3}$/.test(currency)) {
      return [{ type: 'ignore', message: 'The session has no payment, subscription or currency.' }];
    }
    const totals = obj(o.total_details);
    const subtotal = typeof o.amount_subtotal === 'number' ? BigInt(o.amount_subtotal) : 0n;
    const discount =
      typeof totals.amount_discount === 'number' ? BigInt(totals.amount_discount) : 0n;
    const shipping =
      typeof totals.amount_shipping === 'number' ? BigInt(totals.amount_shipping) : 0n;
    let base = subtotal - discount + (settings.includeShipping ? shipping : 0n);
    if (base < 0n) base = 0n;
    return [
      {
        type: 'order',
        orderId,
        clickRef: idText(o.client_reference_id) ?? metadataValue(o.metadata, STRIPE_CLICK_METADATA),
        couponCode: metadataValue(o.metadata, STRIPE_CODE_METADATA) ?? promotionCodeText(o),
        amount: minorToDecimal(base, currency),
        currency,
      },
    ];
  }
  if (event.type === 'invoice.paid') {
    const subscription =
      idText(o.subscription) ??
      idText(obj(obj(o.parent).subscription_details).subscription) ??
      idText(obj(o.subscription).id);
    if (!subscription) return [{ type: 'ignore', message: 'Not a subscription invoice.' }];
    if (o.billing_reason === 'subscription_create') {
      return [
        {
          type: 'ignore',
          message: 'The first invoice of a subscription is credited by checkout.session.completed.',
        },
      ];
    }
    const line = obj(arr(obj(o.lines).data)[0]);
    const period = day(obj(line.period).start) ?? day(o.period_start);
    const amount =
      typeof o.total_excluding_tax === 'number'
        ? BigInt(o.total_excluding_tax)
        : typeof o.subtotal === 'number'
          ? BigInt(o.subtotal)
          : null;
    if (!period || amount === null || !/^[A-Z]{3}$/.test(currency)) {
      return [{ type: 'ignore', message: 'The invoice has no period, amount or currency.' }];
    }
    return [
      {
        type: 'renewal',
        originalOrderId: subscription,
        period,
        amount: minorToDecimal(amount < 0n ? 0n : amount, currency),
        currency,
      },
    ];
  }
  if (event.type === 'charge.refunded') {
    const orderId = idText(o.payment_intent);
    const amount = typeof o.amount === 'number' ? BigInt(o.amount) : 0n;
    const refunded = typeof o.amount_refunded === 'number' ? BigInt(o.amount_refunded) : 0n;
    if (!orderId || amount <= 0n || refunded <= 0n) {
      return [{ type: 'ignore', message: 'The charge has no payment intent or refund.' }];
    }
    return [
      {
        type: 'refund',
        orderId,
        // amount_refunded is cumulative: each new total is one refund step.
        ref: `stripe-refund:${String(o.id)}:${refunded}`,
        refund: refunded >= amount ? 'all' : { share: [refunded, amount], cumulative: true },
      },
    ];
  }
  return [{ type: 'ignore', message: `The event ${event.type} is not used by Offerlink.` }];
}
