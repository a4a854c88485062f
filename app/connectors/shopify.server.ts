import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  arr,
  CLICK_ID_PARAMS,
  clickIdFromUrl,
  decimalToMinor,
  idText,
  minorToDecimal,
  obj,
  type StoreEvent,
} from './store-event';

/** Shopify: base64 HMAC-SHA256 of the raw body with the app's secret (X-Shopify-Hmac-Sha256). */
export function verifyShopify(rawBody: string, header: string | null, secret: string): boolean {
  return verifyBase64Hmac(rawBody, header, secret);
}

/** Shopify's and WooCommerce's scheme: constant-time compare of the decoded digests. */
export function verifyBase64Hmac(rawBody: string, header: string | null, secret: string): boolean {
  if (!header || !/^[A-Za-z0-9+/]{43}=$/.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(header.trim(), 'base64'));
}

/** The note attribute our theme snippet writes the click id into (docs/store-connectors.md). */
export const SHOPIFY_NOTE_ATTRIBUTE = 'offerlink_click_id';

export interface ShopifySettings {
  includeShipping: boolean;
  /** The offer's own click id parameter (offers.click_id_param), looked for first. */
  clickIdParam: string;
}

/**
 * `orders/paid` and `refunds/create` (REST JSON payloads). The commission base is the order's
 * `subtotal_price` (after discounts, before shipping and taxes; when prices include tax, its
 * `total_tax` is taken off), plus shipping when the connector says so, in the order's `currency`
 * (the shop's). Other topics are ignored.
 */
export function translateShopify(
  topic: string,
  body: unknown,
  settings: ShopifySettings,
): StoreEvent[] {
  const b = obj(body);
  if (topic === 'orders/paid') {
    const orderId = idText(b.id);
    const currency = typeof b.currency === 'string' ? b.currency.toUpperCase() : '';
    if (!orderId || !/^[A-Z]{3}$/.test(currency)) {
      return [{ type: 'ignore', message: 'The order has no id or currency.' }];
    }
    let base = decimalToMinor(b.subtotal_price, currency);
    if (base === null) return [{ type: 'ignore', message: 'The order has no subtotal_price.' }];
    if (b.taxes_included === true) base -= decimalToMinor(b.total_tax, currency) ?? 0n;
    if (settings.includeShipping) {
      const shipping = obj(obj(b.total_shipping_price_set).shop_money).amount;
      base += decimalToMinor(shipping, currency) ?? 0n;
    }
    if (base < 0n) base = 0n;
    const note = arr(b.note_attributes)
      .map(obj)
      .find((a) => a.name === SHOPIFY_NOTE_ATTRIBUTE || a.name === `_${SHOPIFY_NOTE_ATTRIBUTE}`);
    const clickRef =
      (typeof note?.value === 'string' && note.value.trim()) ||
      clickIdFromUrl(b.landing_site, [settings.clickIdParam, ...CLICK_ID_PARAMS]);
    const code = arr(b.discount_codes)
      .map((d) => obj(d).code)
      .find((c): c is string => typeof c === 'string' && c.trim() !== '');
    return [
      {
        type: 'order',
        orderId,
        clickRef: clickRef || null,
        couponCode: code?.trim() ?? null,
        amount: minorToDecimal(base, currency),
        currency,
      },
    ];
  }
  if (topic === 'refunds/create') {
    const orderId = idText(b.order_id);
    const refundId = idText(b.id);
    if (!orderId || !refundId) return [{ type: 'ignore', message: 'The refund has no order id.' }];
    // Amounts in the shop's currency: `subtotal_set.shop_money` (`subtotal` in older versions).
    const lines = arr(b.refund_line_items).map(obj);
    const shopMoney = (line: Record<string, unknown>) => obj(obj(line.subtotal_set).shop_money);
    const currency =
      lines
        .map((l) => shopMoney(l).currency_code)
        .find((c): c is string => typeof c === 'string' && /^[A-Z]{3}$/.test(c)) ?? 'USD';
    let refunded = 0n;
    for (const line of lines) {
      refunded += decimalToMinor(shopMoney(line).amount ?? line.subtotal, currency) ?? 0n;
    }
    if (settings.includeShipping) {
      for (const a of arr(b.order_adjustments).map(obj)) {
        if (a.kind === 'shipping_refund') refunded -= decimalToMinor(a.amount, currency) ?? 0n;
      }
    }
    if (refunded <= 0n) {
      return [
        { type: 'ignore', message: 'The refund returns no line items: the sale is unchanged.' },
      ];
    }
    return [
      { type: 'refund', orderId, ref: `shopify-refund:${refundId}`, refund: { minor: refunded } },
    ];
  }
  return [{ type: 'ignore', message: `The topic ${topic || '(none)'} is not used by Offerlink.` }];
}
