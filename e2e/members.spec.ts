import { expect, signUpBrand, test, uniqueEmail } from './fixtures';

test('a brand adds, finds, edits and removes a member', async ({ page, brand }) => {
  expect(brand.email).toBeTruthy();
  await page
    .getByRole('navigation', { name: 'Brand portal' })
    .getByRole('link', { name: 'Members' })
    .click();
  await expect(page.getByRole('heading', { name: 'No members yet' })).toBeVisible();

  // A project first, so the member form can offer it.
  await page.goto('/brand/projects');
  await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
  await page.getByLabel('Project name').fill('Spring Launch');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('status')).toContainText('Created Spring Launch');
  await expect(
    page
      .getByRole('table', { name: 'Projects' })
      .getByRole('link', { name: 'Spring Launch', exact: true }),
  ).toBeVisible();
  await page.getByLabel('Project name').fill('spring launch');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('A project named “spring launch” already exists')).toBeVisible();

  await page.goto('/brand/members/new');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText('Enter the member’s name.')).toBeVisible();
  await expect(page.getByText('Enter the member’s email address.')).toBeVisible();

  const hostile = '<img src=x onerror=alert(1)> Maya';
  await page.getByLabel('Name', { exact: true }).fill(hostile);
  await page.getByLabel('Email', { exact: true }).fill('Maya@Example.com');
  await page.getByLabel('Instagram username').fill('@Maya.Glows');
  await page.getByLabel('TikTok username').fill('@mayaglows');
  await page.getByRole('checkbox', { name: 'Spring Launch' }).check();
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('heading', { level: 1, name: hostile })).toBeVisible();
  await expect(page.getByRole('link', { name: '@maya.glows' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Spring Launch' })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // The same email again is refused with a clear message, keeping what was typed.
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill('Someone Else');
  await page.getByLabel('Email', { exact: true }).fill('maya@example.com');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText('maya@example.com is already a member of your brand')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Someone Else');
  await page.getByLabel('Email', { exact: true }).fill('theo@example.com');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Someone Else' })).toBeVisible();

  // Search and project filter are in the URL, so a filtered list is linkable.
  await page.goto('/brand/members');
  await page.getByLabel('Search').fill('glows');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=glows/);
  await expect(page.getByRole('link', { name: hostile })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Someone Else' })).toHaveCount(0);
  await page.goto('/brand/members');
  await page.getByLabel('Project').selectOption({ label: 'In no project' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: 'Someone Else' })).toBeVisible();
  await expect(page.getByRole('link', { name: hostile })).toHaveCount(0);

  // Edit: put Someone Else in the project, fix a bad username.
  await page.getByRole('link', { name: 'Someone Else' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('TikTok username').fill('no spaces allowed');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('A TikTok username uses only letters')).toBeVisible();
  await page.getByLabel('TikTok username').fill('theo.park');
  await page.getByRole('checkbox', { name: 'Spring Launch' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('link', { name: '@theo.park' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Spring Launch' })).toBeVisible();

  // Delete (no links, conversions or statements), after confirming; cancelling keeps the member.
  await page.getByRole('button', { name: 'Delete member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Someone Else?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('They have no links, conversions or statements');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Delete member' }).click();
  await dialog.getByRole('button', { name: 'Delete member' }).click();
  await expect(page).toHaveURL(/\/brand\/members$/);
  await expect(page.getByRole('link', { name: 'Someone Else' })).toHaveCount(0);
  await expect(page.getByText('1 member', { exact: true })).toBeVisible();
});

test('a brand imports members from a CSV file, seeing bad rows by line first', async ({
  page,
  brand,
}) => {
  expect(brand.name).toBeTruthy();
  await page.goto('/brand/members');
  await page.getByRole('link', { name: 'Import from a CSV file' }).click();
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByText('Choose a CSV file or paste its contents.')).toBeVisible();

  const csv =
    '\uFEFFname,email,instagram,tiktok,projects\r\n' +
    '"Lopez, Maya",maya@example.com,@maya.glows,,Spring Launch;Ambassadors\r\n' +
    '\r\n' +
    ',nameless@example.com,,,\r\n' +
    'Theo Park,THEO@example.com,,theopark,Spring Launch\r\n' +
    'Theo Again,theo@example.com,,,\r\n' +
    'Broken,not-an-email,,,\r\n';
  await page.getByLabel('CSV file').setInputFiles({
    name: 'members.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByRole('heading', { name: 'Check before importing' })).toBeVisible();
  await expect(page.getByText('3 rows with problems will be skipped')).toBeVisible();
  await expect(page.getByText('New projects to create: Spring Launch, Ambassadors.')).toBeVisible();
  const bad = page.getByRole('table', { name: 'Rows with problems' });
  await expect(bad.getByRole('row', { name: /^4 .*Enter the member’s name\./ })).toBeVisible();
  await expect(bad.getByRole('row', { name: /^6 .*also on line 5/ })).toBeVisible();
  await expect(bad.getByRole('row', { name: /^7 .*valid email/ })).toBeVisible();
  const good = page.getByRole('table', { name: 'Members to import' });
  await expect(good.getByRole('row', { name: /Lopez, Maya/ })).toBeVisible();

  await page.getByRole('button', { name: 'Import 2 members' }).click();
  await expect(page).toHaveURL(/\/brand\/members\?imported=2&skipped=3$/);
  await expect(page.getByRole('status')).toHaveText('Imported 2 members. 3 rows were skipped.');
  await expect(page.getByRole('link', { name: 'Lopez, Maya' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Theo Park' })).toBeVisible();

  await page.goto('/brand/projects');
  await expect(page.getByRole('link', { name: '2 members in Spring Launch' })).toBeVisible();
  await expect(page.getByRole('link', { name: '1 member in Ambassadors' })).toBeVisible();

  // Importing the same file again finds nothing new to import.
  await page.goto('/brand/members/import');
  await page.getByLabel('Or paste the CSV').fill(csv.replace('\uFEFF', ''));
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByText('maya@example.com is already a member of your brand.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
});

test('a brand renames a project, assigns and unassigns members, then deletes it', async ({
  page,
  brand,
}) => {
  expect(brand.email).toBeTruthy();
  await page.goto('/brand/members/import');
  await page
    .getByLabel('Or paste the CSV')
    .fill(
      'name,email\nAna Souza,ana@example.com\nAnton Berg,anton@example.com\nZed,zed@example.com',
    );
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('button', { name: 'Import 3 members' }).click();
  await expect(page.getByRole('status')).toHaveText('Imported 3 members.');

  await page.goto('/brand/projects');
  await page.getByLabel('Project name').fill('Autumn');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page
    .getByRole('table', { name: 'Projects' })
    .getByRole('link', { name: 'Autumn', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'No members in this project yet' })).toBeVisible();

  await page.getByLabel('Project name').fill('Autumn Drop');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Autumn Drop' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Find members' }).fill('an');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('checkbox', { name: /Ana Souza/ }).check();
  await page.getByRole('checkbox', { name: /Anton Berg/ }).check();
  await page.getByRole('button', { name: 'Add selected' }).click();
  await expect(page.getByRole('status')).toHaveText('Added 2 members.');
  const members = page.getByRole('table', { name: 'Members of Autumn Drop' });
  await expect(members.getByRole('link', { name: 'Ana Souza' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove Ana Souza from Autumn Drop' }).click();
  await expect(page.getByRole('status')).toHaveText('Removed from the project.');
  await expect(members.getByRole('link', { name: 'Ana Souza' })).toHaveCount(0);
  await expect(members.getByRole('link', { name: 'Anton Berg' })).toBeVisible();

  // The members list filtered by the project (a shareable URL).
  await page.getByRole('link', { name: 'Open in members list' }).click();
  await expect(page).toHaveURL(/\/brand\/members\?project=/);
  await expect(page.getByText('1 member in Autumn Drop')).toBeVisible();

  await page.goBack();
  await page.getByRole('button', { name: 'Delete project' }).click();
  await page
    .getByRole('dialog', { name: 'Delete Autumn Drop?' })
    .getByRole('button', { name: 'Delete project' })
    .click();
  await expect(page).toHaveURL(/\/brand\/projects$/);
  await expect(page.getByRole('heading', { name: 'No projects yet' })).toBeVisible();
  await page.goto('/brand/members');
  await expect(page.getByText('3 members')).toBeVisible();
});

test('another brand’s member and project pages are not found', async ({ page, brand, browser }) => {
  expect(brand.email).toBeTruthy();
  await page.goto('/brand/members/new');
  await page.getByLabel('Name', { exact: true }).fill('Private Person');
  await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('private'));
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Private Person' })).toBeVisible();
  const memberUrl = new URL(page.url()).pathname;
  await page.goto('/brand/projects');
  await page.getByLabel('Project name').fill('Secret');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page
    .getByRole('table', { name: 'Projects' })
    .getByRole('link', { name: 'Secret', exact: true })
    .click();
  await expect(page).toHaveURL(/\/brand\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = new URL(page.url()).pathname;

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpBrand(otherPage);
  for (const path of [
    memberUrl,
    `${memberUrl}/edit`,
    projectUrl,
    `/brand/members?project=${projectUrl.split('/').pop()}`,
  ]) {
    const response = await otherPage.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(otherPage.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
  await expect(otherPage.getByText('Private Person')).toHaveCount(0);
  await other.close();
});
