import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * Brand reports end to end: clicks through the redirect and conversions through the server
 * postback, then the reports page's totals, chart figures, a filter and the CSV download.
 */
test('the reports page shows what the tracking endpoints recorded, and a filter narrows it', async ({
  page,
  request,
  brand,
}) => {
  expect(brand.email).toContain('@');
  await page.goto('/brand/settings');
  const token = await page.getByLabel('Postback token', { exact: true }).inputValue();

  // An offer paying 10 % of the sale, two members with a link each.
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(`Serum ${Date.now().toString(36)}`);
  await page.getByLabel('Offer URL').fill('https://shop.example.com/product');
  await page.getByLabel('Title (option 1)').fill('Standard');
  await page.getByLabel('Percent of sale').fill('10');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page).toHaveURL(/\/brand\/offers\/[0-9a-f-]{36}$/);
  const offerUrl = page.url();
  for (const name of ['Maya Lopez', 'Noor Haddad']) {
    await page.goto('/brand/members/new');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page
      .getByLabel('Email', { exact: true })
      .fill(`${name.split(' ')[0]}-${Date.now()}@example.com`);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page).not.toHaveURL(/\/new$/);
  }
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: 'Maya Lopez' }).check();
  await page.getByRole('checkbox', { name: 'Noor Haddad' }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  const linkOf = async (name: string) =>
    (await page
      .getByRole('row')
      .filter({ hasText: name })
      .getByTestId('link-url')
      .textContent())!.trim();
  const maya = await linkOf('Maya Lopez');
  const noor = await linkOf('Noor Haddad');

  const phone =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
  const laptop =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  let ip = 10;
  const click = async (link: string, userAgent: string, query = '') => {
    const response = await request.get(`${link}${query}`, {
      maxRedirects: 0,
      headers: { 'user-agent': userAgent, 'x-forwarded-for': `198.51.100.${ip++}` },
    });
    expect(response.status()).toBe(302);
    return new URL(response.headers().location).searchParams.get('transaction_id')!;
  };
  // Maya: two clicks from phones (one from her story), one from a laptop; Noor: two from laptops.
  const mayaPhone = await click(maya, phone, '?sub1=story');
  await click(maya, phone);
  await click(maya, laptop);
  const noorLaptop = await click(noor, laptop);
  await click(noor, laptop);

  const postback = async (clickId: string, amount: string, orderId: string) => {
    // A click may still be on its way to the database: the endpoint asks to retry (never refuses).
    await expect
      .poll(async () => {
        const response = await request.get('/postback', {
          params: { transaction_id: clickId, amount, order_id: orderId, security_token: token },
        });
        return response.status();
      })
      .toBe(200);
  };
  await postback(mayaPhone, '80.00', 'ORDER-1');
  await postback(noorLaptop, '20.00', 'ORDER-2');

  const figure = (label: string) => page.locator(`[data-figure="${label}"] dd`).first();

  // The rollups follow within a few seconds (the fold runs every 2 s; a busy machine takes
  // longer than expect's 10 s default): reload until the clicks are in.
  await expect
    .poll(
      async () => {
        await page.goto('/brand/reports?period=today&by=device');
        return [await figure('Clicks').textContent(), await figure('Conversions').textContent()];
      },
      { timeout: 45_000 },
    )
    .toEqual(['5', '2']);
  await expect(figure('Unique clicks')).toHaveText('5');
  await expect(figure('Sales')).toHaveText('$100.00');
  await expect(figure('Commission')).toHaveText('$10.00');
  await expect(figure('Conversion rate')).toHaveText('40.00%');
  await expect(figure('Earnings per click')).toHaveText('$2.00');

  // The chart's figures (hourly for today) add up to the same totals.
  await page.getByText('Show the chart’s figures as a table').click();
  const chartRows = page.getByRole('table', { name: /per hour/ }).locator('tbody tr');
  expect(await chartRows.count()).toBe(24);
  const cells = async (column: number) =>
    (await chartRows.locator(`td:nth-child(${column})`).allTextContents()).map(Number);
  expect((await cells(2)).reduce((a, b) => a + b, 0)).toBe(5);
  expect((await cells(3)).reduce((a, b) => a + b, 0)).toBe(2);

  // By device: three laptop clicks with one conversion, two phone clicks with one.
  const deviceRow = (name: string) =>
    page
      .getByRole('table', { name: /Figures by device/ })
      .getByRole('row')
      .filter({ hasText: name });
  await expect(deviceRow('Desktop').getByRole('cell').first()).toHaveText('3');
  await expect(deviceRow('Mobile').getByRole('cell').first()).toHaveText('2');

  // Filter to phones: the totals follow.
  await page.getByRole('link', { name: 'Filter by device Mobile' }).click();
  await expect(page.getByText('Device: Mobile')).toBeVisible();
  await expect(figure('Clicks')).toHaveText('2');
  await expect(figure('Conversions')).toHaveText('1');
  await expect(figure('Sales')).toHaveText('$80.00');

  // Within phones, by sub ID 1: the story brought one click and the sale.
  await page
    .getByRole('navigation', { name: 'Break down by' })
    .getByRole('link', { name: 'Sub ID 1' })
    .click();
  const storyRow = page
    .getByRole('table', { name: /Figures by sub id 1/ })
    .getByRole('row')
    .filter({ hasText: 'story' });
  await expect(storyRow.getByRole('cell').nth(0)).toHaveText('1');
  await expect(storyRow.getByRole('cell').nth(2)).toHaveText('1');

  // The CSV of that breakdown, for that filter.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download CSV/ }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toMatch(/^period_start,period_end,dimension,value,label,clicks,/);
  const rows = csv.slice(1).map((line) => line.split(','));
  expect(rows.map((r) => [r[3], r[5], r[7], r[10]]).sort()).toEqual([
    ['', '1', '0', '0.00'],
    ['story', '1', '1', '80.00'],
  ]);

  // Removing the filter brings every click back.
  await page.getByRole('link', { name: 'Remove filter Device: Mobile' }).click();
  await expect(figure('Clicks')).toHaveText('5');
});
