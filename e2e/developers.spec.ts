/**
 * An admin creates an API key on the Developers page, sees its secret once, calls the API with
 * it, and revokes it: the next request is refused. The API reference, opened from the Developers
 * page, lists the resources and each operation's curl example; the copied examples work as they
 * are against the running server with a real key.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { e2eDatabase } from './database';
import { expect, test } from './fixtures';

const run = promisify(execFile);

test('an admin creates a read-only API key, uses it, and revokes it', async ({ page, brand }) => {
  void brand;
  await page.goto('/brand');
  await page.getByRole('link', { name: 'Developers' }).first().click();
  await expect(page.getByRole('heading', { name: 'New API key' })).toBeVisible();

  await page.getByLabel('Key name').fill('Warehouse export');
  await page.getByLabel('Offers: read').check();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const secret = (await page.getByText(/^olk_live_\w+$/).textContent())!.trim();
  expect(secret).toMatch(/^olk_live_/);
  await expect(page.getByRole('button', { name: 'Copy the key' })).toBeVisible();

  const auth = { authorization: `Bearer ${secret}` };
  const list = await page.request.get('/api/v1/offers', { headers: auth });
  expect(list.status()).toBe(200);
  expect((await list.json()).object).toBe('list');
  expect(list.headers()['ratelimit-policy']).toBeTruthy();

  // Read only: a write is refused, and says why.
  const write = await page.request.post('/api/v1/members', {
    headers: { ...auth, 'content-type': 'application/json' },
    data: { name: 'Nope', email: 'nope@example.com' },
  });
  expect(write.status()).toBe(403);
  expect(write.headers()['content-type']).toContain('application/problem+json');

  // Shown once: the page opened again lists the key by its prefix, not the secret.
  await page.goto('/brand/developers');
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: 'Warehouse export' });
  await expect(row).toContainText('Offers: read');

  await row.getByText('Revoke…').click();
  await row.getByRole('button', { name: 'Revoke “Warehouse export”' }).click();
  await expect(page.getByRole('status')).toContainText('Revoked “Warehouse export”');
  const after = await page.request.get('/api/v1/offers', { headers: auth });
  expect(after.status()).toBe(401);
});

test('the API reference’s copied curl examples work against the server with a real key', async ({
  page,
  brand,
  context,
  baseURL,
}) => {
  void brand;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/brand');
  await page.getByRole('link', { name: 'Developers' }).first().click();
  await page.getByLabel('Key name').fill('Reference check');
  await page.getByLabel('Offers: read').check();
  await page.getByLabel('Members: read').check();
  await page.getByLabel('Members: write').check();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const secret = (await page.getByText(/^olk_live_\w+$/).textContent())!.trim();

  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
  const sections = page.getByRole('navigation', { name: 'API sections' });
  for (const resource of ['Conversions', 'Links', 'Members', 'Offers', 'Projects', 'Statements']) {
    await expect(sections.getByRole('link', { name: resource, exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: resource })).toBeVisible();
  }
  await sections.getByRole('link', { name: 'Members', exact: true }).click();
  await expect(page).toHaveURL(/#members$/);
  // Each operation: its method and path (read as two words), what it does, its answers.
  await expect(page.getByRole('heading', { name: 'GET /offers — List offers' })).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'POST /members — Create a member' }),
  ).toBeVisible();

  /** Copies an operation's curl example with its Copy button and returns what was copied. */
  const copy = async (operation: string) => {
    const button = page.getByRole('button', { name: `Copy curl: ${operation}`, exact: true });
    const copiedButton = page.getByRole('button', { name: 'Copied', exact: true });
    // A copy a moment ago says "Copied" for two seconds: one at a time.
    await expect(copiedButton).toHaveCount(0);
    await button.click();
    // The button says so (its name is "Copied" for a moment).
    await expect(copiedButton).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // What was copied is what the page shows.
    await expect(page.getByText(copied, { exact: true })).toBeVisible();
    return copied;
  };
  /** Runs a copied example in a shell, as a developer would, with their key in the environment. */
  const shell = async (command: string) => {
    const { stdout, stderr } = await run('bash', ['-c', `${command} --silent --show-error`], {
      env: { ...process.env, OFFERLINK_API_KEY: secret },
    });
    // Nothing in the example fails on the way (a command this machine lacks, say).
    expect(stderr).toBe('');
    return JSON.parse(stdout);
  };

  const list = await copy('GET /offers');
  expect(list).toContain(`${baseURL}/api/v1/offers`);
  expect(list).toContain('Authorization: Bearer $OFFERLINK_API_KEY');
  expect(await shell(list)).toMatchObject({ object: 'list' });

  // A write: the example body creates the member it shows.
  const create = await copy('POST /members');
  expect(await shell(create)).toMatchObject({
    object: 'member',
    name: 'Maya Glows',
    email: 'maya@example.com',
  });
  // Its Idempotency-Key reached the server: a fresh key, stored for the API key.
  expect(create).toContain('Idempotency-Key');
  const sql = e2eDatabase();
  try {
    const keys = await sql<{ key: string }[]>`
      select i.key from api_idempotency_keys i join api_keys k on k.id = i.api_key_id
       where ${secret} like k.prefix || '%'`;
    expect(keys).toHaveLength(1);
    expect(keys[0].key).toMatch(/^[0-9a-f]{32}$/);
  } finally {
    await sql.end();
  }
  await page.goto('/brand/members');
  await expect(page.getByRole('row').filter({ hasText: 'maya@example.com' })).toContainText(
    'Maya Glows',
  );
});
