import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Locator, Page } from '@playwright/test';
import { expect, signUpBrand, test, uniqueEmail } from './fixtures';
import { createOffer, postback, postbackToken, runRollup, shopperClick } from './brand-flows';
import { addMemberAndEmail, creatorDay, figuresUntil, phone, signInUrlOf } from './creator-flows';

/**
 * Issue 13's "Done when", at phone size (390×844): a brand emails a member; the creator follows
 * the emailed sign-in link, sees the offer and link, builds a labelled deep link; a shopper
 * clicks it (the real redirect) and the brand's server posts the sale (the real postback); the
 * creator sees the conversion pending with its clearing date, the rollup runs, the brand marks
 * the statement paid, and the creator's payment history shows it paid with method and reference
 * (and in the CSV). Then: one person, two brands, one sign-in, each brand's figures apart.
 * Driven by labels, roles and visible text only.
 */

const month = (date: Date) =>
  new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    date,
  );

const creatorTab = (mobile: Page, name: string) =>
  mobile.getByRole('navigation', { name: 'Creator dashboard' }).getByRole('link', { name });

/** Reloads until `locator` holds `text` (figures and lists follow writes within moments). */
async function reloadUntil(page: Page, locator: Locator, text: string | RegExp) {
  await expect(async () => {
    await page.reload();
    await expect(locator).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

async function download(page: Page, name: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ]);
  return readFile((await file.path())!, 'utf8');
}

test('a brand emails a member; on a phone they build a deep link, see the sale pending with its clearing date, and see it paid', async ({
  page,
  brand,
  browser,
  baseURL,
  playwright,
}, testInfo) => {
  test.setTimeout(180_000);
  const shot = (name: string) => testInfo.outputPath(`phone-${name}.png`);
  const stamp = Date.now().toString(36);
  const offerName = `Glow Serum ${stamp}`;
  const orderId = `GLOW-${stamp}-SHOPPER-4821`;
  const reference = `PP-${stamp}`;

  // The brand: its postback token, an offer (no holding period) that allows deep links, a
  // member emailed their link.
  const token = await postbackToken(page);
  const offerUrl = await createOffer(page, {
    name: offerName,
    url: 'https://shop.example.com/serum',
    deepLinks: true,
  });
  const email = uniqueEmail('maya');
  const { link, text } = await addMemberAndEmail(page, offerUrl, { name: 'Maya Lopez', email });

  // The creator opens the email's sign-in link on her phone: the offer and her link.
  const creator = await phone(browser, baseURL!);
  const mobile = await creator.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  await expect(mobile.getByRole('link', { name: offerName, exact: true })).toBeVisible();
  await expect(mobile.getByText(link, { exact: true })).toBeVisible();

  // A labelled deep link.
  await mobile.getByRole('link', { name: offerName, exact: true }).click();
  const builder = mobile.getByRole('region', { name: 'Build a deep link' });
  await builder.getByLabel('Page address').fill('https://shop.example.com/night-cream');
  await builder.getByLabel('Label').fill('Instagram bio');
  await builder.getByRole('button', { name: 'Create link' }).click();
  await expect(mobile.getByRole('status')).toContainText('Your new link “Instagram bio” is ready');
  const bio = mobile.getByRole('listitem', { name: 'Link: Instagram bio' });
  const bioUrl = (await bio.getByTestId('link-url').textContent())!.trim();

  // A shopper clicks it (their own browser, the real redirect); the brand's server posts the sale.
  const shopper = await playwright.request.newContext({ baseURL });
  const clickId = await shopperClick(shopper, bioUrl);
  await postback(page.request, { token, clickId, amount: '80.00', orderId });
  const postedAt = new Date();

  // Her dashboard: the click, the conversion, the pending earnings and the day they clear, and
  // the deep link's own figures.
  await creatorTab(mobile, 'Dashboard').click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  await figuresUntil(mobile, { Clicks: '1', Conversions: '1', Pending: '$8.00' });
  await expect(mobile.getByRole('region', { name: 'When you get paid' })).toContainText(
    `$8.00 pending clears on ${creatorDay(postedAt)}`,
  );
  const bioFigures = mobile.getByRole('listitem', { name: 'Link figures: Instagram bio' });
  await expect(bioFigures.locator('[data-link-figure="Clicks"] dd')).toHaveText('1');
  await expect(bioFigures.locator('[data-link-figure="Conversions"] dd')).toHaveText('1');
  await mobile.screenshot({ path: shot('dashboard-pending'), fullPage: true });

  // Her conversions: the sale, its order reference masked, pending with its clearing date.
  await creatorTab(mobile, 'Conversions').click();
  await expect(mobile.getByRole('heading', { level: 1, name: 'Conversions' })).toBeVisible();
  await expect(mobile.getByText(`credited to you at ${brand.brandName}`)).toBeVisible();
  const sale = mobile.getByRole('listitem', { name: 'Conversion ••••4821' });
  await reloadUntil(mobile, mobile.getByRole('main'), '••••4821');
  await expect(sale).toContainText(offerName);
  await expect(sale).toContainText('$80.00');
  await expect(sale).toContainText('$8.00');
  await expect(sale).toContainText('Pending');
  await expect(sale).toContainText(`Clears on ${creatorDay(postedAt)}`);
  expect(await mobile.content()).not.toContain(orderId.slice(0, -4));
  await mobile.screenshot({ path: shot('conversions-pending'), fullPage: true });

  // The rollup runs (no holding period: approved, in this month's statement).
  await runRollup(page);
  await mobile.reload();
  await expect(sale).toContainText('Approved');
  await expect(
    sale.getByRole('link', { name: `In the ${month(postedAt)} statement` }),
  ).toBeVisible();
  await creatorTab(mobile, 'Payments').click();
  const due = mobile.getByRole('listitem', { name: 'Amount due in USD' });
  await expect(due).toContainText('$8.00');
  await expect(due).toContainText('Will be paid with the next payout');
  const statement = mobile.getByRole('listitem', { name: `Statement ${month(postedAt)} USD` });
  await expect(statement).toContainText('Due');
  await mobile.screenshot({ path: shot('payments-due'), fullPage: true });

  // The brand marks the statement paid by PayPal, with a reference.
  await page.goto('/brand/payouts/statements');
  await page.getByRole('link', { name: /^Open statement Maya Lopez/ }).click();
  const markPaid = page.getByRole('form', { name: 'Mark this statement paid' });
  await markPaid.getByLabel('Payment method').selectOption({ label: 'PayPal' });
  await markPaid.getByLabel('Reference (optional)').fill(reference);
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(page.getByRole('status')).toContainText('Statement marked paid.');

  // Her payment history: paid, the day, the method, the reference.
  await mobile.reload();
  await expect(statement).toContainText('Paid');
  await expect(statement).toContainText(`Paid on ${creatorDay(new Date())} by PayPal`);
  await expect(statement).toContainText(`Reference ${reference}`);
  await expect(statement).toContainText('$8.00');
  await expect(mobile.getByRole('listitem', { name: 'Amount due in USD' })).toHaveCount(0);
  await mobile.screenshot({ path: shot('payments-paid'), fullPage: true });

  // The CSV downloads.
  const statements = parse(await download(mobile, 'Download statements (CSV)'), {
    columns: true,
  }) as Record<string, string>[];
  expect(
    statements.map((r) => [
      r['Currency'],
      r['Total'],
      r['Status'],
      r['Payment method'],
      r['Payment reference'],
    ]),
  ).toEqual([['USD', '8.00', 'Paid', 'PayPal', reference]]);
  const linesCsv = await download(mobile, 'Download statement lines (CSV)');
  const lines = parse(linesCsv, { columns: true }) as Record<string, string>[];
  expect(
    lines.map((r) => [
      r['Line'],
      r['Offer'],
      r['Order reference'],
      r['Sale amount'],
      r['Commission'],
    ]),
  ).toEqual([['Commission', offerName, '••••4821', '80.00', '8.00']]);
  expect(linesCsv).not.toContain(orderId);

  // The statement's page: its line, masked; the conversion now paid.
  await statement.getByRole('link', { name: new RegExp(`^${month(postedAt)}`) }).click();
  await expect(
    mobile.getByRole('heading', { level: 1, name: `${month(postedAt)} statement` }),
  ).toBeVisible();
  const line = mobile.getByRole('listitem', { name: 'Commission ••••4821' });
  await expect(line).toContainText('$8.00');
  await expect(line).toContainText('Sale $80.00 · Paid');
  await expect(mobile.getByRole('region', { name: 'Statement total' })).toContainText(
    `Reference ${reference}`,
  );
  await mobile.screenshot({ path: shot('statement-paid'), fullPage: true });
  await creatorTab(mobile, 'Conversions').click();
  await expect(sale).toContainText('Paid');
  await creatorTab(mobile, 'Dashboard').click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  await figuresUntil(mobile, { Pending: '$0.00', Paid: '$8.00' });

  // The same pages on a laptop, for the screenshots.
  const laptop = await browser.newContext({ baseURL, storageState: await creator.storageState() });
  const desk = await laptop.newPage();
  await desk.goto(
    `${new URL(mobile.url()).pathname.match(/^\/creator\/[0-9a-f-]{36}/)![0]}/conversions`,
  );
  await expect(desk.getByRole('listitem', { name: 'Conversion ••••4821' })).toContainText('Paid');
  await desk.screenshot({ path: testInfo.outputPath('laptop-conversions.png'), fullPage: true });
  await desk
    .getByRole('navigation', { name: 'Creator dashboard' })
    .getByRole('link', { name: 'Payments' })
    .click();
  await expect(desk.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await desk.screenshot({ path: testInfo.outputPath('laptop-payments.png'), fullPage: true });
  await laptop.close();

  await shopper.dispose();
  await creator.close();
});

test('a creator of two brands sees both after one sign-in, and each brand’s sales apart', async ({
  page,
  brand,
  browser,
  baseURL,
  playwright,
}, testInfo) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const email = uniqueEmail('sam');
  const shopper = await playwright.request.newContext({ baseURL });

  // Brand one (this test's brand) and brand two (its own browser) each have Sam, by one address.
  const tokenOne = await postbackToken(page);
  const offerOne = `Glow Serum ${stamp}`;
  const { link: linkOne, text } = await addMemberAndEmail(
    page,
    await createOffer(page, {
      name: offerOne,
      url: 'https://shop.example.com/a',
      deepLinks: false,
    }),
    { name: 'Sam Rivera', email },
  );
  const brandTwoContext = await browser.newContext({ baseURL });
  const other = await brandTwoContext.newPage();
  const brandTwo = await signUpBrand(other);
  const tokenTwo = await postbackToken(other);
  const offerTwo = `Tent Sale ${stamp}`;
  const { link: linkTwo } = await addMemberAndEmail(
    other,
    await createOffer(other, {
      name: offerTwo,
      url: 'https://north.example.com/t',
      deepLinks: false,
    }),
    { name: 'Sam R.', email },
  );

  // One sale at brand one, two at brand two.
  await postback(page.request, {
    token: tokenOne,
    clickId: await shopperClick(shopper, linkOne),
    amount: '50.00',
    orderId: `ONE-${stamp}-1111`,
  });
  for (const [amount, suffix] of [
    ['120.00', '2222'],
    ['30.00', '3333'],
  ]) {
    await postback(other.request, {
      token: tokenTwo,
      clickId: await shopperClick(shopper, linkTwo),
      amount,
      orderId: `TWO-${stamp}-${suffix}`,
    });
  }

  // One sign-in (brand one's email) opens both brands.
  const creator = await phone(browser, baseURL!);
  const mobile = await creator.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(mobile).toHaveURL(/\/creator$/);
  await expect(mobile.getByRole('link', { name: brand.brandName, exact: true })).toBeVisible();
  await expect(mobile.getByRole('link', { name: brandTwo.brandName, exact: true })).toBeVisible();
  await mobile.screenshot({ path: testInfo.outputPath('phone-two-brands.png'), fullPage: true });

  // Brand one: its offer and its one sale only.
  await mobile.getByRole('link', { name: brand.brandName, exact: true }).click();
  await expect(mobile.getByRole('link', { name: offerOne, exact: true }).first()).toBeVisible();
  await expect(mobile.getByText(offerTwo)).toHaveCount(0);
  await figuresUntil(mobile, { Clicks: '1', Conversions: '1', Sales: '$50.00', Earnings: '$5.00' });
  await creatorTab(mobile, 'Conversions').click();
  await expect(mobile.getByRole('heading', { level: 1, name: 'Conversions' })).toBeVisible();
  const list = mobile.getByRole('list', { name: 'Your conversions' });
  await reloadUntil(mobile, mobile.getByRole('main'), '••••1111');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem', { name: 'Conversion ••••1111' })).toContainText('$5.00');
  await expect(mobile.getByText(offerTwo)).toHaveCount(0);

  // Brand two, through the brand switcher: its two sales only.
  await mobile
    .getByRole('navigation', { name: 'Your brands' })
    .getByRole('link', { name: brandTwo.brandName, exact: true })
    .click();
  await expect(mobile.getByRole('link', { name: offerTwo, exact: true })).toBeVisible();
  await expect(mobile.getByText(offerOne)).toHaveCount(0);
  await figuresUntil(mobile, {
    Clicks: '2',
    Conversions: '2',
    Sales: '$150.00',
    Earnings: '$15.00',
  });
  await creatorTab(mobile, 'Conversions').click();
  await expect(mobile.getByRole('heading', { level: 1, name: 'Conversions' })).toBeVisible();
  await reloadUntil(mobile, mobile.getByRole('main'), '••••3333');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem', { name: 'Conversion ••••2222' })).toContainText('$12.00');
  await expect(list.getByRole('listitem', { name: 'Conversion ••••3333' })).toContainText('$3.00');
  await expect(mobile.getByText('••••1111')).toHaveCount(0);
  await mobile.screenshot({ path: testInfo.outputPath('phone-brand-two.png'), fullPage: true });

  await shopper.dispose();
  await brandTwoContext.close();
  await creator.close();
});
