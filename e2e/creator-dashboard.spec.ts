import {
  createOffer,
  generateLinks,
  postback,
  postbackToken,
  runRollup,
  shopperClick,
} from './brand-flows';
import {
  addMemberAndEmail,
  creatorDay,
  figure,
  figuresUntil,
  phone,
  signInUrlOf,
} from './creator-flows';
import type { Page } from '@playwright/test';
import { expect, test, uniqueEmail } from './fixtures';

/**
 * The creator's dashboard on a phone: a brand (minimum payout $50.00) has two offers paying 10 %
 * (one with a 14-day holding period, one with none) and emails a member their link; the creator
 * signs in from the outbox's email; a shopper clicks each link and the brand's server posts a
 * sale for each; the payout rollup runs and the reporting fold follows. The dashboard shows the
 * clicks, the conversions, the pending earnings with the day they clear, the approved ones
 * against the minimum payout, each link's figures, and the period picker changes the figures.
 */

const DAY = 86_400_000;

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The page's clicks-and-conversions chart reads at a glance: both count axes show `ticks`, the
 * bars carry `barLabels`, and the legend's box meets neither the x-axis dates nor the drawing.
 */
async function expectChartReadable(page: Page, expected: { ticks: string[]; barLabels: string[] }) {
  const chart = page.getByRole('figure', { name: 'Clicks and conversions per day' });
  const yAxes = chart.locator('.recharts-yAxis-tick-labels');
  await expect(yAxes).toHaveCount(2);
  for (const axis of await yAxes.all()) {
    await expect(axis.locator('.recharts-cartesian-axis-tick-value')).toHaveText(expected.ticks);
  }
  await expect(chart.locator('.recharts-label-list .recharts-label')).toHaveText(
    expected.barLabels,
  );
  const legend = (await chart.getByTestId('chart-legend').boundingBox())!;
  const dates = chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  expect(await dates.count()).toBeGreaterThan(1);
  for (const date of await dates.all()) {
    expect(intersects(legend, (await date.boundingBox())!), 'legend over an x-axis date').toBe(
      false,
    );
  }
  const drawing = (await chart.locator('.recharts-wrapper > svg').boundingBox())!;
  expect(intersects(legend, drawing), 'legend over the drawing').toBe(false);
}

test('a creator’s dashboard on a phone: clicks, conversions, pending earnings and when they clear, the minimum payout, per-link figures, the period picker', async ({
  page,
  brand,
  browser,
  baseURL,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);

  // The brand: minimum payout $50.00, postback token, two offers, a member with a link on each.
  await page.goto('/brand/settings');
  await page.getByLabel('Minimum payout').fill('50.00');
  await page.getByRole('button', { name: 'Save minimum payout' }).click();
  await expect(page.getByText(/Minimum payout saved/)).toBeVisible();
  const token = await postbackToken(page);
  const serumName = `Glow Serum ${tag}`;
  const creamName = `Night Cream ${tag}`;
  const url = 'https://shop.example.com/serum';
  const serumUrl = await createOffer(page, { name: serumName, url, holdingDays: 14 });
  const creamUrl = await createOffer(page, { name: creamName, url, holdingDays: 0 });
  const member = { name: 'Maya Lopez', email: uniqueEmail('maya') };
  const { link: serumLink, text } = await addMemberAndEmail(page, serumUrl, member);
  const [creamLink] = await generateLinks(page, creamUrl, [member.name]);

  // The creator signs in on her phone: no figures yet.
  const context = await phone(browser, baseURL!);
  const mobile = await context.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  await expect(figure(mobile, 'Clicks')).toHaveText('0');
  await expect(mobile.getByText('Nothing pending or due yet.', { exact: false })).toBeVisible();
  const dashboardUrl = mobile.url();

  // A shopper clicks each link and buys: $80.00 of serum (held 14 days), $120.00 of cream.
  const serumClick = await shopperClick(request, serumLink);
  const creamClick = await shopperClick(request, creamLink);
  const soldAt = Date.now();
  for (const [clickId, amount] of [
    [serumClick, '80.00'],
    [creamClick, '120.00'],
  ]) {
    await postback(request, { token, clickId, amount, orderId: `ORDER-${clickId.slice(0, 8)}` });
  }

  // The payout rollup (from the brand's Payouts page) approves the cream sale at once; the
  // reporting fold follows within seconds.
  await runRollup(page);
  await figuresUntil(mobile, { Clicks: '2', Conversions: '2', Approved: '$12.00' });
  await expect(figure(mobile, 'Unique clicks')).toHaveText('2');
  await expect(figure(mobile, 'Conversion rate')).toHaveText('100.00%');
  await expect(figure(mobile, 'Sales')).toHaveText('$200.00');
  await expect(figure(mobile, 'Earnings')).toHaveText('$20.00');
  await expect(figure(mobile, 'Pending')).toHaveText('$8.00');
  await expect(figure(mobile, 'Paid')).toHaveText('$0.00');

  // When she gets paid: the amount due against the minimum, the day the pending sale clears.
  const paid = mobile.getByRole('region', { name: 'When you get paid' });
  await expect(paid.getByRole('list', { name: 'Amount due' })).toContainText('$12.00');
  await expect(paid).toContainText('$38.00 more to reach the $50.00 minimum payout');
  await expect(paid).toContainText(
    `$8.00 pending clears on ${creatorDay(new Date(soldAt + 14 * DAY))}`,
  );
  // Each link's own figures.
  const creamFigures = mobile.getByRole('listitem', { name: 'Link figures: Main link' }).filter({
    hasText: creamName,
  });
  await expect(creamFigures.locator('[data-link-figure="Clicks"] dd')).toHaveText('1');
  await expect(creamFigures.locator('[data-link-figure="Conversions"] dd')).toHaveText('1');
  await expect(creamFigures.locator('[data-link-figure="Earnings"] dd')).toHaveText('$12.00');
  await expect(mobile.getByText('Internal only')).toHaveCount(0);
  await expect(mobile.getByText(`ORDER-`)).toHaveCount(0);
  await mobile.screenshot({ path: testInfo.outputPath('dashboard-phone.png'), fullPage: true });
  await mobile.screenshot({ path: testInfo.outputPath('dashboard-phone-first-screen.png') });

  // The period picker: days before the sales show nothing; the last 7 days show them again.
  // The custom days are written as every date on the page ("1 Dec 2026"), not the browser's
  // mm/dd/yyyy, and read back the same way.
  const picker = mobile.getByRole('form', { name: 'Figures period' });
  const tenDaysBefore = creatorDay(new Date(soldAt - 10 * DAY));
  await expect(picker.getByText('Like 6 Nov 2026')).toHaveCount(2);
  await picker.getByLabel('From (custom)').fill(tenDaysBefore);
  await picker.getByLabel('To (custom)').fill(creatorDay(new Date(soldAt - 8 * DAY)));
  await expect(picker.getByLabel('Period')).toHaveValue('custom');
  await picker.getByRole('button', { name: 'Show figures' }).click();
  await expect(mobile).toHaveURL(/period=custom/);
  await expect(figure(mobile, 'Clicks')).toHaveText('0');
  await expect(figure(mobile, 'Earnings')).toHaveText('$0.00');
  await expect(mobile.getByTestId('period')).toContainText(tenDaysBefore);
  await expect(picker.getByLabel('From (custom)')).toHaveValue(tenDaysBefore);
  // Money as it stands now does not depend on the period.
  await expect(paid).toContainText('$38.00 more to reach the $50.00 minimum payout');
  // A custom period that ends before it starts: a clear message, the default figures.
  await picker.getByLabel('From (custom)').fill(isoDay(new Date(soldAt - 8 * DAY)));
  await picker.getByLabel('To (custom)').fill(isoDay(new Date(soldAt - 10 * DAY)));
  await picker.getByRole('button', { name: 'Show figures' }).click();
  await expect(picker.getByRole('alert')).toHaveText(
    'The end date must be on or after the start date.',
  );
  await picker.getByLabel('Period').selectOption({ label: 'Last 7 days' });
  await picker.getByRole('button', { name: 'Show figures' }).click();
  await expect(mobile).toHaveURL(/period=7d/);
  await expect(figure(mobile, 'Clicks')).toHaveText('2');

  // The serum offer's page: its own figures, the pending sale's clearing day, its link's figures.
  await mobile.getByRole('link', { name: serumName, exact: true }).click();
  await expect(mobile.getByRole('heading', { level: 1, name: serumName })).toBeVisible();
  const serumOfferUrl = mobile.url();
  await expect(figure(mobile, 'Clicks')).toHaveText('1');
  // The links first, which is what a creator opens the page for: the link and its Copy button on
  // the phone's first screen, the figures and "When you get paid" after them.
  const linksRegion = mobile.getByRole('region', { name: 'Your links' });
  const figuresRegion = mobile.getByRole('region', { name: 'Figures for this offer' });
  const whenPaid = mobile.getByRole('region', { name: 'When you get paid' });
  const top = async (locator: typeof linksRegion) => (await locator.boundingBox())!.y;
  expect(await top(linksRegion)).toBeLessThan(await top(figuresRegion));
  expect(await top(linksRegion)).toBeLessThan(await top(whenPaid));
  const copyMain = mobile
    .getByRole('listitem', { name: 'Link: Main link' })
    .getByRole('button', { name: /^Copy Main link/ });
  const copyBox = (await copyMain.boundingBox())!;
  expect(copyBox.y + copyBox.height).toBeLessThanOrEqual(844);
  // One click and one conversion: each axis reads 0–1 (not 0–4 with a quarter-high bar), the
  // day's bar says "1", and the legend stays clear of the dates.
  await expectChartReadable(mobile, { ticks: ['0', '1'], barLabels: ['1'] });
  await mobile.screenshot({ path: testInfo.outputPath('offer-phone-first-screen.png') });
  await expect(figure(mobile, 'Pending')).toHaveText('$8.00');
  await expect(figure(mobile, 'Approved')).toHaveText('$0.00');
  await expect(mobile.getByRole('region', { name: 'When you get paid' })).toContainText(
    `$8.00 pending clears on ${creatorDay(new Date(soldAt + 14 * DAY))}`,
  );
  const main = mobile.getByRole('listitem', { name: 'Link: Main link' });
  await expect(main.locator('[data-link-figure="Clicks"] dd')).toHaveText('1');
  await expect(main.locator('[data-link-figure="Earnings"] dd')).toHaveText('$8.00');
  await expect(mobile.getByText('Internal only')).toHaveCount(0);
  await mobile.screenshot({ path: testInfo.outputPath('offer-phone.png'), fullPage: true });

  // The same dashboard on a laptop.
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL });
  await laptop.addCookies(await context.cookies());
  const desk = await laptop.newPage();
  await desk.goto(dashboardUrl);
  await expect(desk.locator('[data-figure="Clicks"] dd').first()).toHaveText('2');
  await desk.screenshot({ path: testInfo.outputPath('dashboard-laptop.png'), fullPage: true });
  await desk.goto(serumOfferUrl);
  await expectChartReadable(desk, { ticks: ['0', '1'], barLabels: ['1'] });
  await desk.screenshot({ path: testInfo.outputPath('offer-laptop.png'), fullPage: true });
  await laptop.close();
  await context.close();
});
