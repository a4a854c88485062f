/**
 * Store connector steps the specs share: connecting Shopify on the offer's Tracking setup tab,
 * and Shopify's signed deliveries to the connector address.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { generateClickId } from '../app/tracking/click-id.server';
import { fixture, shopifyDelivery } from '../test/store-deliveries';
import { e2eDatabase } from './database';

/**
 * Pastes the signing secret on the offer's Tracking setup tab and connects Shopify (or saves the
 * connector again); returns the connector address shown and its path.
 */
export async function connectShopify(page: Page, offerUrl: string, secret: string) {
  await page.goto(`${offerUrl}/tracking`);
  await page.getByLabel('Shopify webhook signing secret').fill(secret);
  await page.getByRole('button', { name: 'Connect Shopify' }).click();
  const address = (await page.getByTestId('shopify-connector-url').textContent())!.trim();
  expect(address).toMatch(/\/connectors\/shopify\/[A-Za-z0-9_-]+$/);
  return { address, path: new URL(address).pathname };
}

/** Shopify's documented `orders/paid` example with its id, the click id in the cart's note, no codes. */
export function paidOrderWithClick(orderId: number, clickId: string) {
  return {
    ...fixture('shopify-orders-paid'),
    id: orderId,
    note_attributes: [{ name: 'offerlink_click_id', value: clickId }],
    discount_codes: [],
  };
}

/**
 * A click made at another Offerlink process whose click writer has not committed it yet (its
 * database connection is retrying, decision 020): its id, a UUIDv7 of now, which the shop gets
 * before the click is visible; `write()` commits it as that process's writer would, with the row
 * of the real click `like` (same link and visitor).
 */
export function unwrittenClick(like: string) {
  const id = generateClickId();
  const write = async () => {
    const sql = e2eDatabase();
    try {
      const written = await sql`
        insert into clicks (id, brand_id, offer_id, link_id, member_id, created_at, ip_hash,
                            user_agent, referrer, country, device, is_bot, is_unique, attributable)
        select ${id}, brand_id, offer_id, link_id, member_id, now(), ip_hash,
               user_agent, referrer, country, device, is_bot, is_unique, attributable
          from clicks where id = ${like}`;
      expect(written.count).toBe(1);
    } finally {
      await sql.end();
    }
  };
  return { id, write };
}

/** Shopify delivering a topic to the connector at `path`, signed with `secret`. */
export function deliverToShopifyConnector(
  request: APIRequestContext,
  path: string,
  topic: string,
  payload: unknown,
  secret: string,
) {
  const delivery = shopifyDelivery(topic, payload, secret);
  return request.post(path, { data: delivery.body, headers: delivery.headers });
}
