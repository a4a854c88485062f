import { expect, test } from './fixtures';

/**
 * The offer form's holding period (a preset, or "Custom…" with its number of days), and an
 * offer's end of life: one without links is deleted, one with links is archived (hidden from the
 * list unless "Show archived", its link still redirects) and restored.
 */
test('holding period presets and custom days; deleting, archiving and restoring offers', async ({
  page,
  brand,
  request,
}) => {
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);
  const kept = `Kept ${tag}`;

  // A new offer with a custom holding period of 45 days; a bad number is refused first.
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(kept);
  await page.getByLabel('Offer URL').fill('https://shop.example.com/kept');
  await page.getByLabel('Title (option 1)').fill('Standard');
  await page.getByLabel('Percent of sale').fill('10');
  const preset = page.getByLabel('Holding period', { exact: true });
  const days = page.getByLabel('Holding period (days)');
  await expect(preset).toHaveValue('0');
  await expect(days).toBeHidden();
  await preset.selectOption({ label: 'Custom…' });
  await expect(days).toBeVisible();
  await days.fill('400');
  await days.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(
    page.getByText('The holding period must be from 0 to 365 days; 400 is too high.'),
  ).toBeVisible();
  await days.fill('45');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: kept })).toBeVisible();
  const keptUrl = page.url();

  // Its settings show "Custom…" with 45; a preset replaces it.
  await page.goto(`${keptUrl}/edit`);
  await expect(preset).toHaveValue('custom');
  await expect(days).toHaveValue('45');
  await preset.selectOption({ label: '30 days' });
  await expect(days).toBeHidden();
  await page.getByRole('button', { name: /^Save/ }).click();
  // The save lands (its redirect) before the page is loaded afresh, or the reload cancels it.
  await expect(page).toHaveURL(/\/edit\?saved=1$/);
  await page.goto(`${keptUrl}/edit`);
  await expect(preset).toHaveValue('30');

  // A second offer with no links: deleted after the confirmation.
  const gone = `Gone ${tag}`;
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer name').fill(gone);
  await page.getByLabel('Offer URL').fill('https://shop.example.com/gone');
  await page.getByLabel('Title (option 1)').fill('Standard');
  await page.getByLabel('Percent of sale').fill('10');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: gone })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Archive offer' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete offer' }).click();
  const deleteDialog = page.getByRole('dialog', { name: `Delete ${gone}?` });
  await expect(deleteDialog).toContainText('It has no tracking links');
  await deleteDialog.getByRole('button', { name: 'Delete offer' }).click();
  await expect(page).toHaveURL(/\/brand\/offers\?deleted=1$/);
  await expect(page.getByText('The offer was deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: gone })).toHaveCount(0);

  // The first offer gets a member's link; then it can only be archived.
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill('Maya Lopez');
  await page.getByLabel('Email', { exact: true }).fill(`maya-${tag}@example.com`);
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page).not.toHaveURL(/\/new$/);
  await page.goto(`${keptUrl}/add-members`);
  await page.getByRole('checkbox', { name: 'Maya Lopez' }).check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('1 new link generated')).toBeVisible();
  const linkUrl = (await page
    .getByRole('row')
    .filter({ hasText: 'Maya Lopez' })
    .getByTestId('link-url')
    .textContent())!.trim();

  await page.goto(keptUrl);
  await expect(page.getByRole('button', { name: 'Delete offer' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Archive offer' }).click();
  const archiveDialog = page.getByRole('dialog', { name: `Archive ${kept}?` });
  await expect(archiveDialog).toContainText('It has 1 tracking link, so it is archived');
  await archiveDialog.getByRole('button', { name: 'Archive offer' }).click();
  await expect(page.getByRole('status')).toContainText('Archived on');
  await expect(page.getByRole('button', { name: 'Restore offer' })).toBeVisible();
  // No new links for it: a note instead of Add members and the deep-link builder.
  await expect(page.getByRole('note')).toHaveText('Restore the offer to add members or links.');
  await expect(page.getByRole('link', { name: 'Add members' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create deep link' })).toHaveCount(0);

  // Hidden from the list unless asked for; its link still redirects.
  await page.goto('/brand/offers');
  await expect(page.getByRole('link', { name: kept })).toHaveCount(0);
  await page.getByRole('link', { name: 'Show archived (1)' }).click();
  const row = page.getByRole('row').filter({ hasText: kept });
  await expect(row).toContainText('Archived');
  const redirect = await request.get(new URL(linkUrl).pathname, {
    maxRedirects: 0,
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
  });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()['location']).toContain('shop.example.com/kept');

  // Restored: back in the list.
  await row.getByRole('link', { name: kept }).click();
  await page.getByRole('button', { name: 'Restore offer' }).click();
  await expect(page.getByRole('button', { name: 'Archive offer' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add members' })).toHaveCount(2);
  await page.goto('/brand/offers');
  await expect(page.getByRole('link', { name: kept })).toBeVisible();
  await expect(page.getByRole('link', { name: /Show archived/ })).toHaveCount(0);
});
