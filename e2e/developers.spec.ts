/**
 * An admin creates an API key on the Developers page, sees its secret once, calls the API with
 * it, and revokes it: the next request is refused.
 */
import { expect, test } from './fixtures';

test('an admin creates a read-only API key, uses it, and revokes it', async ({ page, brand }) => {
  void brand;
  await page.goto('/brand');
  await page.getByRole('link', { name: 'Developers' }).first().click();
  await expect(page.getByRole('heading', { name: 'New API key' })).toBeVisible();

  await page.getByLabel('Key name').fill('Warehouse export');
  await page.getByLabel('Offers: read').check();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const secret = (await page.getByText(/^olk_live_\w+$/).textContent())!.trim();
  expect(secret).toMatch(/^olk_live_/);
  await expect(page.getByRole('button', { name: 'Copy the key' })).toBeVisible();

  const auth = { authorization: `Bearer ${secret}` };
  const list = await page.request.get('/api/v1/offers', { headers: auth });
  expect(list.status()).toBe(200);
  expect((await list.json()).object).toBe('list');
  expect(list.headers()['ratelimit-policy']).toBeTruthy();

  // Read only: a write is refused, and says why.
  const write = await page.request.post('/api/v1/members', {
    headers: { ...auth, 'content-type': 'application/json' },
    data: { name: 'Nope', email: 'nope@example.com' },
  });
  expect(write.status()).toBe(403);
  expect(write.headers()['content-type']).toContain('application/problem+json');

  // Shown once: the page opened again lists the key by its prefix, not the secret.
  await page.goto('/brand/developers');
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: 'Warehouse export' });
  await expect(row).toContainText('Offers: read');

  await row.getByText('Revoke…').click();
  await row.getByRole('button', { name: 'Revoke “Warehouse export”' }).click();
  await expect(page.getByRole('status')).toContainText('Revoked “Warehouse export”');
  const after = await page.request.get('/api/v1/offers', { headers: auth });
  expect(after.status()).toBe(401);
});
