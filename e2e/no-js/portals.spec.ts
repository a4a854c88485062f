/**
 * Both portals with JavaScript off (the `no-js` project), as on a slow phone before the page's
 * scripts have loaded: every form is an ordinary HTML form the server answers (decision 035).
 * A brand signs up, signs out and in again, creates an offer, pauses and resumes it, adds a
 * member, generates their link, adds a deep link for them, emails them; a shopper's click and the
 * brand's server postbacks (HTTP, as merchants send them) make two sales; "Run now" (the page
 * refreshes itself while the rollup runs); the brand rejects one commission in the statement's
 * dialog and marks the statement paid. The creator opens the emailed sign-in link, reaches the
 * dashboard, opens the offer's QR code and renames the link, picks a custom period, saves a payout
 * email.
 */
import {
  addMember,
  createOffer,
  generateLinks,
  postback,
  postbackToken,
  runRollup,
  shopperClick,
} from '../brand-flows';
import { creatorDay, figure, signInUrlOf } from '../creator-flows';
import { expect, signIn, test, uniqueEmail } from '../fixtures';

test('a brand and a creator use every step of their portals without JavaScript', async ({
  page,
  brand,
  browser,
  baseURL,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  // The page's scripts never run in this project: Remix never starts.
  expect(await page.evaluate(() => '__remixRouter' in window)).toBe(false);

  // Signed up (the fixture); sign out and in again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, brand.email, brand.password);
  await expect(page).toHaveURL(/\/brand$/);

  // An offer without a holding period; pause and resume it.
  const offerName = `Serum ${tag}`;
  const offerUrl = await createOffer(page, { name: offerName, holdingDays: 0 });
  await page.getByRole('button', { name: 'Pause offer' }).click();
  await expect(page.getByText('Paused: links redirect, conversions are rejected.')).toBeVisible();
  await page.getByRole('button', { name: 'Resume offer' }).click();
  await expect(page.getByRole('button', { name: 'Pause offer' })).toBeVisible();

  // A member, their link (Add members → Generate Links), a deep link on their behalf.
  const member = { name: `Ada ${tag}`, email: uniqueEmail('ada') };
  await addMember(page, member);
  const [link] = await generateLinks(page, offerUrl, [member.name]);
  const deepLink = page.getByRole('region', { name: 'Add a deep link for a member' });
  await deepLink.getByLabel('Member').selectOption({ label: `${member.name} (${member.email})` });
  await deepLink.getByLabel('Deep link URL').fill('https://elsewhere.example.net/');
  await deepLink.getByRole('button', { name: 'Create deep link' }).click();
  await expect(page.getByRole('region', { name: 'Add a deep link for a member' })).toContainText(
    'Deep links must point to shop.example.com',
  );
  await deepLink.getByLabel('Member').selectOption({ label: `${member.name} (${member.email})` });
  await deepLink.getByLabel('Deep link URL').fill('https://shop.example.com/serum/travel-size');
  await deepLink.getByRole('button', { name: 'Create deep link' }).click();
  await expect(page.getByText('Deep link created.')).toBeVisible();

  // Email the member their links (selected rows).
  for (const row of await page.getByRole('row').filter({ hasText: member.name }).all()) {
    await row.getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Email selected' }).click();
  await expect(page.getByText('2 emails queued')).toBeVisible();

  // Two sales through the real endpoints (the shopper's browser, the merchant's server).
  const token = await postbackToken(page);
  for (const [amount, order] of [
    ['80.00', `A-${tag}`],
    ['20.00', `B-${tag}`],
  ]) {
    const clickId = await shopperClick(request, link);
    await postback(request, { token, clickId, amount, orderId: order });
  }

  // Run now: the page refreshes itself (a <noscript> refresh) until the rollup has finished.
  await runRollup(page);

  // The statement: reject the test order in its dialog, then mark the rest paid.
  await page.goto('/brand/payouts/statements');
  await page.getByRole('link', { name: new RegExp(`^Open statement ${member.name}`) }).click();
  const total = page.getByRole('group', { name: 'Statement total' });
  await expect(total).toContainText('$10.00');
  await page.getByRole('button', { name: `Reject commission for order B-${tag}` }).click();
  const dialog = page.getByRole('dialog', { name: /Reject the commission/ });
  await dialog.getByRole('button', { name: 'Reject commission' }).click();
  // Refused without a reason: the page comes back with the dialog open and its message.
  await expect(dialog.getByText('Choose a reason from the list.')).toBeVisible();
  await dialog.getByLabel('Reason').selectOption({ label: 'Test order' });
  await dialog.getByRole('button', { name: 'Reject commission' }).click();
  await expect(page.getByRole('status')).toContainText('Commission rejected (Test order)');
  await expect(total).toContainText('$8.00');
  const markPaid = page.getByRole('form', { name: 'Mark this statement paid' });
  await markPaid.getByLabel('Payment method').selectOption({ label: 'Bank transfer' });
  await markPaid.getByLabel('Reference (optional)').fill(`BANK-${tag}`);
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(page.getByRole('status')).toContainText('Statement marked paid.');
  await expect(page.getByText(`Reference BANK-${tag}`)).toBeVisible();

  // The creator opens the emailed sign-in link on a phone without JavaScript.
  await page.goto('/brand/outbox');
  const mail = page.getByRole('row').filter({ hasText: member.email }).first();
  await expect(mail).toBeVisible({ timeout: 30_000 });
  await mail.getByRole('link').first().click();
  const signInUrl = signInUrlOf((await page.getByTestId('email-text').textContent()) ?? '');
  const phone = await browser.newContext({
    ...testInfo.project.use,
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
    baseURL,
  });
  const creator = await phone.newPage();
  await creator.goto(signInUrl);
  await creator.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(creator.getByRole('heading', { name: `Hi ${member.name}` })).toBeVisible();
  await expect(figure(creator, 'Clicks')).toHaveText(/^\d+$/);

  // The offer: its QR code and renaming a link (both in <details>), a custom period.
  await creator.getByRole('link', { name: offerName, exact: true }).click();
  const main = creator.getByRole('listitem', { name: 'Link: Main link' });
  await main.getByText('QR code', { exact: true }).click();
  await expect(main.getByRole('img', { name: 'QR code for Main link' })).toBeVisible();
  await main.getByText('Rename', { exact: true }).click();
  await main.getByLabel('Label for Main link').fill('Instagram bio');
  await main.getByRole('button', { name: 'Save label' }).click();
  await expect(creator.getByRole('status')).toHaveText('Label saved.');
  await expect(creator.getByRole('listitem', { name: 'Link: Instagram bio' })).toBeVisible();
  const picker = creator.getByRole('form', { name: 'Figures period' });
  const today = creatorDay(new Date());
  await picker.getByLabel('Period').selectOption({ label: 'Custom' });
  await picker.getByLabel('From (custom)').fill(today);
  await picker.getByLabel('To (custom)').fill(today);
  await picker.getByRole('button', { name: 'Show figures' }).click();
  await expect(creator.getByTestId('period')).toContainText(today);

  // Settings: a payout email.
  await creator.getByRole('link', { name: 'Settings' }).click();
  await creator.getByLabel('Payout email').fill(`ada.paypal-${tag}@example.com`);
  await creator.getByRole('button', { name: /^Save/ }).click();
  await expect(creator.getByRole('status')).toContainText(/saved/i);
  await phone.close();
});
