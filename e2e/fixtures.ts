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

/**
 * Content-Security-Policy violations of a page, from every frame and every page it loads: the
 * `securitypolicyviolation` events (reported even when the page swallows the error) and
 * Chromium's console errors. Call it before the page's first navigation.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__offerlinkCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __offerlinkCspViolation: (t: string) => void })
        .__offerlinkCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

/**
 * `brand`: a freshly signed-up brand, signed in. `cspViolations` (automatic): the page's CSP
 * violations so far; every test fails if any remain at its end, so every spec checks that the
 * pages pass the policy (a test that provokes one on purpose empties the list).
 */
export const test = base.extend<{ brand: BrandAccount; cspViolations: string[] }>({
  // Depends on cspViolations so the watch is in place before the sign-up page opens.
  brand: async ({ page, cspViolations }, use) => {
    void cspViolations;
    await use(await signUpBrand(page));
  },
  cspViolations: [
    async ({ page }, use) => {
      const violations = await watchCsp(page);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
