import {
  addMember,
  createOffer,
  generateLinks,
  postback,
  postbackToken,
  runRollup,
  shopperClick,
} from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';

/**
 * Issue 19, item 2: a brand opens Ben's statement ("Record the payment of $26.02 to Ben…");
 * meanwhile the merchant's reversal postback removes a $1.02 line; the brand submits the form
 * still open. The payment is refused — "The total changed from $26.02 to $25.00 since you opened
 * this page. Nothing was marked paid." — nothing is paid, and the page shows the new figures; the
 * form then pays $25.00. Ben has given no PayPal address, so the form says so and starts at bank
 * transfer (item 5). Driven by labels, roles and visible text only.
 */
test('Mark paid refuses a total that changed since the page was opened, and shows the new one', async ({
  page,
  brand,
}) => {
  test.setTimeout(120_000);
  expect(brand.email).toContain('@');
  const stamp = Date.now().toString(36);
  const token = await postbackToken(page);
  const offerUrl = await createOffer(page, { name: `Serum ${stamp}` });
  await addMember(page, { name: 'Ben Ortiz', email: uniqueEmail('ben') });
  const [link] = await generateLinks(page, offerUrl, ['Ben Ortiz']);

  // Two sales at 10 %: $25.00 and $1.02 of commission.
  for (const [amount, orderId] of [
    ['250.00', `KEEP-${stamp}`],
    ['10.20', `REFUND-${stamp}`],
  ]) {
    const clickId = await shopperClick(page.request, link);
    await postback(page.request, { token, clickId, amount, orderId });
  }
  await runRollup(page);

  // The brand opens Ben's statement: $26.02 to pay.
  await page.goto('/brand/payouts/statements');
  await page.getByRole('link', { name: /^Open statement Ben Ortiz/ }).click();
  const total = page.getByRole('group', { name: 'Statement total' });
  await expect(total).toContainText('$26.02');
  const markPaid = page.getByRole('form', { name: 'Mark this statement paid' });
  await expect(markPaid).toContainText('Record the payment of $26.02 to Ben Ortiz.');
  await expect(markPaid).toContainText('Ben Ortiz has not given a PayPal address');
  await expect(markPaid.getByLabel('Payment method')).toHaveValue('bank_transfer');
  await markPaid.getByLabel('Reference (optional)').fill(`SENT-${stamp}`);

  // Meanwhile the shop refunds the $10.20 order: its reversal postback removes the $1.02 line.
  const reverse = await page.request.get('/postback/reverse', {
    params: { order_id: `REFUND-${stamp}`, security_token: token },
  });
  expect(reverse.status(), await reverse.text()).toBe(200);

  // The still-open form is submitted: refused, nothing paid, the new figures shown.
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'The total changed from $26.02 to $25.00 since you opened this page.' }),
  ).toContainText('Nothing was marked paid.');
  await expect(total).toContainText('$25.00');
  await expect(markPaid).toContainText('Record the payment of $25.00 to Ben Ortiz.');
  await expect(page.getByText('Due', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Statement lines' }).getByRole('row')).toHaveCount(
    2,
  );
  await page.screenshot({ path: 'test-results/payouts-stale-total.png', fullPage: true });

  await page.goto('/brand/payouts');
  const due = page.getByRole('table', { name: 'Amount due by member' });
  await expect(due.getByRole('row').filter({ hasText: 'Ben Ortiz' })).toContainText('$25.00');

  // Paid with the figures shown now.
  await page.goto('/brand/payouts/statements');
  await page.getByRole('link', { name: /^Open statement Ben Ortiz/ }).click();
  await markPaid.getByRole('button', { name: 'Mark statement paid' }).click();
  await expect(page.getByRole('status')).toContainText('Statement marked paid.');
  await expect(page.getByText('Paid', { exact: true })).toBeVisible();
  await expect(total).toContainText('$25.00');
});
