import { expect, signIn, test } from './fixtures';

/**
 * A creator's tracking link, through the full production server (fast path in front of Express
 * and Remix): the link the brand copies from its offer page answers a 302 to the offer page with
 * UTM and the click id, and sets the click id cookie for the pixel; an unknown code shows the
 * friendly page in the browser. (The redirect is not followed by the browser: the shop's host
 * does not resolve here, and Playwright cannot stand in for the target of a redirect.)
 */
test('a tracking link redirects with UTM and the click id; an unknown one shows a friendly page', async ({
  page,
}) => {
  await signIn(page, 'demo@offerlink.local', 'offerlink-demo');
  await page.getByRole('link', { name: 'Black Friday Cyber Monday Sale' }).click();
  const mayaRow = page.getByRole('row').filter({ hasText: 'Maya Lopez' }).first();
  const linkUrl = (await mayaRow.getByTestId('link-url').textContent())!.trim();
  expect(linkUrl).toMatch(/\/l\/[A-Za-z0-9_-]{12}$/);

  // The page shows the public URL (localhost); the test reaches the server by its address.
  const response = await page.request.get(new URL(linkUrl).pathname, {
    maxRedirects: 0,
    headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile' },
  });
  expect(response.status()).toBe(302);
  expect(response.headers()['cache-control']).toBe('no-store');
  const location = new URL(response.headers()['location']);
  expect(location.host).toBe('shop.example.com');
  expect(location.searchParams.get('utm_source')).toBeTruthy();
  const clickId = location.searchParams.get('transaction_id');
  expect(clickId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(response.headers()['set-cookie']).toContain(`ol_click=${clickId}`);

  const missing = await page.goto('/l/NoSuchCode123');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This link isn’t working' })).toBeVisible();
});
