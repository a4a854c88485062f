/**
 * Promo codes end to end (issue 23): a brand gives two members codes on Add Members (one typed,
 * one from the template), emails them; a creator sees and copies their code on a phone; the
 * brand's server reports a sale with `coupon_code` and no click, which credits the member; the
 * conversions list and the Reports show it under source "Promo code".
 */
import { devices } from '@playwright/test';
import { addMember, createOffer, postbackToken } from './brand-flows';
import { signInUrlOf } from './creator-flows';
import { expect, test, uniqueEmail } from './fixtures';

test('codes on Add Members, in the email, on the creator’s phone, credited by a coupon_code postback, in the reports', async ({
  page,
  brand,
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(150_000);
  // Signed up by the fixture: the brand's owner.
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);
  const offerName = `Glow Serum ${tag}`;
  const offerUrl = await createOffer(page, { name: offerName });
  const maya = { name: `Maya ${tag}`, email: uniqueEmail('maya') };
  const theo = { name: `Theo ${tag}`, email: uniqueEmail('theo') };
  await addMember(page, maya);
  await addMember(page, theo);
  const mayaCode = `MAYA${tag}`.toUpperCase().slice(0, 20);

  // Add Members: a bad code is refused with a message, nothing is created, what was typed stays.
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: maya.name }).check();
  await page.getByLabel(`Promo code for ${maya.name}`).fill('maya 15%');
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('contains characters a promo code cannot have')).toBeVisible();
  await expect(page.getByLabel(`Promo code for ${maya.name}`)).toHaveValue('maya 15%');

  // One typed (lower case: upper-cased), one from the template; the discount text.
  await page.getByRole('checkbox', { name: theo.name }).check();
  await page.getByLabel(`Promo code for ${maya.name}`).fill(mayaCode.toLowerCase());
  await page.getByLabel('Discount the codes give').fill('15 % off');
  await page.getByLabel('Code template').fill('{CREATOR_NAME}{NN}');
  await page
    .getByLabel('Give selected members without a typed code a code from the template')
    .check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('2 new links generated')).toBeVisible();

  // The offer's Promo codes tab lists both.
  await page.getByRole('link', { name: 'Promo codes' }).click();
  const codes = page.getByRole('table', { name: `Promo codes of ${offerName}` });
  await expect(codes.getByRole('row').filter({ hasText: maya.name })).toContainText(mayaCode);
  await expect(codes.getByRole('row').filter({ hasText: theo.name })).toContainText(/THEO\d{2}/);

  // Email both members their links; Maya's email carries her code and its discount.
  await page.goto(offerUrl);
  for (const m of [maya, theo]) {
    await page.getByRole('row').filter({ hasText: m.name }).getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Email selected (2)' }).click();
  await expect(page.getByText('2 emails queued')).toBeVisible();
  await page.goto('/brand/outbox');
  const mayaEmail = page.getByRole('row').filter({ hasText: maya.email });
  await expect(async () => {
    await page.reload();
    await expect(mayaEmail).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await mayaEmail.getByRole('link').click();
  const text = (await page.getByTestId('email-text').textContent()) ?? '';
  expect(text).toContain(mayaCode);
  expect(text).toContain('15 % off');

  // The creator on a phone: the code beside the links, copied with one tap.
  const creator = await browser.newContext({ ...devices['Pixel 7'], baseURL });
  await creator.grantPermissions(['clipboard-read', 'clipboard-write']);
  const mobile = await creator.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await mobile.getByRole('link', { name: offerName, exact: true }).click();
  const promo = mobile.getByRole('region', { name: 'Your promo code' });
  await expect(promo.getByTestId('promo-code')).toHaveText(mayaCode);
  await expect(promo).toContainText('15 % off');
  await promo.getByRole('button', { name: /^Copy promo code/ }).tap();
  await expect(promo.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await mobile.evaluate(() => navigator.clipboard.readText())).toBe(mayaCode);
  await creator.close();

  // The brand's server reports a sale with the code and no click: Maya is credited.
  const token = await postbackToken(page);
  const response = await request.get('/postback', {
    params: {
      coupon_code: mayaCode.toLowerCase(),
      amount: '80.00',
      order_id: `CODE-${tag}`,
      security_token: token,
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toMatchObject({ success: true, status: 'pending' });

  // The conversions list, filtered by source "Promo code".
  await page.goto('/brand/conversions');
  await page.getByLabel('Source').selectOption({ label: 'Promo code' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const row = page.getByRole('row').filter({ hasText: `CODE-${tag}` });
  await expect(row).toContainText(maya.name);
  await expect(row).toContainText('Promo code');

  // Reports: by source and by promo code.
  await page.goto('/brand/reports');
  const bySource = page.getByRole('table', { name: 'Conversions by source' });
  await expect(bySource.getByRole('row').filter({ hasText: 'Promo code' })).toContainText('$80.00');
  const byCode = page.getByRole('table', { name: 'Conversions by promo code' });
  await expect(byCode.getByRole('row').filter({ hasText: mayaCode })).toContainText(maya.name);
  await expect(byCode.getByRole('row').filter({ hasText: mayaCode })).toContainText('$8.00');
});
