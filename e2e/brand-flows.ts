/**
 * Steps many specs share, through the brand portal (an offer, members, their links, the postback
 * token, the payout rollup's "Run now") and the real tracking endpoints (a shopper's click on a
 * tracking link, the brand's server postback).
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';

/** A phone's browser as the shopper's and the creator's requests name it (not a bot). */
export const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
export const LAPTOP_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/**
 * Creates an offer paying 10 % of the sale ("Standard 10%") through the brand portal; returns its
 * page URL. Its description is a brand-only note ("Internal only…") that creators must never see.
 */
export async function createOffer(
  page: Page,
  input: {
    name: string;
    url?: string;
    deepLinks?: boolean;
    domain?: string;
    /** One of the holding period presets (days); the form's default (none) when left out. */
    holdingDays?: number;
  },
) {
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(input.name);
  await page.getByLabel('Description').fill('Internal only: 20% margin');
  await page.getByLabel('Offer URL').fill(input.url ?? 'https://shop.example.com/product');
  if (input.holdingDays !== undefined) {
    await page
      .getByLabel('Holding period', { exact: true })
      .selectOption(String(input.holdingDays));
  }
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

/** Adds a member through the brand portal. */
export async function addMember(page: Page, member: { name: string; email: string }) {
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill(member.name);
  await page.getByLabel('Email', { exact: true }).fill(member.email);
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page).not.toHaveURL(/\/new$/);
}

/**
 * Generates links on the offer for the members named; returns their tracking URLs in that order.
 * The page stays on the offer's "Add members" page, its rows showing the links.
 */
export async function generateLinks(page: Page, offerUrl: string, memberNames: string[]) {
  await page.goto(`${offerUrl}/add-members`);
  for (const name of memberNames) await page.getByRole('checkbox', { name }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  const count = memberNames.length;
  await expect(
    page.getByText(`${count} new ${count === 1 ? 'link' : 'links'} generated`),
  ).toBeVisible();
  const links: string[] = [];
  for (const name of memberNames) {
    const row = page.getByRole('row').filter({ hasText: name });
    links.push((await row.getByTestId('link-url').textContent())!.trim());
  }
  return links;
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

/** A shopper's click on a tracking link (the real redirect); returns the click id the shop gets. */
export async function shopperClick(
  request: APIRequestContext,
  link: string,
  options: { userAgent?: string; ip?: string; query?: string } = {},
): Promise<string> {
  const headers: Record<string, string> = { 'user-agent': options.userAgent ?? PHONE_USER_AGENT };
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  const response = await request.get(`${new URL(link).pathname}${options.query ?? ''}`, {
    maxRedirects: 0,
    headers,
  });
  expect(response.status()).toBe(302);
  const clickId = new URL(response.headers()['location']).searchParams.get('transaction_id');
  expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
  return clickId!;
}

/**
 * The brand's server reporting a sale of that click (the real postback endpoint). A click made a
 * moment ago may not be recorded yet: the endpoint answers 503 (retry), and the merchant's server
 * sends it again, as here; any other answer than 200 fails the test with the endpoint's message.
 */
export async function postback(
  request: APIRequestContext,
  input: { token: string; clickId: string; amount: string; orderId: string; currency?: string },
) {
  const params: Record<string, string> = {
    transaction_id: input.clickId,
    amount: input.amount,
    order_id: input.orderId,
    security_token: input.token,
  };
  if (input.currency) params.currency = input.currency;
  let response: Awaited<ReturnType<APIRequestContext['get']>> | undefined;
  await expect
    .poll(
      async () => {
        response = await request.get('/postback', { params });
        return response.status();
      },
      { message: 'the postback endpoint stops asking to retry' },
    )
    .not.toBe(503);
  expect(response!.status(), await response!.text()).toBe(200);
}
