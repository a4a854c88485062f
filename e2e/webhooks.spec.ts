/**
 * An admin adds a webhook endpoint, sees its secret once, sends a test event to a receiver on
 * this machine, and sees the delivery in the log; the receiver verifies it with the
 * `standardwebhooks` package.
 */
import { Webhook } from 'standardwebhooks';
import { expect, test } from './fixtures';
import { addEndpoint, sendTestEventAndSeeItLogged, startReceiver } from './webhook-flows';

test('an admin adds an endpoint, sees the secret once, sends a test event and sees it in the log', async ({
  page,
  brand,
}) => {
  void brand;
  const receiver = await startReceiver();
  try {
    const secret = await addEndpoint(page, receiver.url, ['conversion.created', 'member.created']);
    // Once: the page opened again does not show it.
    await page.goto('/brand/developers/webhooks');
    await expect(page.getByLabel('Signing secret')).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: receiver.url })).toContainText(
      'conversion.created, member.created',
    );

    const webhookId = await sendTestEventAndSeeItLogged(page, receiver.url);
    const [request] = receiver.received;
    expect(request.headers['webhook-id']).toBe(webhookId);
    const event = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(event).toMatchObject({ id: webhookId, type: 'webhook.test' });

    // Resend: the same webhook-id again, a second attempt in the log.
    const row = page.getByRole('row').filter({ hasText: webhookId });
    await row.getByRole('button', { name: /^Resend/ }).click();
    await expect(async () => {
      await page.goto(page.url());
      await expect(row).toContainText('#2: HTTP 200', { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([webhookId, webhookId]);
  } finally {
    await receiver.stop();
  }
});
