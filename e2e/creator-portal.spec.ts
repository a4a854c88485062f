import { expect, test, uniqueEmail } from './fixtures';
import { createOffer } from './brand-flows';
import { addMemberAndEmail, phone, signInUrlOf } from './creator-flows';

test('a creator signs in from the emailed link on a phone, builds a labelled deep link, and bad input changes nothing', async ({
  page,
  brand,
  browser,
  baseURL,
}, testInfo) => {
  const tag = Date.now().toString(36);
  const offerName = `Glow Serum ${tag}`;
  const offerUrl = await createOffer(page, {
    name: offerName,
    url: 'https://shop.example.com/serum',
    deepLinks: true,
    domain: 'blog.example.com',
  });
  const email = uniqueEmail('maya');
  const { link, text } = await addMemberAndEmail(page, offerUrl, { name: 'Maya Lopez', email });

  // The email comes from the brand as the creator knows it, names the offer, reads well as text.
  await expect(page.getByText(`"${brand.brandName}" <`)).toBeVisible();
  await expect(page.getByText(`Your tracking link for ${offerName}`).first()).toBeVisible();
  expect(text).toContain('Hi Maya Lopez,');
  expect(text).not.toContain('HI MAYA');
  expect(text).not.toContain('Internal only');

  const creator = await phone(browser, baseURL!);
  const mobile = await creator.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await expect(mobile.getByRole('heading', { name: 'Hi Maya Lopez' })).toBeVisible();
  await expect(mobile.getByText(link, { exact: true })).toBeVisible();
  await mobile.screenshot({ path: testInfo.outputPath('phone-dashboard.png'), fullPage: true });

  // The offer: her link, copy, QR code.
  await mobile.getByRole('link', { name: offerName, exact: true }).click();
  await expect(mobile.getByRole('heading', { level: 1, name: offerName })).toBeVisible();
  await expect(mobile.getByText('Internal only')).toHaveCount(0);
  const main = mobile.getByRole('listitem', { name: 'Link: Main link' });
  await main.getByRole('button', { name: /^Copy Main link/ }).click();
  await expect(main.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await mobile.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // A <details> (it opens without JavaScript too): its summary reads "QR code".
  await main.getByText('QR code', { exact: true }).click();
  await expect(main.getByRole('img', { name: 'QR code for Main link' })).toBeVisible();
  const png = await mobile.request.get(
    (await main.getByRole('link', { name: /Download PNG/ }).getAttribute('href'))!,
  );
  expect(png.headers()['content-type']).toBe('image/png');

  // Bad input: a clear message each, nothing created, what was typed kept.
  const builder = mobile.getByRole('region', { name: 'Build a deep link' });
  const pageField = builder.getByLabel('Page address');
  const labelField = builder.getByLabel('Label');
  const create = builder.getByRole('button', { name: 'Create link' });
  const refusals: [string, string, string][] = [
    [
      'https://evil.example/serum',
      'TikTok',
      'Deep links must point to shop.example.com, blog.example.com (or a subdomain).',
    ],
    [
      'javascript:alert(1)',
      'TikTok',
      'A deep link must be a full address starting with https:// or http://.',
    ],
    [
      `https://shop.example.com/${'a'.repeat(5000)}`,
      'TikTok',
      'A deep link is at most 2,000 characters.',
    ],
    ['https://shop.example.com/night-cream', '', 'Give the link a label, like “Instagram bio”.'],
  ];
  for (const [url, label, message] of refusals) {
    await pageField.fill(url);
    await labelField.fill(label);
    await create.click();
    await expect(builder.getByRole('alert')).toHaveText(message);
    await expect(pageField).toHaveValue(url);
    await expect(labelField).toHaveValue(label);
  }
  await expect(mobile.getByRole('listitem', { name: /^Link: / })).toHaveCount(1);
  await mobile.screenshot({
    path: testInfo.outputPath('phone-builder-refused.png'),
    fullPage: true,
  });

  // A labelled deep link, at once, with copy and QR.
  await pageField.fill('https://blog.example.com/night-cream-review');
  await labelField.fill('Instagram bio');
  await create.click();
  await expect(mobile.getByRole('status')).toContainText('Your new link “Instagram bio” is ready');
  const bio = mobile.getByRole('listitem', { name: 'Link: Instagram bio' });
  await expect(bio).toContainText('Opens https://blog.example.com/night-cream-review');
  const bioUrl = (await bio.getByTestId('link-url').textContent())!.trim();
  expect(bioUrl).toMatch(/\/l\/[A-Za-z0-9_-]{12}$/);
  expect(bioUrl).not.toBe(link);
  await expect(bio.getByRole('button', { name: /^Copy Instagram bio/ })).toBeVisible();
  await mobile.screenshot({ path: testInfo.outputPath('phone-new-link.png'), fullPage: true });

  // The shopper's click on it lands on the page she chose.
  const response = await mobile.request.get(new URL(bioUrl).pathname, {
    maxRedirects: 0,
    headers: {
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
    },
  });
  expect(response.status()).toBe(302);
  expect(response.headers()['location']).toMatch(
    /^https:\/\/blog\.example\.com\/night-cream-review\?transaction_id=[0-9a-f-]{36}$/,
  );

  // Another creator's link id in the URL: a clear "not found", nothing else.
  const otherLink = await mobile.goto(
    `${new URL(mobile.url()).pathname.replace(/\/offers\/.*$/, '')}/links/00000000-0000-4000-8000-000000000000/qr/png`,
  );
  expect(otherLink?.status()).toBe(404);

  // The sign-in link was used: opening it again offers a new link, and no session.
  await creator.clearCookies();
  await mobile.goto(signInUrlOf(text));
  await expect(
    mobile.getByRole('heading', { name: 'This sign-in link has already been used.' }),
  ).toBeVisible();
  await mobile.getByLabel('Your email address').fill(email);
  await mobile.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(mobile.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await mobile.screenshot({ path: testInfo.outputPath('phone-new-link-sent.png'), fullPage: true });
  await mobile.goto(new URL(mobile.url()).origin + '/creator');
  await expect(mobile).toHaveURL(/\/creator\/sign-in$/);
  await creator.close();
});

test('where the offer does not allow deep links, the creator sees no builder', async ({
  page,
  brand,
  browser,
  baseURL,
}) => {
  expect(brand.email).toContain('@');
  const offerName = `No Deep ${Date.now().toString(36)}`;
  const offerUrl = await createOffer(page, {
    name: offerName,
    url: 'https://shop.example.com/x',
    deepLinks: false,
  });
  const { text } = await addMemberAndEmail(page, offerUrl, {
    name: 'Theo Park',
    email: uniqueEmail('theo'),
  });
  const creator = await phone(browser, baseURL!);
  const mobile = await creator.newPage();
  await mobile.goto(signInUrlOf(text));
  await mobile.getByRole('button', { name: 'Open my dashboard' }).click();
  await mobile.getByRole('link', { name: offerName, exact: true }).click();
  await expect(mobile.getByRole('heading', { level: 1, name: offerName })).toBeVisible();
  await expect(mobile.getByRole('region', { name: 'Build a deep link' })).toHaveCount(0);
  await expect(mobile.getByRole('button', { name: 'Create link' })).toHaveCount(0);
  await creator.close();
});
