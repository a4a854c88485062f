import { expect, signIn, test } from './fixtures';

/**
 * The demo brand's offer has two payout options; Maya, Theo and Ana already have links, Sam (in
 * Spring Launch) and Lina (no project) do not.
 */
test('a brand adds members, generates links, emails them, and the creator signs in', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'demo@offerlink.local', 'offerlink-demo');
  await expect(page).toHaveURL(/\/brand$/);
  await page.getByRole('link', { name: 'Black Friday Cyber Monday Sale' }).click();
  await expect(page.getByRole('heading', { name: 'Links' })).toBeVisible();
  await page.getByRole('link', { name: 'Add members', exact: true }).first().click();

  // All projects: both members without a link; filtered by project: only Sam.
  await expect(page.getByRole('checkbox', { name: 'Lina Haddad' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Maya Lopez' })).toHaveCount(0);
  await page.getByLabel('Project').selectOption({ label: 'Spring Launch' });
  await expect(page).toHaveURL(/project=/);
  await expect(page.getByRole('checkbox', { name: 'Lina Haddad' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select all 1 listed members' }).check();
  await expect(page.getByRole('checkbox', { name: 'Sam Reed' })).toBeChecked();
  await expect(page.getByText('1 of 1 selected')).toBeVisible();

  // The second payout option and a deep link; a foreign site first is refused on its row.
  await page.getByLabel('Payout option for Sam Reed').selectOption({ label: 'VIP $15 per sale' });
  await page.getByLabel('Deep link for Sam Reed').fill('https://shop.example.com.evil.com/x');
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/add-members/);
  await page.getByRole('checkbox', { name: 'Sam Reed' }).check();
  await page.getByLabel('Payout option for Sam Reed').selectOption({ label: 'VIP $15 per sale' });
  await page.getByLabel('Deep link for Sam Reed').fill('https://shop.example.com/products/serum');
  await page.getByRole('button', { name: 'Generate Links' }).click();

  // The links table: Sam's main link and deep link, both with the VIP option.
  await expect(page).toHaveURL(/\/brand\/offers\/[0-9a-f-]{36}\?generated=2$/);
  await expect(page.getByText('2 new links generated')).toBeVisible();
  const offerPage = page.url();
  const samRows = page.getByRole('row').filter({ hasText: 'Sam Reed' });
  await expect(samRows).toHaveCount(2);
  await expect(samRows.filter({ hasText: 'VIP $15 per sale' })).toHaveCount(2);
  await expect(
    samRows.filter({ hasText: 'Deep link: https://shop.example.com/products/serum' }),
  ).toHaveCount(1);
  const samUrls = await samRows.getByTestId('link-url').allTextContents();
  expect(samUrls).toHaveLength(2);
  for (const url of samUrls) expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{12}$/);

  // Copy shows "Copied" and puts the link on the clipboard.
  await samRows.first().getByRole('button', { name: /^Copy/ }).click();
  await expect(samRows.first().getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(samUrls[0]);

  // Email the selected links (Sam's two).
  for (const row of await samRows.all()) await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Email selected (2)' }).click();
  await expect(page.getByText('2 emails queued')).toBeVisible();

  // The outbox gets both emails once the worker has run.
  await page
    .getByRole('navigation', { name: 'Brand portal' })
    .getByRole('link', { name: 'Outbox' })
    .click();
  await expect(page).toHaveURL(/\/brand\/outbox$/);
  await expect(page.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible();
  const emails = page.getByRole('row').filter({ hasText: 'sam@example.com' });
  await expect(async () => {
    await page.reload();
    await expect(emails).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(emails.first()).toContainText('Black Friday Cyber Monday Sale');
  await emails.first().getByRole('link').click();
  const text = (await page.getByTestId('email-text').textContent()) ?? '';
  expect(samUrls.some((url) => text.includes(url))).toBe(true);
  expect(text).not.toContain('Internal: Q4 push');
  await expect(
    page.frameLocator('iframe[title="Email preview"]').getByText('Hi Sam Reed,'),
  ).toBeVisible();

  // Back on the table, "last emailed" is filled in.
  await page.goto(offerPage);
  await expect(page.getByRole('row').filter({ hasText: 'Sam Reed' }).first()).not.toContainText(
    'Never',
  );

  // The creator follows the sign-in link from the email to their dashboard.
  const signInUrl = text.match(/https?:\/\/\S+\/creator\/sign-in\/[a-z0-9]+/)![0];
  await context.clearCookies();
  await page.goto(signInUrl);
  await page.getByRole('button', { name: 'Open my dashboard' }).click();
  // Sam works with one brand: the dashboard of that brand opens directly.
  await expect(page).toHaveURL(/\/creator\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Hi Sam Reed' })).toBeVisible();
  await page.getByRole('link', { name: 'Black Friday Cyber Monday Sale', exact: true }).click();
  for (const url of samUrls) await expect(page.getByText(url, { exact: true })).toBeVisible();

  // The sign-in link works once.
  await page.goto(signInUrl);
  await expect(
    page.getByRole('heading', { name: 'This sign-in link has already been used.' }),
  ).toBeVisible();
});
