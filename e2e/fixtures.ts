import { expect, test as base, type Page } from '@playwright/test';

let counter = 0;

/** A unique email for data a test creates, so tests never collide. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter++}@example.com`;
}

export interface BrandAccount {
  brandName: string;
  name: string;
  email: string;
  password: string;
}

/** Signs up a new brand through the UI and returns its credentials (the page stays signed in). */
export async function signUpBrand(page: Page, overrides: Partial<BrandAccount> = {}) {
  const account: BrandAccount = {
    brandName: `Brand ${Date.now().toString(36)}${counter++}`,
    name: 'Pat Tester',
    email: uniqueEmail('brand'),
    password: 'a-strong-test-password',
    ...overrides,
  };
  await page.goto('/sign-up');
  await page.getByLabel('Brand name').fill(account.brandName);
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/brand$/);
  return account;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A fixture giving each test a freshly signed-up brand, signed in. */
export const test = base.extend<{ brand: BrandAccount }>({
  brand: async ({ page }, use) => {
    await use(await signUpBrand(page));
  },
});

export { expect };
