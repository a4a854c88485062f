import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Issue 12's "Done when": conversions arrive for two members through the real tracking endpoints
 * (a click on each member's link, then the brand's server postback); the rollup runs from the
 * Payouts page; the brand sees the amounts due, opens a statement, rejects one commission (the
 * total follows), downloads the PayPal file, marks the statement paid, downloads the CSV exports
 * (checked row by row); a reversal of the paid commission appears as a negative line in the
 * member's next statement. The browser is driven by labels, roles and visible text only.
 */

const shots = (name: string) => `test-results/payouts-${name}.png`;

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Payouts sections' }).getByRole('link', { name });

/** A click on a tracking link, as a shopper's browser makes it; returns the click id. */
async function click(request: APIRequestContext, link: string): Promise<string> {
  const response = await request.get(link, { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  const clickId = new URL(response.headers()['location']).searchParams.get('transaction_id');
  expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
  return clickId!;
}

/** The brand's server reporting a sale of that click. */
async function postback(
  request: APIRequestContext,
  token: string,
  clickId: string,
  amount: string,
  orderId: string,
) {
  const params = new URLSearchParams({
    transaction_id: clickId,
    amount,
    order_id: orderId,
    currency: 'USD',
    security_token: token,
  });
  const response = await request.get(`/postback?${params}`);
  expect(response.status(), await response.text()).toBe(200);
}

/** Reads a download started by clicking `name`. */
async function downloadText(page: Page, name: string | RegExp) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ]);
  return {
    filename: download.suggestedFilename(),
    text: await readFile((await download.path())!, 'utf8'),
  };
}

/** Runs the rollup with "Run now" and waits until the page says it finished. */
async function runRollup(page: Page) {
  await page.goto('/brand/payouts');
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Last rollup finished' })).toBeVisible({
    timeout: 30_000,
  });
}

/** The creator signs in from the emailed link (in their own browser) and gives a payout email. */
async function creatorGivesPayoutEmail(browser: Browser, signInUrl: string, email: string) {
  const context = await browser.newContext();
  const creator = await context.newPage();
  await creator.goto(signInUrl);
  await creator.getByRole('button', { name: 'Open my dashboard' }).click();
  await creator.getByRole('link', { name: 'Settings' }).click();
  await creator.getByLabel('Payout email').fill(email);
  await creator.getByRole('button', { name: /^Save/ }).click();
  await expect(creator.getByRole('status')).toContainText(/saved/i);
  await context.close();
}

test('Payouts: rollup, amounts due, reject from a statement, PayPal file, mark paid, CSV, clawback', async ({
  page,
  browser,
  brand,
}) => {
  test.setTimeout(180_000);
  expect(brand.email).toContain('@');
  const stamp = Date.now().toString(36);
  const annEmail = `ann-${stamp}@example.com`;
  const bobEmail = `bob-${stamp}@example.com`;
  const annPaypal = `ann.paypal-${stamp}@example.com`;

  await page.goto('/brand/settings');
  const token = await page.getByLabel('Postback token', { exact: true }).inputValue();

  // An offer paying 10 % of each sale, two members, their links.
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(`Serum ${stamp}`);
  await page.getByLabel('Offer URL').fill('https://shop.example.com/serum');
  await page.getByLabel('Title (option 1)').fill('Standard');
  await page.getByLabel('Percent of sale').fill('10');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page).toHaveURL(/\/brand\/offers\/[0-9a-f-]{36}$/);
  const offerUrl = page.url();
  for (const [name, email] of [
    ['Ann Archer', annEmail],
    ['Bob Baker', bobEmail],
  ]) {
    await page.goto('/brand/members/new');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page).not.toHaveURL(/\/new$/);
  }
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: 'Ann Archer' }).check();
  await page.getByRole('checkbox', { name: 'Bob Baker' }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  // Each row's Copy button is named after the link it copies.
  const linkOf = async (name: string) => {
    const copy = page
      .getByRole('row')
      .filter({ hasText: name })
      .getByRole('button', { name: /^Copy: / });
    return (await copy.getAttribute('aria-label'))!.replace(/^Copy: /, '');
  };
  const annLink = await linkOf('Ann Archer');
  const bobLink = await linkOf('Bob Baker');

  // Ann gets her sign-in link by email and gives her PayPal address; Bob does not.
  await page
    .getByRole('checkbox', { name: /Ann Archer/ })
    .first()
    .check();
  await page.getByRole('button', { name: /^Email selected/ }).click();
  await expect(page.getByText('1 email queued')).toBeVisible();
  await page.goto('/brand/outbox');
  const annMail = page.getByRole('row').filter({ hasText: annEmail });
  await expect(async () => {
    await page.reload();
    await expect(annMail).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await annMail.getByRole('link').click();
  const mailText =
    (await page
      .getByText(/\/creator\/sign-in\/[a-z0-9]+/)
      .first()
      .textContent()) ?? '';
  const signInUrl = mailText.match(/https?:\/\/[^\s"]+\/creator\/sign-in\/[a-z0-9]+/)![0];
  await creatorGivesPayoutEmail(browser, signInUrl, annPaypal);

  // Sales through the real endpoints: Ann sells 100.00 and 50.00, Bob 30.00.
  await postback(page.request, token, await click(page.request, annLink), '100.00', `A-${stamp}-1`);
  await postback(page.request, token, await click(page.request, annLink), '50.00', `A-${stamp}-2`);
  await postback(page.request, token, await click(page.request, bobLink), '30.00', `B-${stamp}-1`);

  // The rollup (the offer has no holding period) approves them and builds the statements.
  await page
    .getByRole('navigation', { name: 'Brand portal' })
    .getByRole('link', { name: 'Payouts' })
    .click();
  await expect(page.getByRole('heading', { name: 'Payouts', level: 1 })).toBeVisible();
  await runRollup(page);
  const due = page.getByRole('table', { name: 'Amount due by member' });
  await expect(due.getByRole('row').filter({ hasText: 'Ann Archer' })).toContainText('$15.00');
  await expect(due.getByRole('row').filter({ hasText: 'Ann Archer' })).toContainText('Given');
  await expect(due.getByRole('row').filter({ hasText: 'Bob Baker' })).toContainText('$3.00');
  await expect(due.getByRole('row').filter({ hasText: 'Bob Baker' })).toContainText(
    'Needs payout details',
  );
  await page.screenshot({ path: shots('1-amounts-due'), fullPage: true });

  // Ann's statement: two lines; reject the second (a test order): the total follows.
  await tab(page, 'Statements').click();
  await page.getByRole('link', { name: /^Open statement Ann Archer/ }).click();
  const lines = page.getByRole('table', { name: 'Statement lines' });
  await expect(lines.getByRole('row')).toHaveCount(3);
  const total = page.getByRole('group', { name: 'Statement total' });
  await expect(total).toContainText('$15.00');
  await page.getByRole('button', { name: `Reject commission for order A-${stamp}-2` }).click();
  const dialog = page.getByRole('dialog', { name: /Reject the commission/ });
  await dialog.getByRole('button', { name: 'Reject commission' }).click();
  await expect(dialog.getByText('Choose a reason from the list.')).toBeVisible();
  await dialog.getByLabel('Reason').selectOption({ label: 'Test order' });
  await dialog.getByRole('button', { name: 'Reject commission' }).click();
  await expect(page.getByRole('status')).toContainText('Commission rejected (Test order)');
  await expect(lines.getByRole('row')).toHaveCount(2);
  await expect(total).toContainText('$10.00');
  await expect(total).not.toContainText('$15.00');
  const statementUrl = page.url();
  await page.screenshot({ path: shots('2-statement-after-reject'), fullPage: true });

  // The PayPal file pays Ann $10.00; Bob is listed apart.
  await tab(page, 'PayPal files').click();
  await expect(
    page
      .getByRole('table', { name: 'Needs payout details' })
      .getByRole('row')
      .filter({ hasText: 'Bob Baker' }),
  ).toContainText('$3.00');
  const paypal = await downloadText(page, 'Download USD file');
  expect(paypal.filename).toMatch(/^paypal-payouts-USD-\d{4}-\d{2}-\d{2}\.csv$/);
  const paypalRows = parse(paypal.text) as string[][];
  expect(paypalRows).toHaveLength(1);
  expect(paypalRows[0][0]).toBe(annPaypal);
  expect(paypalRows[0].slice(1, 3)).toEqual(['10.00', 'USD']);
  expect(paypalRows[0][3]).toMatch(/^[0-9A-Z]{1,30}$/);
  expect(paypalRows[0][4]).toContain(brand.brandName);
  expect(paypalRows[0][5]).toBe('PAYPAL');
  await page.screenshot({ path: shots('3-paypal-files'), fullPage: true });

  // Mark Ann's statement paid: without a method it is refused inline (the reference typed is
  // kept), then with PayPal.
  await page.goto(statementUrl);
  const markPaid = page.getByRole('form', { name: 'Mark this statement paid' });
  await markPaid.getByLabel('Reference (optional)').fill(`BATCH-${stamp}`);
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(markPaid.getByText('Choose PayPal, bank transfer or other.')).toBeVisible();
  await expect(markPaid.getByLabel('Reference (optional)')).toHaveValue(`BATCH-${stamp}`);
  await markPaid.getByLabel('Payment method').selectOption({ label: 'PayPal' });
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(page.getByRole('status')).toContainText(
    'Statement marked paid. The creator is emailed.',
  );
  await expect(page.getByText(`Reference BATCH-${stamp}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Reject/ })).toHaveCount(0);
  await page.screenshot({ path: shots('4-statement-paid'), fullPage: true });

  // The creator is emailed once.
  await page.goto('/brand/outbox');
  const paidMail = page.getByRole('row').filter({ hasText: 'paid you $10.00' });
  await expect(async () => {
    await page.reload();
    await expect(paidMail).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(paidMail).toContainText(annEmail);

  // A refund of Ann's paid sale: a negative line in her next statement.
  const reverse = await page.request.get(
    `/postback/reverse?${new URLSearchParams({ order_id: `A-${stamp}-1`, security_token: token })}`,
  );
  expect(reverse.status(), await reverse.text()).toBe(200);
  await runRollup(page);
  await page.goto('/brand/payouts/statements');
  const annStatements = page.getByRole('link', { name: /^Open statement Ann Archer/ });
  await expect(annStatements).toHaveCount(2);
  const statementsTable = page.getByRole('table', { name: 'Statements' });
  await expect(
    statementsTable.getByRole('row').filter({ hasText: 'Carried forward' }),
  ).toContainText('-$10.00');
  await statementsTable
    .getByRole('row')
    .filter({ hasText: 'Carried forward' })
    .getByRole('link')
    .click();
  const clawback = page
    .getByRole('table', { name: 'Statement lines' })
    .getByRole('row')
    .filter({ hasText: 'Adjustment' });
  await expect(clawback).toContainText('-$10.00');
  await expect(clawback).toContainText(`A-${stamp}-1`);
  await page.screenshot({ path: shots('5-clawback'), fullPage: true });

  // Ann's balance is −$10.00: nothing is due, it is taken from her next earnings (decision 036).
  await tab(page, 'Amounts due').click();
  const annDue = page
    .getByRole('table', { name: 'Amount due by member' })
    .getByRole('row')
    .filter({ hasText: 'Ann Archer' });
  await expect(annDue).toContainText('-$10.00');
  await expect(annDue).toContainText('To recover from their next earnings');
  await expect(annDue.getByRole('checkbox')).toHaveCount(0);
  await page.screenshot({ path: shots('6-amounts-due-to-recover'), fullPage: true });

  // The CSV exports, row by row.
  await page.goto('/brand/payouts/statements');
  const statementsCsv = parse((await downloadText(page, 'Export statements (CSV)')).text, {
    columns: true,
  }) as Record<string, string>[];
  const pick = (r: Record<string, string>) => [
    r['Member'],
    r['Payout email'],
    r['Currency'],
    r['Commissions'],
    r['Adjustments'],
    r['Total'],
    r['Status'],
    r['Payment method'],
    r['Payment reference'],
    r['Lines'],
  ];
  expect(statementsCsv.map(pick).sort()).toEqual(
    [
      [
        'Ann Archer',
        annPaypal,
        'USD',
        '10.00',
        '0.00',
        '10.00',
        'Paid',
        'PayPal',
        `BATCH-${stamp}`,
        '1',
      ],
      ['Ann Archer', annPaypal, 'USD', '0.00', '-10.00', '-10.00', 'Carried forward', '', '', '1'],
      ['Bob Baker', '', 'USD', '3.00', '0.00', '3.00', 'Due', '', '', '1'],
    ].sort(),
  );
  const linesCsv = parse((await downloadText(page, 'Export lines (CSV)')).text, {
    columns: true,
  }) as Record<string, string>[];
  expect(
    linesCsv
      .map((r) => [
        r['Member'],
        r['Line'],
        r['Order ID'],
        r['Sale amount'],
        r['Commission'],
        r['Status'],
      ])
      .sort(),
  ).toEqual(
    [
      ['Ann Archer', 'Commission', `A-${stamp}-1`, '100.00', '10.00', 'Reversed'],
      ['Ann Archer', 'Adjustment', `A-${stamp}-1`, '', '-10.00', 'Adjustment'],
      ['Bob Baker', 'Commission', `B-${stamp}-1`, '30.00', '3.00', 'Approved'],
    ].sort(),
  );
});
