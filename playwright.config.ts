import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

// No browser download is possible on our machines: use Debian's Chromium when it is installed,
// and Playwright's own browser elsewhere (`npx playwright install chromium`).
const systemChromium = '/usr/bin/chromium';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: existsSync(systemChromium) ? systemChromium : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // The JavaScript-free specs are the no-js project's.
      testIgnore: 'no-js/**',
      use: chromium,
    },
    {
      // Every form of both portals before hydration (or without JavaScript at all): decision 035.
      name: 'no-js',
      testMatch: 'no-js/**/*.spec.ts',
      use: { ...chromium, javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: 'npm run build && node --import tsx e2e/server.ts',
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGINT', timeout: 30_000 },
    env: { E2E_PORT: String(port) },
  },
});
