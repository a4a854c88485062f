/**
 * Store connectors with JavaScript off (decision 035): on the offer's Tracking setup tab a brand
 * reads Shopify's steps, pastes the signing secret (a too short one comes back with its message)
 * and gets the connector address; Shopify delivers a signed `orders/paid` for a shopper's click,
 * which the delivery log shows credited; a delivery with a bad signature is refused (401) and kept
 * nowhere; one that failed on our side (its click not written yet) is replayed from the log. The
 * brand then changes the connector (a new secret, shipping included) — the old secret is refused
 * from then on — and removes it: the address answers 404.
 */
import { addMember, createOffer, generateLinks, shopperClick } from '../brand-flows';
import { expect, test, uniqueEmail } from '../fixtures';
import {
  connectShopify,
  deliverToShopifyConnector,
  paidOrderWithClick,
  unwrittenClick,
} from '../store-flows';

test('a brand connects Shopify, reads its delivery log, changes and removes the connector without JavaScript', async ({
  page,
  brand,
  request,
}) => {
  expect(brand.email).toContain('@');
  // The page's scripts never run in this project.
  expect(await page.evaluate(() => '__remixRouter' in window)).toBe(false);
  const tag = Date.now().toString(36);
  const offerUrl = await createOffer(page, { name: `Store ${tag}`, holdingDays: 0 });
  const member = { name: `Nia ${tag}`, email: uniqueEmail('nia') };
  await addMember(page, member);
  const [link] = await generateLinks(page, offerUrl, [member.name]);

  // The Tracking setup tab: Shopify's steps, not connected yet.
  await page.goto(offerUrl);
  await page.getByRole('link', { name: 'Tracking setup' }).click();
  const panel = page.getByRole('region', { name: 'Store connectors' });
  await expect(panel).toContainText(
    'In Shopify admin, open Settings → Notifications → Webhooks and choose "Create webhook".',
  );
  await expect(panel).toContainText('Event "Order payment", format JSON');
  await expect(panel.getByText('Not connected.')).toHaveCount(3);

  // A too short secret: the form comes back with its message, nothing is connected.
  await page.getByLabel('Shopify webhook signing secret').fill('short');
  await page.getByRole('button', { name: 'Connect Shopify' }).click();
  await expect(page.getByText('Paste the signing secret: 8 to 300 characters.')).toBeVisible();

  const secret = `shpss_${tag}_0123456789abcdef`;
  const { address, path } = await connectShopify(page, offerUrl, secret);
  await expect(page).toHaveURL(/\/tracking(#store-connectors)?$/);
  await expect(page.getByText('Connected. Connector address for Shopify:')).toBeVisible();
  await expect(page.getByText(`Signing secret saved (ends in …${secret.slice(-4)})`)).toBeVisible();
  const deliver = (payload: unknown, signedWith: string) =>
    deliverToShopifyConnector(request, path, 'orders/paid', payload, signedWith);

  // A shopper's click reaches the cart (the theme snippet's note attribute); the order is paid.
  const orderId = Number(`7${Date.now()}`);
  const order = paidOrderWithClick(orderId, await shopperClick(request, link));
  const credited = await deliver(order, secret);
  expect(credited.status(), await credited.text()).toBe(200);
  expect(await credited.json()).toMatchObject({ verdict: 'accepted' });

  // A forged delivery (signed with another secret) is refused and kept nowhere.
  const forgedId = orderId + 1;
  const refused = await deliver({ ...order, id: forgedId }, 'not-the-secret');
  expect(refused.status()).toBe(401);

  await page.getByRole('link', { name: 'Shopify delivery log' }).click();
  await expect(page.getByRole('heading', { name: 'Shopify delivery log' })).toBeVisible();
  const log = page.getByRole('table', { name: 'Shopify deliveries' });
  await expect(log.getByRole('row')).toHaveCount(2);
  const row = log.getByRole('row').filter({ hasText: String(orderId) });
  await expect(row).toContainText('orders/paid');
  await expect(row).toContainText('Credited');
  await expect(row).toContainText('200');
  await expect(row.getByRole('link', { name: 'View the conversion' })).toBeVisible();
  await expect(page.getByText(String(forgedId))).toHaveCount(0);
  await page.goto('/brand/conversions');
  await expect(page.getByRole('row').filter({ hasText: String(orderId) })).toContainText(
    member.name,
  );
  await expect(page.getByRole('row').filter({ hasText: String(forgedId) })).toHaveCount(0);

  // An order whose click is not written yet fails on our side (503); once the click is there,
  // Replay (a plain form) credits it.
  const click = unwrittenClick(await shopperClick(request, link));
  const lateId = orderId + 3;
  const failed = await deliver(paidOrderWithClick(lateId, click.id), secret);
  expect(failed.status(), await failed.text()).toBe(503);
  await click.write();
  await page.goto(`${offerUrl}/tracking`);
  await page.getByRole('link', { name: 'Shopify delivery log' }).click();
  const failedRow = log.getByRole('row').filter({ hasText: 'Failed on our side' });
  await expect(failedRow).toContainText(String(lateId));
  await failedRow.getByRole('button', { name: 'Replay this delivery' }).click();
  await expect(page.getByRole('status')).toContainText('Replayed: accepted. Credited');
  await expect(log.getByRole('row').filter({ hasText: 'Credited (replay)' })).toContainText(
    String(lateId),
  );
  await expect(page.getByRole('button', { name: 'Replay this delivery' })).toHaveCount(0);

  // Change the connector: a new secret and shipping in the commission base.
  await page.goto(`${offerUrl}/tracking`);
  const newSecret = `shpss_${tag}_fedcba9876543210`;
  await page.getByLabel('Shopify webhook signing secret').fill(newSecret);
  await page.getByLabel('Include shipping in the Shopify commission base').check();
  await page.getByRole('button', { name: 'Save the Shopify connector' }).click();
  await expect(
    page.getByText(`Signing secret saved (ends in …${newSecret.slice(-4)})`),
  ).toBeVisible();
  await expect(page.getByLabel('Include shipping in the Shopify commission base')).toBeChecked();
  // The address is unchanged; the old secret is refused from now on, the new one accepted.
  await expect(page.getByTestId('shopify-connector-url')).toHaveText(address);
  const second = { ...order, id: orderId + 2, note_attributes: [] };
  expect((await deliver(second, secret)).status()).toBe(401);
  const answered = await deliver(second, newSecret);
  expect(answered.status(), await answered.text()).toBe(200);
  // No click and no code: stored as refused, and logged.
  expect(await answered.json()).toMatchObject({ verdict: 'refused' });

  // Remove it: not connected any more, and the address answers 404.
  await page.getByRole('button', { name: 'Remove the Shopify connector' }).click();
  await expect(page.getByText('Connected. Connector address for Shopify:')).toHaveCount(0);
  await expect(
    page.getByRole('region', { name: 'Store connectors' }).getByText('Not connected.'),
  ).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Connect Shopify' })).toBeVisible();
  expect((await deliver(second, newSecret)).status()).toBe(404);
});
