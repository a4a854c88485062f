/**
 * Steps the creator-portal specs share: a creator's phone, a brand creating an offer and emailing
 * a member their link (read back from the outbox), and the shopper's and the brand's real
 * requests (a click on a tracking link, a server postback, the payout rollup's "Run now").
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';

/** A creator's phone: 390×844, touch, as most creators open their dashboard. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A phone's browser as the shopper's and the creator's requests name it (not a bot). */
export const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

export async function phone(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, baseURL, userAgent: PHONE_USER_AGENT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

/** Creates an offer through the brand portal; returns its page URL. */
export async function createOffer(
  page: Page,
  input: { name: string; url: string; deepLinks: boolean; domain?: string },
) {
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(input.name);
  await page.getByLabel('Description').fill('Internal only: 20% margin');
  await page.getByLabel('Offer URL').fill(input.url);
  await page.getByLabel('Title (option 1)').fill('Standard 10%');
  await page.getByLabel('Percent of sale').fill('10');
  if (input.deepLinks) {
    await page.getByLabel('Allow creators to build deep links').check();
    if (input.domain) {
      await page.getByRole('button', { name: 'Add domain' }).click();
      await page.getByLabel('Additional domain 1').fill(input.domain);
    }
  }
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: input.name })).toBeVisible();
  return page.url();
}

/** Adds a member, gives them a link on the offer, emails it; returns the link and the email's text. */
export async function addMemberAndEmail(
  page: Page,
  offerUrl: string,
  member: { name: string; email: string },
) {
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill(member.name);
  await page.getByLabel('Email', { exact: true }).fill(member.email);
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page).not.toHaveURL(/\/new$/);
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: member.name }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('1 new link generated')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: member.name });
  const link = (await row.getByTestId('link-url').textContent())!.trim();
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Email selected (1)' }).click();
  await expect(page.getByText('1 email queued')).toBeVisible();

  await page.goto('/brand/outbox');
  const emails = page.getByRole('row').filter({ hasText: member.email });
  await expect(async () => {
    await page.reload();
    await expect(emails).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await emails.getByRole('link').click();
  const text = (await page.getByTestId('email-text').textContent()) ?? '';
  return { link, text };
}

export function signInUrlOf(text: string): string {
  return text.match(/https?:\/\/\S+\/creator\/sign-in\/[a-z0-9]+/)![0];
}

/** A shopper's click on a tracking link (the real redirect); returns the click id. */
export async function shopperClick(request: APIRequestContext, link: string): Promise<string> {
  const response = await request.get(new URL(link).pathname, {
    maxRedirects: 0,
    headers: { 'user-agent': PHONE_USER_AGENT },
  });
  expect(response.status()).toBe(302);
  const clickId = new URL(response.headers()['location']).searchParams.get('transaction_id');
  expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
  return clickId!;
}

/** The brand's server reporting a sale of that click (the real postback endpoint). */
export async function postback(
  request: APIRequestContext,
  input: { token: string; clickId: string; amount: string; orderId: string },
) {
  const params = new URLSearchParams({
    transaction_id: input.clickId,
    amount: input.amount,
    order_id: input.orderId,
    currency: 'USD',
    security_token: input.token,
  });
  const response = await request.get(`/postback?${params}`);
  expect(response.status(), await response.text()).toBe(200);
}

/** The brand's postback token, from its Settings page. */
export async function postbackToken(page: Page): Promise<string> {
  await page.goto('/brand/settings');
  return page.getByLabel('Postback token', { exact: true }).inputValue();
}

/** Runs the payout rollup with "Run now" on the brand's Payouts page and waits for it. */
export async function runRollup(page: Page) {
  await page.goto('/brand/payouts');
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Last rollup finished' })).toBeVisible({
    timeout: 30_000,
  });
}
