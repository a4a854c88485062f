/**
 * Webhook endpoints over the REST API, over real HTTP, by the client that knows only the OpenAPI
 * document: add an endpoint at a receiver on this machine (the secret once), send a test event,
 * follow it in the delivery log, verify it with `standardwebhooks`; rotate the secret and verify
 * the next one with either; the endpoint read back never shows a secret.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { e2eDatabase } from './database';
import { expect, test } from './fixtures';
import { openApiClient, type OpenApiClient } from './openapi-client';
import { startReceiver, type ReceivedWebhook } from './webhook-flows';

function verify(secret: string, r: ReceivedWebhook) {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { type: string };
}

/** Sends a test event and waits for the log to say it was delivered; returns its webhook-id. */
async function testEventDelivered(api: OpenApiClient, endpointId: string) {
  const sent = await api.call('sendWebhookTestEvent', {
    params: { endpointId },
    idempotencyKey: randomUUID(),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  await expect
    .poll(
      async () => {
        const log = await api.call('listWebhookDeliveries', { params: { endpointId } });
        return log.body.data?.find((d) => d.id === sent.body.id)?.status;
      },
      { timeout: 30_000 },
    )
    .toBe('succeeded');
  return String(sent.body.webhook_id);
}

test('an integration adds an endpoint over the API, gets a verified test event, rotates the secret; the admin sees it on the Webhooks page', async ({
  page,
  brand,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  const sql = e2eDatabase();
  try {
    const [b] = await sql<{ id: string }[]>`select id from brands where name = ${brand.brandName}`;
    const secret = `olk_live_${randomBytes(32).toString('base64url')}`;
    await sql`
      insert into api_keys (brand_id, name, prefix, secret_hash, scopes)
      values (${b.id}, 'Hooks', ${secret.slice(0, 16)},
              ${createHash('sha256').update(secret).digest('hex')}, ${['webhooks:write']})`;
    const api = await openApiClient(baseURL!, secret);

    const made = await api.call('createWebhookEndpoint', {
      body: { url: receiver.url, events: ['member.created'], description: 'E2E' },
      idempotencyKey: randomUUID(),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const endpointId = String(made.body.id);
    const first = String(made.body.secret);
    expect(first).toMatch(/^whsec_/);

    const webhookId = await testEventDelivered(api, endpointId);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([webhookId]);
    expect(verify(first, receiver.received[0]).type).toBe('webhook.test');

    const rotated = await api.call('rotateWebhookEndpointSecret', {
      params: { endpointId },
      idempotencyKey: randomUUID(),
    });
    expect(rotated.status).toBe(200);
    const second = String(rotated.body.secret);
    await testEventDelivered(api, endpointId);
    expect(verify(first, receiver.received[1]).type).toBe('webhook.test');
    expect(verify(second, receiver.received[1]).type).toBe('webhook.test');

    const read = await api.call('getWebhookEndpoint', { params: { endpointId } });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toMatch(/whsec_/);

    // The brand's admin finds it on the Webhooks page: who added it, and its two test events.
    await page.goto('/brand/developers/webhooks');
    await page.getByRole('link', { name: receiver.url }).click();
    await expect(page.getByText('Enabled · 1 event type · added by API key “Hooks”')).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'webhook.test' })).toHaveCount(2);
  } finally {
    await receiver.stop();
    await sql.end();
  }
});
