import { verifyBase64Hmac } from './shopify.server';
import { arr, decimalToMinor, idText, minorToDecimal, obj, type StoreEvent } from './store-event';

/** WooCommerce signs like Shopify: base64 HMAC-SHA256 of the raw body (X-WC-Webhook-Signature). */
export function verifyWooCommerce(rawBody: string, header: string | null, secret: string): boolean {
  return verifyBase64Hmac(rawBody, header, secret);
}

/** The order meta key our snippet's checkout field fills (docs/store-connectors.md). */
export const WOO_META_KEY = 'offerlink_click_id';

/**
 * WooCommerce sends this unsigned form body once when a webhook is saved; answered 200 and not
 * stored, so saving the webhook works.
 */
export function isWooPing(rawBody: string): boolean {
  return /^webhook_id=\d+$/.test(rawBody.trim());
}

/**
 * The order webhooks (`order.created` / `order.updated`; REST v3 order JSON): an order whose
 * status is `processing` or `completed` is a sale (the base: the line items' totals after
 * discounts, before tax, plus shipping when the connector says so); each of its `refunds[]` is a
 * refund of its share of the order's `total`; status `refunded` refunds it all.
 */
export function translateWooCommerce(
  topic: string,
  body: unknown,
  settings: { includeShipping: boolean },
): StoreEvent[] {
  if (topic !== 'order.updated' && topic !== 'order.created') {
    return [
      { type: 'ignore', message: `The topic ${topic || '(none)'} is not used by Offerlink.` },
    ];
  }
  const b = obj(body);
  const orderId = idText(b.id);
  const currency = typeof b.currency === 'string' ? b.currency.toUpperCase() : '';
  const status = typeof b.status === 'string' ? b.status : '';
  if (!orderId || !/^[A-Z]{3}$/.test(currency)) {
    return [{ type: 'ignore', message: 'The order has no id or currency.' }];
  }
  if (status === 'refunded') {
    return [{ type: 'refund', orderId, ref: 'woocommerce-refunded', refund: 'all' }];
  }
  if (status !== 'processing' && status !== 'completed') {
    return [{ type: 'ignore', message: `Order status ${status || '(none)'}: not paid yet.` }];
  }
  let base = 0n;
  for (const line of arr(b.line_items).map(obj)) base += decimalToMinor(line.total, currency) ?? 0n;
  if (settings.includeShipping) base += decimalToMinor(b.shipping_total, currency) ?? 0n;
  const meta = arr(b.meta_data)
    .map(obj)
    .find((m) => m.key === WOO_META_KEY || m.key === `_${WOO_META_KEY}`);
  const code = arr(b.coupon_lines)
    .map((c) => obj(c).code)
    .find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const events: StoreEvent[] = [
    {
      type: 'order',
      orderId,
      clickRef: typeof meta?.value === 'string' && meta.value.trim() ? meta.value.trim() : null,
      couponCode: code?.trim() ?? null,
      amount: minorToDecimal(base < 0n ? 0n : base, currency),
      currency,
    },
  ];
  const total = decimalToMinor(b.total, currency) ?? 0n;
  for (const refund of arr(b.refunds).map(obj)) {
    const id = idText(refund.id);
    const amount = decimalToMinor(refund.total, currency);
    if (!id || amount === null || amount === 0n || total <= 0n) continue;
    events.push({
      type: 'refund',
      orderId,
      ref: `woocommerce-refund:${id}`,
      refund: { share: [amount < 0n ? -amount : amount, total] },
    });
  }
  return events;
}
