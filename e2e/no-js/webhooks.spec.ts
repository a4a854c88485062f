/** The webhook forms without JavaScript (decision 035): add an endpoint, send a test event. */
import { Webhook } from 'standardwebhooks';
import { expect, test } from '../fixtures';
import { addEndpoint, sendTestEventAndSeeItLogged, startReceiver } from '../webhook-flows';

test('without JavaScript an admin adds an endpoint and sends a test event', async ({
  page,
  brand,
}) => {
  void brand;
  const receiver = await startReceiver();
  try {
    const secret = await addEndpoint(page, receiver.url, ['link.created']);
    const webhookId = await sendTestEventAndSeeItLogged(page, receiver.url);
    const [request] = receiver.received;
    expect(
      new Webhook(secret).verify(request.body, {
        'webhook-id': webhookId,
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }),
    ).toMatchObject({ type: 'webhook.test' });
  } finally {
    await receiver.stop();
  }
});
