import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

/**
 * A shop on another origin, served by the test: a product page and a thank-you page, both with
 * the Offerlink snippet. The thank-you page reports the sale with the queue form (it runs before
 * the async script has loaded) and shows the answer.
 */
function startShop(offerlinkUrl: string) {
  let publishableKey = '';
  const page = (title: string, body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script>window.offerlink = window.offerlink || []; offerlink.onResult = null;</script>
<script async src="${offerlinkUrl}/js/offerlink.js" data-key="${publishableKey}"></script>
</head><body><h1>${title}</h1>${body}</body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/product') {
      res.end(page('Glow Serum', '<a href="/thanks?order=ORDER-1001">Buy for $80.00</a>'));
    } else if (url.pathname === '/thanks') {
      res.end(
        page(
          'Thank you for your order',
          `<pre id="result">waiting</pre>
<script>
  offerlink.push(['convert', { amount: '80.00', orderId: ${JSON.stringify(url.searchParams.get('order'))}, currency: 'USD', event: 'purchase' }]);
  var poll = setInterval(function () {
    if (offerlink.convert) {
      clearInterval(poll);
      offerlink.onResult = function (result) { document.getElementById('result').textContent = JSON.stringify(result); };
    }
  }, 10);
</script>`,
        ),
      );
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  return new Promise<{ origin: string; setKey: (key: string) => void; close: () => void }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          origin: `http://127.0.0.1:${port}`,
          setKey: (key) => (publishableKey = key),
          close: () => server.close(),
        });
      });
    },
  );
}

test('a shopper follows a member’s link, buys on the shop, and the snippet’s conversion is credited to the member', async ({
  page,
  context,
  baseURL,
  brand,
}) => {
  // Signed up and signed in by the fixture.
  expect(brand.email).toContain('@');
  const shop = await startShop(baseURL!);
  try {
    // Settings: allow the shop's origin; read the publishable key.
    await page.goto('/brand/settings');
    await page.getByLabel('Allowed origins').fill(`${shop.origin}\nnot a url`);
    await page.getByRole('button', { name: 'Save origins' }).click();
    await expect(page.getByText('"not a url" is not an origin')).toBeVisible();
    await page.getByLabel('Allowed origins').fill(shop.origin);
    await page.getByRole('button', { name: 'Save origins' }).click();
    await expect(page.getByText('Allowed origins saved.')).toBeVisible();
    const key = await page.getByLabel('Publishable key', { exact: true }).inputValue();
    expect(key).toMatch(/^pk_/);
    shop.setKey(key);

    // An offer whose URL is the shop, a member, and the member's link.
    await page.goto('/brand/offers/new');
    const offerName = `Glow ${Date.now().toString(36)}`;
    await page.getByLabel('Offer name').fill(offerName);
    await page.getByLabel('Offer URL').fill(`${shop.origin}/product`);
    await page.getByLabel('Title (option 1)').fill('Standard');
    await page.getByLabel('Percent of sale').fill('10');
    await page.getByRole('button', { name: 'Create offer' }).click();
    await expect(page).toHaveURL(/\/brand\/offers\/[0-9a-f-]{36}$/);
    const offerUrl = page.url();

    await page.goto('/brand/members/new');
    await page.getByLabel('Name', { exact: true }).fill('Maya Lopez');
    await page.getByLabel('Email', { exact: true }).fill(`maya-${Date.now()}@example.com`);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page).not.toHaveURL(/\/new$/);

    await page.goto(`${offerUrl}/add-members`);
    await page.getByRole('checkbox', { name: 'Maya Lopez' }).check();
    await page.getByRole('button', { name: 'Generate Links' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Maya Lopez' });
    const link = (await row.getByTestId('link-url').textContent())!.trim();
    expect(link).toMatch(/\/l\/[A-Za-z0-9_-]+$/);

    // The shopper, in their own tab: the link redirects to the shop with the click id, and the
    // snippet keeps it in the shop's first-party storage.
    const shopper = await context.newPage();
    await shopper.goto(link);
    await expect(shopper).toHaveURL(
      new RegExp(`^${shop.origin}/product\\?.*transaction_id=[0-9a-f-]{36}`),
    );
    const clickId = new URL(shopper.url()).searchParams.get('transaction_id')!;
    await expect
      .poll(() => shopper.evaluate(() => window.localStorage.getItem('offerlink_click')))
      .toContain(clickId);
    expect(await shopper.evaluate(() => document.cookie)).toContain(`offerlink_click=${clickId}`);

    // The click reaches the database (batched writes), as the brand's links table shows.
    await expect
      .poll(async () => {
        await page.goto(offerUrl);
        return (await row.getByRole('cell').nth(4).textContent())?.trim();
      })
      .toBe('1');

    // Buy: the thank-you page reports the sale; the answer says it was accepted.
    await shopper.getByRole('link', { name: 'Buy for $80.00' }).click();
    await expect(shopper.locator('#result')).toContainText('"success":true');
    await expect(shopper.locator('#result')).toContainText('"status":"pending"');

    // The brand sees one conversion and $8.00 (10 % of $80.00) earned by Maya, once the
    // reporting rollups have folded it in (every couple of seconds).
    await expect
      .poll(async () => {
        await page.goto(offerUrl);
        return (await row.getByRole('cell').nth(5).textContent())?.trim();
      })
      .toBe('1');
    await expect(row.getByRole('cell').nth(6)).toHaveText('$8.00');

    // The same order again (a reload of the thank-you page) is not counted twice.
    await shopper.reload();
    await expect(shopper.locator('#result')).toContainText('duplicate_order');
    await page.goto(offerUrl);
    await expect(row.getByRole('cell').nth(5)).toHaveText('1');
  } finally {
    shop.close();
  }
});
