/**
 * Promo codes end to end (issue 23): a brand gives two members codes on Add Members (one typed,
 * one from the template), emails them; a creator sees and copies their code on a phone; the
 * brand's server reports a sale with `coupon_code` and no click, which credits the member; the
 * conversions list and the Reports show it under source "Promo code". On the offer's Promo codes
 * tab (with JavaScript) a brand gives, changes, deactivates and reassigns codes; a code another
 * member holds, in any case, is refused with a message.
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
  // The tables read the conversions rollup, which the fold (every 2 s) brings up to date: reload
  // until the sale is in.
  const bySource = page.getByRole('table', { name: 'Conversions by source' });
  await expect(async () => {
    await page.goto('/brand/reports');
    await expect(bySource.getByRole('row').filter({ hasText: 'Promo code' })).toContainText(
      '$80.00',
      { timeout: 1000 },
    );
  }).toPass({ timeout: 45_000 });
  const byCode = page.getByRole('table', { name: 'Conversions by promo code' });
  await expect(byCode.getByRole('row').filter({ hasText: mayaCode })).toContainText(maya.name);
  await expect(byCode.getByRole('row').filter({ hasText: mayaCode })).toContainText('$8.00');
});

test('the Promo codes tab: give, change, deactivate and reassign codes; a code held by another member is refused', async ({
  page,
  brand,
}) => {
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36).toUpperCase();
  const offerName = `Codes Tab ${tag}`;
  const offerUrl = await createOffer(page, { name: offerName });
  const ana = { name: `Ana ${tag}`, email: uniqueEmail('ana') };
  const ben = { name: `Ben ${tag}`, email: uniqueEmail('ben') };
  await addMember(page, ana);
  await addMember(page, ben);
  const first = `ANA${tag}`.slice(0, 20);
  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: ana.name }).check();
  await page.getByRole('checkbox', { name: ben.name }).check();
  await page.getByLabel(`Promo code for ${ana.name}`).fill(first);
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('2 new links generated')).toBeVisible();

  await page.getByRole('link', { name: 'Promo codes' }).click();
  const table = page.getByRole('table', { name: `Promo codes of ${offerName}` });
  // By email: Ben's row may quote Ana's name in a message.
  const anaRow = table.getByRole('row').filter({ hasText: ana.email });
  const benRow = table.getByRole('row').filter({ hasText: ben.email });
  await expect(anaRow).toContainText(first);
  await expect(benRow).toContainText('No code');
  const history = page.getByRole('table', { name: 'Deactivated codes (history)' });
  await expect(history).toHaveCount(0);

  // The discount text the codes stand for.
  await page.getByLabel('Discount the codes give').fill('20 % off');
  await page.getByRole('button', { name: 'Save discount' }).click();
  await expect(page.getByRole('status')).toHaveText('The discount text was saved.');
  await expect(page.getByLabel('Discount the codes give')).toHaveValue('20 % off');

  // Ana's code for Ben, typed in lower case: refused (codes are unique whatever the case), with
  // the message in Ben's row and what was typed kept; nothing changes.
  const benInput = page.getByLabel(`New promo code for ${ben.name}`);
  await benInput.fill(first.toLowerCase());
  await page.getByRole('button', { name: `Give code for ${ben.name}` }).click();
  await expect(benRow).toContainText(`${first} is already ${ana.name}’s code on ${offerName}.`);
  await expect(benInput).toHaveValue(first.toLowerCase());
  await expect(benInput).toHaveAttribute('aria-invalid', 'true');
  await expect(benRow).toContainText('No code');
  await expect(anaRow).toContainText(first);

  // Change Ana's code: the new one is hers, the old one goes to the history.
  const second = `ANNA${tag}`.slice(0, 20);
  const anaInput = page.getByLabel(`New promo code for ${ana.name}`);
  await anaInput.fill(second.toLowerCase());
  await page.getByRole('button', { name: `Change for ${ana.name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`The code is now ${second}.`);
  await expect(anaRow).toContainText(second);
  // The field is emptied for the next change (it showed the code just saved before).
  await expect(anaInput).toHaveValue('');
  await expect(history.getByRole('row').filter({ hasText: first })).toContainText(ana.name);

  // Ben's error is gone; now that Ana's first code is deactivated, Ben can have it.
  await expect(benRow).not.toContainText('is already');
  await benInput.fill(first.toLowerCase());
  await page.getByRole('button', { name: `Give code for ${ben.name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`The code is now ${first}.`);
  await expect(benRow).toContainText(first);
  await expect(benInput).toHaveValue('');

  // Deactivate Ben's code: he has none, and it is in the history (given twice now).
  await benRow.getByRole('button', { name: `Deactivate ${first}` }).click();
  await expect(page.getByRole('status')).toHaveText('The code was deactivated.');
  await expect(benRow).toContainText('No code');
  await expect(history.getByRole('row').filter({ hasText: first })).toHaveCount(2);
  await expect(history.getByRole('row').filter({ hasText: ben.name })).toContainText(first);
  await expect(anaRow).toContainText(second);
});
