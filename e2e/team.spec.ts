import type { Browser, Page } from '@playwright/test';
import { addMember, createOffer } from './brand-flows';
import { expect, signUpBrand, test, uniqueEmail } from './fixtures';

/** The invitation link in the newest invitation email to `email`, read from the brand's outbox. */
async function invitationLinkFromOutbox(page: Page, email: string): Promise<string> {
  await page.goto('/brand/outbox');
  const rows = page.getByRole('row').filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await rows.getByRole('link').click();
  const text = (await page.getByTestId('email-text').textContent()) ?? '';
  return text.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)![0];
}

async function invite(page: Page, email: string, role: 'Admin' | 'Manager' | 'Viewer') {
  await page.goto('/brand/team');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${email}`);
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test('the owner invites an admin and a viewer; the viewer is refused every change; the admin removes the viewer and switches brands', async ({
  page,
  brand,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const id = Date.now().toString(36);
  const offerName = `Team Parka ${id}`;
  const offerUrl = await createOffer(page, { name: offerName });
  await addMember(page, { name: `Mia Member ${id}`, email: uniqueEmail('mia') });

  // The admin already has an account and a brand of their own (an agency).
  const adminPage = await newPage(browser);
  const admin = await signUpBrand(adminPage, { brandName: `Agency ${id}`, name: 'Ada Admin' });
  await createOffer(adminPage, { name: `Agency Tent ${id}` });
  const viewerEmail = uniqueEmail('viewer');

  await invite(page, admin.email, 'Admin');
  await invite(page, viewerEmail, 'Viewer');
  await expect(page.getByRole('row').filter({ hasText: viewerEmail })).toContainText('Viewer');

  // The admin accepts while signed in: the brand is added to their account.
  const adminLink = await invitationLinkFromOutbox(page, admin.email);
  await adminPage.goto(adminLink);
  await adminPage.getByRole('button', { name: `Join ${brand.brandName}` }).click();
  await expect(adminPage).toHaveURL(/\/brand$/);

  // The viewer has no account: accepting creates it.
  const viewerLink = await invitationLinkFromOutbox(page, viewerEmail);
  const viewerPage = await newPage(browser);
  await viewerPage.goto(viewerLink);
  await expect(viewerPage.getByRole('heading', { name: `Join ${brand.brandName}` })).toBeVisible();
  await viewerPage.getByLabel('Your name').fill('Vic Viewer');
  await viewerPage.getByLabel('Choose a password').fill('short');
  await viewerPage.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(viewerPage.getByText('Use at least 10 characters.')).toBeVisible();
  await viewerPage.getByLabel('Choose a password').fill('vic-viewer-password');
  await viewerPage.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(viewerPage).toHaveURL(/\/brand$/);
  // The link was used: opening it again is a clear page.
  await viewerPage.goto(viewerLink);
  await expect(
    viewerPage.getByRole('heading', { name: 'This invitation has already been accepted.' }),
  ).toBeVisible();

  // The viewer reads: reports, offers, members.
  await viewerPage.goto('/brand/reports');
  await expect(viewerPage.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await expect(viewerPage.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  // …and every change is refused with the role it needs. An offer:
  await viewerPage.goto(offerUrl);
  await viewerPage.getByRole('button', { name: 'Pause offer' }).click();
  await expect(
    viewerPage.getByText('Only a manager, an admin or the owner can change offers.'),
  ).toBeVisible();
  await viewerPage.goto(offerUrl);
  await expect(viewerPage.getByRole('button', { name: 'Pause offer' })).toBeVisible();

  // A member:
  await viewerPage.goto('/brand/members/new');
  await viewerPage.getByLabel('Name', { exact: true }).fill(`Nope Member ${id}`);
  await viewerPage.getByLabel('Email', { exact: true }).fill(uniqueEmail('nope'));
  await viewerPage.getByRole('button', { name: 'Add member' }).click();
  await expect(
    viewerPage.getByText('Only a manager, an admin or the owner can change members.'),
  ).toBeVisible();
  await viewerPage.goto('/brand/members');
  await expect(viewerPage.getByText(`Mia Member ${id}`)).toBeVisible();
  await expect(viewerPage.getByText(`Nope Member ${id}`)).toHaveCount(0);

  // A conversion (adding one by hand):
  const addConversion = await viewerPage.request.post('/brand/conversions/new', {
    headers: { Origin: baseURL! },
    form: { linkId: '00000000-0000-4000-8000-000000000000', amount: '10.00', currency: 'USD' },
    maxRedirects: 0,
  });
  expect(addConversion.status()).toBe(403);
  expect(await addConversion.text()).toContain(
    'Only a manager, an admin or the owner can add, approve, reject or reverse conversions.',
  );

  // A payout: updating the payouts, and marking statements paid.
  await viewerPage.goto('/brand/payouts');
  await viewerPage.getByRole('button', { name: 'Run now' }).click();
  await expect(
    viewerPage.getByText('Only an admin or the owner can update the payouts.'),
  ).toBeVisible();
  const markPaid = await viewerPage.request.post('/brand/payouts?index', {
    headers: { Origin: baseURL! },
    form: {
      intent: 'mark-paid',
      balance: '00000000-0000-4000-8000-000000000000:USD',
      paidOn: '2026-01-02',
    },
    maxRedirects: 0,
  });
  expect(markPaid.status()).toBe(403);
  expect(await markPaid.text()).toContain('Only an admin or the owner can mark statements paid.');

  // The settings (and the postback token in them):
  await viewerPage.goto('/brand/settings');
  await expect(
    viewerPage.getByText(
      'Only an admin or the owner can see or change the brand settings and postback token.',
    ),
  ).toBeVisible();
  const rotate = await viewerPage.request.post('/brand/settings', {
    headers: { Origin: baseURL! },
    form: { intent: 'rotate-postback-token' },
    maxRedirects: 0,
  });
  expect(rotate.status()).toBe(403);

  // Nothing changed: the offer is still active, the owner's settings token is the same.
  await page.goto(offerUrl);
  await expect(page.getByRole('button', { name: 'Pause offer' })).toBeVisible();

  // The admin removes the viewer; the viewer's open session is refused at the next request.
  await adminPage.goto('/brand/team');
  await adminPage.getByRole('button', { name: 'Remove Vic Viewer' }).click();
  await expect(adminPage.getByRole('status')).toContainText('Vic Viewer is no longer on the team');
  await viewerPage.goto('/brand/reports');
  await expect(viewerPage).toHaveURL(/\/sign-in\?redirectTo=%2Fbrand%2Freports$/);

  // The admin is in two brands: the header switches between them, and each is seen apart.
  await adminPage.goto('/brand/offers');
  await expect(adminPage.getByRole('link', { name: offerName })).toBeVisible();
  await expect(adminPage.getByText(`Agency Tent ${id}`)).toHaveCount(0);
  await adminPage.getByLabel('Brand', { exact: true }).selectOption({ label: admin.brandName });
  await adminPage.getByRole('button', { name: 'Switch' }).click();
  await expect(adminPage).toHaveURL(/\/brand$/);
  await expect(adminPage.getByText('(Owner)')).toBeVisible();
  await adminPage.goto('/brand/offers');
  await expect(adminPage.getByRole('link', { name: `Agency Tent ${id}` })).toBeVisible();
  await expect(adminPage.getByText(offerName)).toHaveCount(0);
  await adminPage.getByLabel('Brand', { exact: true }).selectOption({ label: brand.brandName });
  await adminPage.getByRole('button', { name: 'Switch' }).click();
  await expect(adminPage).toHaveURL(/\/brand$/);
  await expect(adminPage.getByText('(Admin)')).toBeVisible();
  await adminPage.goto('/brand/offers');
  await expect(adminPage.getByRole('link', { name: offerName })).toBeVisible();
});

test('a person in several brands picks one after signing in', async ({ page, browser }) => {
  const first = await signUpBrand(page, { brandName: `First ${Date.now().toString(36)}` });
  // Another brand invites them as a manager.
  const otherPage = await newPage(browser);
  const other = await signUpBrand(otherPage, { brandName: `Second ${Date.now().toString(36)}` });
  await invite(otherPage, first.email, 'Manager');
  const link = await invitationLinkFromOutbox(otherPage, first.email);
  await page.goto(link);
  await page.getByRole('button', { name: `Join ${other.brandName}` }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByLabel('Email').fill(first.email);
  await page.getByLabel('Password').fill(first.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a brand' })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(other.brandName) }).click();
  await expect(page).toHaveURL(/\/brand$/);
  await expect(page.getByLabel('Brand', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByText('(Manager)')).toBeVisible();
});
