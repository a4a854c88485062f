/** Webhook steps of the brand portal and a receiver on this machine, shared by the specs. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver answering 200 and keeping what it got. */
export async function startReceiver() {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/offerlink-hooks`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Adds an endpoint on the Webhooks page; returns the signing secret shown once. */
export async function addEndpoint(page: Page, url: string, events: string[]): Promise<string> {
  await page.goto('/brand/developers/webhooks');
  await page.getByLabel('Endpoint URL').fill(url);
  for (const event of events) {
    await page.getByLabel(new RegExp(`^${event.replace('.', '\\.')} `)).check();
  }
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByText('it is shown only once')).toBeVisible();
  const secret = await page.getByLabel('Signing secret').inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  return secret;
}

/** Opens the endpoint, sends a test event, and waits until the log shows it delivered. */
export async function sendTestEventAndSeeItLogged(page: Page, url: string) {
  await page.goto('/brand/developers/webhooks');
  await page.getByRole('link', { name: url }).click();
  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByRole('status')).toContainText('Test event queued');
  const row = page.getByRole('row').filter({ hasText: 'webhook.test' });
  await expect(async () => {
    await page.goto(page.url());
    await expect(row).toContainText('Delivered', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('#1: HTTP 200');
  await expect(row).toContainText('thanks');
  return ((await row.textContent()) ?? '').match(/msg_[0-9a-f]{32}/)![0];
}
