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

test('a form posted from another site gets a 403 page that says what happened and what to do', async ({
  page,
  baseURL,
}, testInfo) => {
  // Another site's page with a form aimed at the sign-in (served here by the test itself).
  await page.route('http://elsewhere.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${baseURL}/sign-in"><input name="email" value="demo@offerlink.local"><input name="password" value="offerlink-demo"><button>Send</button></form>`,
    }),
  );
  await page.goto('http://elsewhere.example/trap');
  const [response] = await Promise.all([
    page.waitForResponse(`${baseURL}/sign-in`),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  expect(response.status()).toBe(403);
  expect(response.headers()['content-type']).toMatch(/^text\/html/);
  await expect(page).toHaveTitle('Form not sent · Offerlink');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This form was not sent');
  await expect(page.getByText('Nothing was changed.')).toBeVisible();
  await expect(page.getByText('said the form came from http://elsewhere.example')).toBeVisible();
  await expect(page.getByText('Go back, reload the page and submit the form again.')).toBeVisible();
  await expect(page.getByText(/PUBLIC_URL, now http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();
  // In the app's look: its stylesheet is applied (centred, the brand colour on the status).
  await expect(page.getByRole('main')).toHaveCSS('text-align', 'center');
  await expect(page.getByText('403', { exact: true })).toHaveCSS('color', 'rgb(37, 83, 224)');
  // "Open the page again" stays on this site (another site's Referer is not followed).
  await expect(page.getByRole('link', { name: 'Open the page again' })).toHaveAttribute(
    'href',
    '/sign-in',
  );
  await page.screenshot({ path: testInfo.outputPath('cross-site-refused.png'), fullPage: true });
  // Not signed in.
  await page.goto('/brand');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
});

test('too many failed sign-ins answer 429 with Retry-After, counted by the address the balancer saw', async ({
  request,
  baseURL,
}) => {
  // The e2e server trusts one proxy hop (TRUST_PROXY=1): the right-most X-Forwarded-For entry is
  // the client; the ones to its left are whatever the client wrote, different every time here.
  const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const attempt = (i: number) =>
    request.post('/sign-in', {
      headers: { Origin: baseURL!, 'X-Forwarded-For': `203.0.113.${i}, ${client}` },
      form: { email: `nobody-${i}-${Date.now()}@example.com`, password: 'wrong password' },
      maxRedirects: 0,
    });
  for (let i = 0; i < 10; i++) expect((await attempt(i)).status()).toBe(400);
  const refused = await attempt(10);
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await refused.text()).toContain('Too many failed sign-in attempts');
});
