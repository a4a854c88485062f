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
