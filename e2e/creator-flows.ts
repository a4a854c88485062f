/**
 * Steps the creator-portal specs share: a creator's phone, a member emailed their link (read
 * back from the outbox) and the sign-in link in it, and the dashboard's figure cards. The brand's
 * steps and the tracking requests are in ./brand-flows.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { addMember, generateLinks, PHONE_USER_AGENT } from './brand-flows';
import { expect } from './fixtures';

/** A creator's phone: 390×844, touch, as most creators open their dashboard. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

export async function phone(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, baseURL, userAgent: PHONE_USER_AGENT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

/** Adds a member, gives them a link on the offer, emails it; returns the link and the email's text. */
export async function addMemberAndEmail(
  page: Page,
  offerUrl: string,
  member: { name: string; email: string },
) {
  await addMember(page, member);
  const [link] = await generateLinks(page, offerUrl, [member.name]);
  await page.getByRole('row').filter({ hasText: member.name }).getByRole('checkbox').check();
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

/** "1 Dec 2026": how the creator pages write a day (the brands of these specs keep UTC). */
export const creatorDay = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);

/** The creator sign-in link of an email's text. */
export function signInUrlOf(text: string): string {
  return text.match(/https?:\/\/\S+\/creator\/sign-in\/[a-z0-9]+/)![0];
}

/** A figure card of the creator dashboard or offer page (clicks, conversions, pending…). */
export const figure = (page: Page, label: string) =>
  page.locator(`[data-figure="${label}"] dd`).first();

/**
 * Reloads the page until the figures read `expected`: the reporting fold follows writes within
 * seconds (longer on a busy machine).
 */
export async function figuresUntil(page: Page, expected: Record<string, string>) {
  await expect
    .poll(
      async () => {
        await page.reload();
        const seen: Record<string, string> = {};
        for (const label of Object.keys(expected)) {
          seen[label] = ((await figure(page, label).textContent()) ?? '').trim();
        }
        return seen;
      },
      { timeout: 45_000 },
    )
    .toEqual(expected);
}
