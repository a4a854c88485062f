import { expect, signIn, signUpBrand, test } from './fixtures';

test('a new brand signs up, signs out and signs in again', async ({ page }) => {
  const account = await signUpBrand(page);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.name}` })).toBeVisible();
  await expect(page.getByText('No offers yet')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/brand');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fbrand$/);

  await signIn(page, account.email, 'not the password');
  await expect(page.getByRole('alert')).toContainText('The email or password is incorrect.');

  await signIn(page, account.email.toUpperCase(), account.password);
  await expect(page).toHaveURL(/\/brand$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.name}` })).toBeVisible();
});

test('the demo brand signs in and sees the demo offer', async ({ page }) => {
  await signIn(page, 'demo@offerlink.local', 'offerlink-demo');
  await expect(page).toHaveURL(/\/brand$/);
  await expect(page.getByRole('link', { name: 'Black Friday Cyber Monday Sale' })).toBeVisible();
});

test('an empty sign-in form gets field messages', async ({ page }) => {
  await page.goto('/sign-in');
  // Creators have no password: the page tells them where their way in is.
  await expect(page.getByText('Open your dashboard from the sign-in link')).toBeVisible();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
});

test('a cross-site form post is refused by the Origin check', async ({ request }) => {
  const response = await request.post('/sign-in', {
    headers: { Origin: 'https://evil.example' },
    form: { email: 'demo@offerlink.local', password: 'offerlink-demo' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});
