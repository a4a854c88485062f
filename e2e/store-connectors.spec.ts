/**
 * Store connectors end to end (issue 23): the brand gives a member a promo code, connects
 * Shopify on the offer's Tracking setup tab, Shopify delivers a signed `orders/paid` with that
 * discount code (the store's documented example order) and the member is credited; a
 * `refunds/create` for half the order halves the commission; the conversions list and the
 * Reports show it under source "Promo code"; the delivery log lists both deliveries.
 * A delivery that failed on our side (its click not written yet) is replayed from the log.
 */
import { addMember, createOffer, generateLinks, shopperClick } from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';
import {
  connectShopify,
  deliverToShopifyConnector,
  paidOrderWithClick,
  unwrittenClick,
} from './store-flows';
import { fixture, shopifyDelivery } from '../test/store-deliveries';

test('a signed Shopify order with a member’s code credits them; a half refund halves the commission', async ({
  page,
  brand,
  request,
}) => {
  test.setTimeout(120_000);
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);
  const offerName = `Shop Offer ${tag}`;
  const offerUrl = await createOffer(page, { name: offerName });
  const maya = { name: `Maya ${tag}`, email: uniqueEmail('maya') };
  await addMember(page, maya);
  const code = `MAYA${tag}`.toUpperCase().slice(0, 20);
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: maya.name }).check();
  await page.getByLabel(`Promo code for ${maya.name}`).fill(code);
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('1 new link generated')).toBeVisible();

  // Tracking setup: connect Shopify with its signing secret; a too short one is refused.
  await page.goto(`${offerUrl}/tracking`);
  await page.getByLabel('Shopify webhook signing secret').fill('short');
  await page.getByRole('button', { name: 'Connect Shopify' }).click();
  await expect(page.getByText('Paste the signing secret: 8 to 300 characters.')).toBeVisible();
  const secret = `shpss_${tag}_0123456789abcdef`;
  const { path } = await connectShopify(page, offerUrl, secret);

  // Shopify delivers orders/paid with the code (subtotal after discounts 84.00 → 10 % = 8.40).
  const orderId = Number(`9${Date.now()}`);
  const order = {
    ...fixture('shopify-orders-paid'),
    id: orderId,
    discount_codes: [{ code, amount: '16.00', type: 'fixed_amount' }],
  };
  const paid = shopifyDelivery('orders/paid', order, secret);
  const unsigned = await request.post(path, {
    data: paid.body,
    headers: { ...paid.headers, 'x-shopify-hmac-sha256': 'AAAA' },
  });
  expect(unsigned.status()).toBe(401);
  const credited = await request.post(path, { data: paid.body, headers: paid.headers });
  expect(credited.status(), await credited.text()).toBe(200);
  expect(await credited.json()).toMatchObject({ verdict: 'accepted' });

  // Half of it refunded (42.00 of 84.00): the commission is halved to 4.20.
  const refund = shopifyDelivery(
    'refunds/create',
    { ...fixture('shopify-refunds-create'), id: orderId + 1, order_id: orderId },
    secret,
  );
  const refunded = await request.post(path, { data: refund.body, headers: refund.headers });
  expect(await refunded.json()).toMatchObject({ verdict: 'refunded' });

  await page.goto('/brand/conversions');
  const row = page.getByRole('row').filter({ hasText: String(orderId) });
  await expect(row).toContainText(maya.name);
  await expect(row).toContainText('Promo code');
  await expect(row).toContainText('$4.20');

  // The tables read the conversions rollup, which the fold (every 2 s) brings up to date: reload
  // until the sale is in.
  const bySource = page.getByRole('table', { name: 'Conversions by source' });
  await expect(async () => {
    await page.goto('/brand/reports');
    await expect(bySource.getByRole('row').filter({ hasText: 'Promo code' })).toContainText(
      '$84.00',
      { timeout: 1000 },
    );
  }).toPass({ timeout: 45_000 });

  // The delivery log: both deliveries (the unsigned one is not kept).
  await page.goto(`${offerUrl}/tracking`);
  await page.getByRole('link', { name: 'Shopify delivery log' }).click();
  const log = page.getByRole('table', { name: 'Shopify deliveries' });
  await expect(log.getByRole('row')).toHaveCount(3);
  await expect(log).toContainText('Credited');
  await expect(log).toContainText('Refund applied');
});

test('a delivery that failed on our side is replayed from the delivery log and credited', async ({
  page,
  brand,
  request,
}) => {
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);
  const offerUrl = await createOffer(page, { name: `Replay Offer ${tag}`, holdingDays: 0 });
  const member = { name: `Rae ${tag}`, email: uniqueEmail('rae') };
  await addMember(page, member);
  const [link] = await generateLinks(page, offerUrl, [member.name]);
  const secret = `shpss_${tag}_replay0123456789`;
  const { path } = await connectShopify(page, offerUrl, secret);

  // The shopper clicked at another Offerlink process whose click writer has not committed the
  // click yet: the order arrives first.
  const click = unwrittenClick(await shopperClick(request, link));
  const orderId = Number(`8${Date.now()}`);
  const order = paidOrderWithClick(orderId, click.id);
  const failed = await deliverToShopifyConnector(request, path, 'orders/paid', order, secret);
  expect(failed.status(), await failed.text()).toBe(503);
  expect(await failed.json()).toMatchObject({ verdict: 'failed' });

  await page.getByRole('link', { name: 'Shopify delivery log' }).click();
  const log = page.getByRole('table', { name: 'Shopify deliveries' });
  const failedRow = log.getByRole('row').filter({ hasText: 'Failed on our side' });
  await expect(failedRow).toContainText(String(orderId));
  await expect(failedRow).toContainText('503');

  // The other process's writer commits the click.
  await click.write();

  // Replay: credited this time, logged as a replay; the failed one offers no second replay.
  await failedRow.getByRole('button', { name: 'Replay this delivery' }).click();
  await expect(page.getByRole('status')).toContainText('Replayed: accepted. Credited');
  const replayRow = log.getByRole('row').filter({ hasText: 'Credited (replay)' });
  await expect(replayRow).toContainText(String(orderId));
  await expect(replayRow).toContainText('200');
  await expect(log.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Replay this delivery' })).toHaveCount(0);

  await replayRow.getByRole('link', { name: 'View the conversion' }).click();
  await expect(page.getByText(member.name).first()).toBeVisible();
  await expect(page.getByText(String(orderId)).first()).toBeVisible();
  await expect(page.getByText('$8.40').first()).toBeVisible();
});
