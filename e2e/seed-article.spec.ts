import { expect, test } from './fixtures';

/**
 * The help-centre article the product was born from, end to end, for a brand starting from zero:
 * members and projects, an offer with two payout options, dynamic UTM, deep links with an
 * additional domain and an end date; Add Members filtered by project, one member on the second
 * payout option with a deep link; Generate Links; Email Members; the emails in the outbox.
 */
test('a new brand follows the seed article: offer, Add Members, Generate Links, Email Members', async ({
  page,
  brand,
}) => {
  expect(brand.email).toContain('@');
  const tag = Date.now().toString(36);

  // Members and projects, from a CSV paste.
  await page.goto('/brand/members/import');
  await page
    .getByLabel('Or paste the CSV')
    .fill(
      'name,email,instagram,tiktok,projects\n' +
        `Maya Lopez,maya-${tag}@example.com,maya.glows,mayaglows,Spring Launch\n` +
        `Theo Park,theo-${tag}@example.com,theopark,,Spring Launch\n` +
        `Lina Haddad,lina-${tag}@example.com,linahaddad,,Ambassadors\n`,
    );
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('button', { name: 'Import 3 members' }).click();
  await expect(page.getByRole('status')).toHaveText('Imported 3 members.');

  // The offer (seed steps 1–3).
  await page.goto('/brand/offers/new');
  const offerName = `Black Friday ${tag}`;
  await page.getByLabel('Offer name').fill(offerName);
  await page.getByLabel('Description').fill('Internal only: 20% margin');
  await page.getByLabel('Offer URL').fill('https://shop.example.com/bf');
  await page.getByLabel('Title (option 1)').fill('Standard 10%');
  await page.getByLabel('Percent of sale').fill('10');
  await page.getByRole('button', { name: 'Add payout option' }).click();
  await page.getByLabel('Title (option 2)').fill('VIP flat');
  await page.locator('select[name="payouts.1.type"]').selectOption('cpa_flat');
  await page.getByLabel('Amount (USD)').fill('15.00');
  await page.getByRole('textbox', { name: 'utm_source', exact: true }).fill('offerlink');
  await page.getByRole('textbox', { name: 'utm_campaign', exact: true }).fill('{project_name}');
  await page
    .getByRole('textbox', { name: 'utm_content', exact: true })
    .fill('{creator_ig_username}');
  await page.getByLabel('Allow creators to build deep links').check();
  await page.getByRole('button', { name: 'Add domain' }).click();
  await page.getByLabel('Additional domain 1').fill('blog.example.com');
  await page.getByLabel('End date').fill('2031-11-30T23:59');
  await page.getByRole('button', { name: 'Create offer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: offerName })).toBeVisible();
  const offerUrl = page.url();

  // Add Members, filtered by project; Theo gets the second payout option and a deep link on the
  // additional domain.
  await page.getByRole('link', { name: 'Add members', exact: true }).first().click();
  await page.getByLabel('Project').selectOption({ label: 'Spring Launch' });
  await expect(page.getByRole('checkbox', { name: 'Lina Haddad' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select all 2 listed members' }).check();
  await page.getByLabel('Payout option for Theo Park').selectOption({ label: 'VIP flat' });
  await page.getByLabel('Deep link for Theo Park').fill('https://blog.example.com/gift-guide');
  await page.getByRole('button', { name: 'Generate Links' }).click();

  // Maya's main link; Theo's main link and deep link, both on the VIP option.
  await expect(page.getByText('3 new links generated')).toBeVisible();
  const mayaRow = page.getByRole('row').filter({ hasText: 'Maya Lopez' });
  const theoRows = page.getByRole('row').filter({ hasText: 'Theo Park' });
  await expect(mayaRow).toHaveCount(1);
  await expect(mayaRow).toContainText('Standard 10%');
  await expect(theoRows).toHaveCount(2);
  await expect(theoRows.filter({ hasText: 'VIP flat' })).toHaveCount(2);
  await expect(
    theoRows.filter({ hasText: 'Deep link: https://blog.example.com/gift-guide' }),
  ).toHaveCount(1);
  const mayaUrl = (await mayaRow.getByTestId('link-url').textContent())!.trim();
  const theoUrls = await theoRows.getByTestId('link-url').allTextContents();

  // The links work: Maya's redirects to the offer URL with her UTM values and a click id.
  const response = await page.request.get(new URL(mayaUrl).pathname, {
    maxRedirects: 0,
    headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15' },
  });
  expect(response.status()).toBe(302);
  const location = new URL(response.headers()['location']);
  expect(`${location.origin}${location.pathname}`).toBe('https://shop.example.com/bf');
  expect(location.searchParams.get('utm_source')).toBe('offerlink');
  expect(location.searchParams.get('utm_campaign')).toBe('Spring Launch');
  expect(location.searchParams.get('utm_content')).toBe('maya.glows');
  expect(location.searchParams.get('transaction_id')).toMatch(/^[0-9a-f-]{36}$/);

  // Email Members: every link of the offer.
  await page.goto(offerUrl);
  await page.getByRole('button', { name: /^Email all/ }).click();
  await expect(page.getByText('3 emails queued')).toBeVisible();

  // The outbox: one email per link, with the right link, the offer name, never the description.
  await page.goto('/brand/outbox');
  const rows = page.getByRole('row').filter({ hasText: offerName });
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(3, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const expected = new Map([
    [`maya-${tag}@example.com`, [mayaUrl]],
    [`theo-${tag}@example.com`, theoUrls],
  ]);
  const seen: string[] = [];
  for (const [email, urls] of expected) {
    const emailRows = page.getByRole('row').filter({ hasText: email });
    for (let i = 0; i < urls.length; i++) {
      await page.goto('/brand/outbox');
      await emailRows.nth(i).getByRole('link').click();
      const text = (await page.getByTestId('email-text').textContent()) ?? '';
      // The text part wraps at 78 characters, which may break the offer's name across lines.
      expect(text.replace(/\s+/g, ' ')).toContain(offerName);
      expect(text).not.toContain('Internal only');
      expect(text).toContain('/creator/sign-in/');
      const url = urls.find((u) => text.includes(u));
      expect(url, `an email to ${email} carries one of its links`).toBeTruthy();
      seen.push(url!);
    }
  }
  expect(new Set(seen).size).toBe(3);
});
