import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test, uniqueEmail } from './fixtures';

/**
 * The creator's dashboard on a phone: a brand (minimum payout $50.00) has two offers paying 10 %
 * (one with a 14-day holding period, one with none) and emails a member their link; the creator
 * signs in from the outbox's email; a shopper clicks each link and the brand's server posts a
 * sale for each; the payout rollup runs and the reporting fold follows. The dashboard shows the
 * clicks, the conversions, the pending earnings with the day they clear, the approved ones
 * against the minimum payout, each link's figures, and the period picker changes the figures.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DAY = 86_400_000;

const longDay = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(at);
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

async function createOffer(page: Page, name: string, holdingDays: number) {
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(name);
  await page.getByLabel('Description').fill('Internal only: 20% margin');
  await page.getByLabel('Offer URL').fill('https://shop.example.com/serum');
  await page.getByLabel('Holding period', { exact: true }).selectOption(String(holdingDays));
  await page.getByLabel('Title (option 1)').fill('Standard 10%');
  await page.getByLabel('Percent of sale').fill('10');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page.url();
}

/** Generates the member's link on the offer; returns its tracking URL. */
async function generateLink(page: Page, offerUrl: string, memberName: string) {
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: memberName }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('1 new link generated')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: memberName });
  return (await row.getByTestId('link-url').textContent())!.trim();
}

/** A shopper's click on a tracking link; returns the click id the shop receives. */
async function shopperClicks(request: APIRequestContext, link: string) {
  const response = await request.get(new URL(link).pathname, {
    maxRedirects: 0,
    headers: {
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
    },
  });
  expect(response.status()).toBe(302);
  return new URL(response.headers()['location']).searchParams.get('transaction_id')!;
}

async function postback(
  request: APIRequestContext,
  token: string,
  clickId: string,
  amount: string,
) {
  // The click may still be on its way to the database: the endpoint asks to retry.
  await expect
    .poll(async () => {
      const response = await request.get('/postback', {
        params: {
          transaction_id: clickId,
          amount,
          order_id: `ORDER-${clickId.slice(0, 8)}`,
          security_token: token,
        },
      });
      return response.status();
    })
    .toBe(200);
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
  const token = await page.getByLabel('Postback token', { exact: true }).inputValue();
  const serumName = `Glow Serum ${tag}`;
  const creamName = `Night Cream ${tag}`;
  const serumUrl = await createOffer(page, serumName, 14);
  const creamUrl = await createOffer(page, creamName, 0);
  const email = uniqueEmail('maya');
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill('Maya Lopez');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page).not.toHaveURL(/\/new$/);
  const creamLink = await generateLink(page, creamUrl, 'Maya Lopez');
  const serumLink = await generateLink(page, serumUrl, 'Maya Lopez');
  const row = page.getByRole('row').filter({ hasText: 'Maya Lopez' });
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Email selected (1)' }).click();
  await expect(page.getByText('1 email queued')).toBeVisible();
  await page.goto('/brand/outbox');
  const mail = page.getByRole('row').filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(mail).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await mail.getByRole('link').click();
  const text = (await page.getByTestId('email-text').textContent()) ?? '';
  const signInUrl = text.match(/https?:\/\/\S+\/creator\/sign-in\/[a-z0-9]+/)![0];

  // The creator signs in on her phone: no figures yet.
  const context = await browser.newContext({ ...PHONE, baseURL });
  const mobile = await context.newPage();
  await mobile.goto(signInUrl);
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  const figure = (label: string) => mobile.locator(`[data-figure="${label}"] dd`).first();
  await expect(figure('Clicks')).toHaveText('0');
  await expect(mobile.getByText('Nothing pending or due yet.', { exact: false })).toBeVisible();
  const dashboardUrl = mobile.url();

  // A shopper clicks each link and buys: $80.00 of serum (held 14 days), $120.00 of cream.
  const serumClick = await shopperClicks(request, serumLink);
  const creamClick = await shopperClicks(request, creamLink);
  const soldAt = Date.now();
  await postback(request, token, serumClick, '80.00');
  await postback(request, token, creamClick, '120.00');

  // The payout rollup (from the brand's Payouts page) approves the cream sale at once.
  await page.goto('/brand/payouts');
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Last rollup finished' })).toBeVisible({
    timeout: 30_000,
  });

  // The reporting fold follows within seconds: reload until the clicks and sales are in.
  await expect
    .poll(
      async () => {
        await mobile.goto(dashboardUrl);
        return [
          await figure('Clicks').textContent(),
          await figure('Conversions').textContent(),
          await figure('Approved').textContent(),
        ];
      },
      { timeout: 45_000 },
    )
    .toEqual(['2', '2', '$12.00']);
  await expect(figure('Unique clicks')).toHaveText('2');
  await expect(figure('Conversion rate')).toHaveText('100.00%');
  await expect(figure('Sales')).toHaveText('$200.00');
  await expect(figure('Earnings')).toHaveText('$20.00');
  await expect(figure('Pending')).toHaveText('$8.00');
  await expect(figure('Paid')).toHaveText('$0.00');

  // When she gets paid: the amount due against the minimum, the day the pending sale clears.
  const paid = mobile.getByRole('region', { name: 'When you get paid' });
  await expect(paid.getByRole('list', { name: 'Amount due' })).toContainText('$12.00');
  await expect(paid).toContainText('$38.00 more to reach the $50.00 minimum payout');
  await expect(paid).toContainText(
    `$8.00 pending clears on ${longDay(new Date(soldAt + 14 * DAY))}`,
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
  const picker = mobile.getByRole('form', { name: 'Figures period' });
  await picker.getByLabel('From (custom)').fill(isoDay(new Date(soldAt - 10 * DAY)));
  await picker.getByLabel('To (custom)').fill(isoDay(new Date(soldAt - 8 * DAY)));
  await expect(picker.getByLabel('Period')).toHaveValue('custom');
  await picker.getByRole('button', { name: 'Show figures' }).click();
  await expect(mobile).toHaveURL(/period=custom/);
  await expect(figure('Clicks')).toHaveText('0');
  await expect(figure('Earnings')).toHaveText('$0.00');
  await expect(mobile.getByTestId('period')).toContainText(longDay(new Date(soldAt - 10 * DAY)));
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
  await expect(figure('Clicks')).toHaveText('2');

  // The serum offer's page: its own figures, the pending sale's clearing day, its link's figures.
  await mobile.getByRole('link', { name: serumName, exact: true }).click();
  await expect(mobile.getByRole('heading', { level: 1, name: serumName })).toBeVisible();
  await expect(figure('Clicks')).toHaveText('1');
  await expect(figure('Pending')).toHaveText('$8.00');
  await expect(figure('Approved')).toHaveText('$0.00');
  await expect(mobile.getByRole('region', { name: 'When you get paid' })).toContainText(
    `$8.00 pending clears on ${longDay(new Date(soldAt + 14 * DAY))}`,
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
  await laptop.close();
  await context.close();
});
