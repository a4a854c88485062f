import { readFileSync } from 'node:fs';
import {
  addMember,
  createOffer,
  generateLinks,
  LAPTOP_USER_AGENT,
  PHONE_USER_AGENT,
  postback,
  postbackToken,
  shopperClick,
} from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';

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
  const token = await postbackToken(page);

  // An offer paying 10 % of the sale, two members with a link each.
  const offerUrl = await createOffer(page, { name: `Serum ${Date.now().toString(36)}` });
  for (const name of ['Maya Lopez', 'Noor Haddad']) {
    await addMember(page, { name, email: uniqueEmail(name.split(' ')[0].toLowerCase()) });
  }
  const [maya, noor] = await generateLinks(page, offerUrl, ['Maya Lopez', 'Noor Haddad']);

  let ip = 10;
  const click = (link: string, userAgent: string, query = '') =>
    shopperClick(request, link, { userAgent, ip: `198.51.100.${ip++}`, query });
  // Maya: two clicks from phones (one from her story), one from a laptop; Noor: two from laptops.
  const mayaPhone = await click(maya, PHONE_USER_AGENT, '?sub1=story');
  await click(maya, PHONE_USER_AGENT);
  await click(maya, LAPTOP_USER_AGENT);
  const noorLaptop = await click(noor, LAPTOP_USER_AGENT);
  await click(noor, LAPTOP_USER_AGENT);

  await postback(request, { token, clickId: mayaPhone, amount: '80.00', orderId: 'ORDER-1' });
  await postback(request, { token, clickId: noorLaptop, amount: '20.00', orderId: 'ORDER-2' });

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

  // Two click attributes together are not kept (decision 040): the sub ID tabs are not offered.
  const tabs = page.getByRole('navigation', { name: 'Break down by' });
  await expect(tabs.getByRole('link', { name: 'Sub ID 1' })).toHaveCount(0);
  await expect(tabs.getByText('Sub ID 1')).toHaveAttribute(
    'title',
    'Not available with the current filters',
  );

  // Within phones, by member (kept per week, and the page says so): Maya's two clicks and sale.
  await tabs.getByRole('link', { name: 'Member' }).click();
  await expect(page.getByRole('note')).toContainText('counted in whole weeks');
  const mayaRow = page
    .getByRole('table', { name: /Figures by member/ })
    .getByRole('row')
    .filter({ hasText: 'Maya Lopez' });
  await expect(mayaRow.getByRole('cell').nth(0)).toHaveText('2');
  await expect(mayaRow.getByRole('cell').nth(2)).toHaveText('1');

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
  expect(rows.map((r) => [r[4], r[5], r[7], r[10]])).toEqual([['Maya Lopez', '2', '1', '80.00']]);

  // Without the filter, by sub ID 1: the story brought one click and the sale.
  await page.getByRole('link', { name: 'Remove filter Device: Mobile' }).click();
  await expect(figure('Clicks')).toHaveText('5');
  await tabs.getByRole('link', { name: 'Sub ID 1' }).click();
  const storyRow = page
    .getByRole('table', { name: /Figures by sub id 1/ })
    .getByRole('row')
    .filter({ hasText: 'story' });
  await expect(storyRow.getByRole('cell').nth(0)).toHaveText('1');
  await expect(storyRow.getByRole('cell').nth(2)).toHaveText('1');

  // The period form (the creator portal's PeriodPicker with every preset) keeps the breakdown.
  const periodForm = page.getByRole('form', { name: 'Report period' });
  await periodForm.getByLabel('Period').selectOption({ label: 'Last 7 days' });
  await periodForm.getByRole('button', { name: 'Show figures' }).click();
  await expect(page).toHaveURL(/period=7d/);
  await expect(page).toHaveURL(/by=sub1/);
  await expect(figure('Clicks')).toHaveText('5');
  // A custom period that ends before it starts: said why, the default period's figures.
  await periodForm.getByLabel('From (custom)').fill('2026-01-10');
  await periodForm.getByLabel('To (custom)').fill('2026-01-01');
  await expect(periodForm.getByLabel('Period')).toHaveValue('custom');
  await periodForm.getByRole('button', { name: 'Show figures' }).click();
  await expect(periodForm.getByRole('alert')).toHaveText(
    'The end date must be on or after the start date.',
  );
  await expect(figure('Clicks')).toHaveText('5');
});
