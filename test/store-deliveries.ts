/**
 * Store webhook deliveries for the connector tests, the e2e test and the benchmark: the
 * documented example payloads in test/fixtures/stores/, patched per test, signed the way each
 * store signs them.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stores');

export type FixtureName =
  | 'shopify-orders-paid'
  | 'shopify-refunds-create'
  | 'woocommerce-order-updated'
  | 'stripe-checkout-session-completed'
  | 'stripe-invoice-paid'
  | 'stripe-charge-refunded';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: FixtureName): any {
  return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
}

export function base64Hmac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export function shopifyDelivery(topic: string, payload: unknown, secret: string): Delivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': base64Hmac(body, secret),
      'x-shopify-shop-domain': 'example.myshopify.com',
      'x-shopify-api-version': '2025-01',
      'x-shopify-webhook-id': crypto.randomUUID(),
    },
  };
}

export function wooDelivery(topic: string, payload: unknown, secret: string): Delivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': topic.split('.')[1] ?? '',
      'x-wc-webhook-signature': base64Hmac(body, secret),
      'x-wc-webhook-source': 'https://example.com/',
      'x-wc-webhook-delivery-id': String(Math.floor(Math.random() * 1e6)),
    },
  };
}

/** Signed by the stripe package's own test signer; `timestamp` in seconds (default: now). */
export function stripeDelivery(payload: unknown, secret: string, timestamp?: number): Delivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret,
        timestamp: timestamp ?? Math.floor(Date.now() / 1000),
      }),
    },
  };
}

export function post(url: string, delivery: Delivery): Promise<Response> {
  return fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
}
