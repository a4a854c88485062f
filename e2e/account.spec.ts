import { Secret, TOTP } from 'otpauth';
import { e2eDatabase } from './database';
import { expect, signIn, test } from './fixtures';

/** The newest password reset link emailed to `email` (the outbox row; it is in no brand's outbox). */
async function resetLink(email: string): Promise<string> {
  const sql = e2eDatabase();
  try {
    let link = '';
    await expect
      .poll(
        async () => {
          const rows = await sql<{ text: string }[]>`
            select text from email_outbox where to_address = ${email} and kind = 'password_reset'
            order by created_at desc limit 1`;
          link = rows[0]?.text.match(/https?:\/\/\S+\/reset-password\/[a-z0-9]+/)?.[0] ?? '';
          return link;
        },
        { timeout: 30_000 },
      )
      .not.toBe('');
    return link;
  } finally {
    await sql.end();
  }
}

test('forgot password: email, new password, every old session ended, sign in with it', async ({
  page,
  brand,
  browser,
}) => {
  const other = await (await browser.newContext()).newPage();
  await other.goto('/sign-in');
  await other.getByRole('link', { name: 'Forgot your password?' }).click();
  // The sign-in page has an Email field too: fill the one of the page the link opened.
  await expect(other.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await other.getByLabel('Email').fill(brand.email);
  await other.getByRole('button', { name: 'Email me a link' }).click();
  await expect(other.getByRole('status')).toContainText(
    `If ${brand.email} has an Offerlink account, we sent it a link`,
  );

  const link = await resetLink(brand.email);
  await other.goto(link);
  await other.getByLabel('New password', { exact: true }).fill('qwertyuiop');
  await other.getByLabel('New password again').fill('qwertyuiop');
  await other.getByRole('button', { name: 'Save the new password' }).click();
  await expect(other.getByText('one of the most common ones')).toBeVisible();
  await other.getByLabel('New password', { exact: true }).fill('a-fresh-reset-password');
  await other.getByLabel('New password again').fill('a-fresh-reset-password');
  await other.getByRole('button', { name: 'Save the new password' }).click();
  await expect(other).toHaveURL(/\/sign-in\?passwordReset=1$/);
  await expect(other.getByRole('status')).toContainText('Your password is changed');

  // The session that was open before the reset is ended.
  await page.goto('/brand/offers');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);

  // The link works once.
  await other.goto(link);
  await expect(
    other.getByRole('heading', { name: 'This password reset link has already been used.' }),
  ).toBeVisible();

  await signIn(other, brand.email, brand.password);
  await expect(other.getByRole('alert')).toContainText('The email or password is incorrect.');
  await signIn(other, brand.email, 'a-fresh-reset-password');
  await expect(other).toHaveURL(/\/brand$/);
});

/** The authenticator app: the code for a secret, `stepsAhead` 30-second steps from now. */
function appCode(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

test('two-factor: enrol with the QR code, sign in with a code, then with a recovery code once', async ({
  page,
  brand,
}) => {
  await page.goto('/brand/account');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to scan with your authenticator app' }),
  ).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('6-digit code from your app').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByText('That code is not right.')).toBeVisible();
  // Kept: the sign-in below replays this very code (recomputing it could cross a 30-second step).
  const enrolmentCode = appCode(secret);
  await page.getByLabel('6-digit code from your app').fill(enrolmentCode);
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('status')).toContainText('Two-factor sign-in is on.');
  const codes = await page
    .getByRole('list', { name: 'Recovery codes' })
    .getByRole('listitem')
    .allTextContents();
  expect(codes).toHaveLength(10);
  // Shown once: not on the page any more.
  await page.goto('/brand/account');
  await expect(page.getByText(codes[0])).toHaveCount(0);
  await expect(page.getByText('10 recovery codes left.')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, brand.email, brand.password);
  await expect(page).toHaveURL(/\/two-factor$/);
  // The enrolment's code cannot be replayed; the app's next code can.
  await page.getByLabel('Code').fill(enrolmentCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('was used already');
  await page.getByLabel('Code').fill(appCode(secret, 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/brand$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, brand.email, brand.password);
  await page.getByLabel('Code').fill(codes[0]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/brand$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, brand.email, brand.password);
  await page.getByLabel('Code').fill(codes[0]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('was used already');
  await expect(page).toHaveURL(/\/two-factor$/);
});
