import { expect, test } from './fixtures';

declare global {
  interface Window {
    __injectedRan?: boolean;
  }
}

test('portal pages pass their Content-Security-Policy, hydrate and work', async ({
  page,
  brand,
  cspViolations,
}) => {
  expect(brand.email).toContain('@');

  // Every page: the headers, and no violation reported by the page itself.
  for (const path of [
    '/brand',
    '/brand/offers',
    '/brand/members',
    '/brand/projects',
    '/brand/settings',
    '/brand/outbox',
    '/brand/reports',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const headers = response!.headers();
    expect(headers['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['cache-control'], path).toBe('no-store');
    await expect(page.getByRole('navigation', { name: 'Brand portal' })).toBeVisible();
    expect(cspViolations, path).toEqual([]);
  }

  // Hydrated: the offer form's live destination preview is computed in the browser as you type.
  await page.goto('/brand/offers/new');
  await page.getByLabel('Offer URL').fill('https://shop.example.com/csp');
  await expect(page.getByTestId('utm-preview')).toContainText('https://shop.example.com/csp');
  // Client-side navigation works (Remix's router, loaded by the nonced scripts).
  await page
    .getByRole('navigation', { name: 'Brand portal' })
    .getByRole('link', { name: 'Members' })
    .click();
  await expect(page).toHaveURL(/\/brand\/members$/);
  expect(cspViolations).toEqual([]);

  // The policy is enforced: a script without the nonce does not run and is reported.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injectedRan = true;';
    document.body.append(script);
  });
  await expect.poll(() => cspViolations.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(await page.evaluate(() => window.__injectedRan)).toBeUndefined();
  cspViolations.length = 0; // provoked on purpose
});

test('the sign-in page passes its policy too, and signing in works with JavaScript', async ({
  page,
  cspViolations,
}) => {
  const response = await page.goto('/sign-in');
  expect(response!.headers()['content-security-policy']).toContain("default-src 'self'");
  await page.getByLabel('Email').fill('demo@offerlink.local');
  await page.getByLabel('Password').fill('offerlink-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/brand$/);
  expect(cspViolations).toEqual([]);
});

test('while PUBLIC_URL is a local address the brand portal says so', async ({ page, brand }) => {
  expect(brand.email).toContain('@');
  // The e2e server publishes http://127.0.0.1:<port>, which only this machine can open.
  const base = new URL(page.url()).origin;
  for (const path of ['/brand', '/brand/offers', '/brand/outbox']) {
    await page.goto(path);
    await expect(
      page
        .getByRole('complementary', { name: 'Setup warning' })
        .getByText(`Tracking links point to ${base}: set PUBLIC_URL`),
    ).toBeVisible();
  }
});
