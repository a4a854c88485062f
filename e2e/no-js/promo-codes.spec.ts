/**
 * Add Members with promo codes, JavaScript off (decision 035): a refused code comes back with its
 * message, the typed values and the selection kept, and nothing created; then a typed code and
 * one from the template are given.
 */
import { addMember, createOffer } from '../brand-flows';
import { expect, test, uniqueEmail } from '../fixtures';

test('Add Members gives promo codes without JavaScript', async ({ page, brand }) => {
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);
  const offerUrl = await createOffer(page, { name: `Codes ${tag}` });
  const ana = { name: `Ana ${tag}`, email: uniqueEmail('ana') };
  const ben = { name: `Ben ${tag}`, email: uniqueEmail('ben') };
  await addMember(page, ana);
  await addMember(page, ben);

  await page.goto(`${offerUrl}/add-members`);
  await page.getByRole('checkbox', { name: ana.name }).check();
  await page.getByRole('checkbox', { name: ben.name }).check();
  await page.getByLabel(`Promo code for ${ana.name}`).fill('ana 10!');
  await page.getByLabel('Discount the codes give').fill('10 % off');
  await page
    .getByLabel('Give selected members without a typed code a code from the template')
    .check();
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('contains characters a promo code cannot have')).toBeVisible();
  await expect(page.getByLabel(`Promo code for ${ana.name}`)).toHaveValue('ana 10!');
  await expect(page.getByRole('checkbox', { name: ana.name })).toBeChecked();
  await expect(page.getByLabel('Discount the codes give')).toHaveValue('10 % off');

  const code = `ANA${tag}`.toUpperCase().slice(0, 20);
  await page.getByLabel(`Promo code for ${ana.name}`).fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Generate Links' }).click();
  await expect(page.getByText('2 new links generated')).toBeVisible();

  await page.goto(`${offerUrl}/promo-codes`);
  const table = page.getByRole('table', { name: `Promo codes of Codes ${tag}` });
  await expect(table.getByRole('row').filter({ hasText: ana.name })).toContainText(code);
  await expect(table.getByRole('row').filter({ hasText: ben.name })).toContainText(/BEN\d{2}/);
  // Deactivate Ben's code: it moves to the history.
  await table
    .getByRole('row')
    .filter({ hasText: ben.name })
    .getByRole('button', { name: /^Deactivate/ })
    .click();
  await expect(page.getByText('The code was deactivated.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Deactivated codes (history)' })).toContainText(
    ben.name,
  );
});
