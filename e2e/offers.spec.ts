import { expect, test } from './fixtures';

test('a brand creates an offer with payouts, UTM, deep links and an end date, then pauses and resumes it', async ({
  page,
  brand,
}) => {
  // Signed up and signed in by the fixture: a brand with no offers yet.
  expect(brand.email).toContain('@');
  await page.goto('/brand/offers');
  await expect(page.getByRole('heading', { name: 'No offers yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Create your first offer' }).click();
  await expect(page).toHaveURL(/\/brand\/offers\/new$/);

  const name = `Spring Glow ${Date.now().toString(36)}`;
  await page.getByLabel('Offer name').fill(name);
  await page.getByLabel('Description').fill('Internal: margin is thin');
  // A bad URL first: the server's message shows inline and nothing is saved.
  await page.getByLabel('Offer URL').fill('shop.example.com/spring');

  // Two payout options; the second (a fixed amount) is the default.
  await page.getByLabel('Title (option 1)').fill('Standard');
  await page.getByLabel('Percent of sale').fill('12.5');
  await page.getByRole('button', { name: 'Add payout option' }).click();
  await page.getByLabel('Title (option 2)').fill('VIP');
  await page.locator('select[name="payouts.1.type"]').selectOption('cpa_flat');
  await page.getByLabel('Amount (USD)').fill('15.00');
  await page.getByRole('radio', { name: 'Default option' }).nth(1).check();

  // UTM settings with variables, one inserted with the variable buttons.
  await page.getByRole('textbox', { name: 'utm_source', exact: true }).fill('influencer');
  await page.getByRole('textbox', { name: 'utm_campaign', exact: true }).click();
  await page.getByRole('button', { name: '{project_name}' }).click();
  await expect(page.getByRole('textbox', { name: 'utm_campaign', exact: true })).toHaveValue(
    '{project_name}',
  );
  await page
    .getByRole('textbox', { name: 'utm_content', exact: true })
    .fill('{creator_ig_username}');

  // Deep links with an additional domain, and an end date.
  await page.getByLabel('Allow creators to build deep links').check();
  await page.getByRole('button', { name: 'Add domain' }).click();
  await page.getByLabel('Additional domain 1').fill('Blog.Example.com');
  await page.getByLabel('End date').fill('2030-12-31T18:00');

  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByText('Enter a full address starting with https://')).toBeVisible();
  await expect(page).toHaveURL(/\/brand\/offers\/new$/);

  await page.getByLabel('Offer URL').fill('https://shop.example.com/spring');
  // The live preview renders the destination for the sample member, in the browser.
  await expect(page.getByTestId('utm-preview')).toHaveText(
    'https://shop.example.com/spring?utm_source=influencer&utm_campaign=Spring+Launch&utm_content=maya.glows&transaction_id=c_8Kq2xZ',
  );
  await page.getByRole('button', { name: 'Create offer' }).click();

  await expect(page).toHaveURL(/\/brand\/offers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // Pause and resume from the header.
  await page.getByRole('button', { name: 'Pause offer' }).click();
  await expect(page.getByRole('button', { name: 'Resume offer' })).toBeVisible();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Resume offer' }).click();
  await expect(page.getByRole('button', { name: 'Pause offer' })).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // Settings show what was saved.
  await page.getByRole('link', { name: 'Settings', exact: true }).last().click();
  await expect(page.getByLabel('Title (option 2)')).toHaveValue('VIP');
  await expect(page.getByLabel('Amount (USD)')).toHaveValue('15.00');
  await expect(page.getByRole('radio', { name: 'Default option' }).nth(1)).toBeChecked();
  await expect(page.getByLabel('Additional domain 1')).toHaveValue('blog.example.com');
  await expect(page.getByLabel('Allow creators to build deep links')).toBeChecked();
  await expect(page.getByLabel('End date')).toHaveValue('2030-12-31T18:00');

  // Tracking setup for the default method.
  await page.getByRole('link', { name: 'Tracking setup' }).click();
  await expect(page.getByText('/js/offerlink.js').first()).toBeVisible();

  // The list shows it.
  await page.goto('/brand/offers');
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();

  // A second offer with the same name (other case) gets a friendly message.
  await page.getByRole('link', { name: 'New offer' }).click();
  await page.getByLabel('Offer name').fill(name.toUpperCase());
  await page.getByLabel('Offer URL').fill('https://shop.example.com/other');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(
    page.getByText(`You already have an offer named “${name.toUpperCase()}”`),
  ).toBeVisible();
  await page.goto('/brand/offers');
  await expect(page.getByRole('row')).toHaveCount(2); // header + the one offer
});
