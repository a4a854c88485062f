/**
 * A merchant hears of promo codes (decision 061): an admin subscribes an endpoint to
 * `promo_code.created` and `promo_code.deactivated` on the Webhooks page, gives a member a code on
 * the offer's Promo codes tab and deactivates it; the receiver gets both events in that order,
 * verified with the `standardwebhooks` package.
 */
import { Webhook } from 'standardwebhooks';
import { addMember, createOffer, generateLinks } from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';
import { addEndpoint, startReceiver } from './webhook-flows';

test('giving and deactivating a code on the Promo codes tab sends promo_code.created then promo_code.deactivated', async ({
  page,
  brand,
}) => {
  test.setTimeout(120_000);
  void brand;
  const receiver = await startReceiver();
  try {
    const secret = await addEndpoint(page, receiver.url, [
      'promo_code.created',
      'promo_code.deactivated',
    ]);
    const tag = Date.now().toString(36);
    const offerName = `Hooked Serum ${tag}`;
    const offerUrl = await createOffer(page, { name: offerName });
    const lena = { name: `Lena ${tag}`, email: uniqueEmail('lena') };
    await addMember(page, lena);
    await generateLinks(page, offerUrl, [lena.name]);
    const code = `LENA${tag}`.toUpperCase().slice(0, 20);

    await page.goto(`${offerUrl}/promo-codes`);
    await page.getByLabel(`New promo code for ${lena.name}`).fill(code.toLowerCase());
    await page.getByRole('button', { name: `Give code for ${lena.name}` }).click();
    await expect(page.getByRole('status')).toContainText(`The code is now ${code}.`);
    await page.getByRole('button', { name: `Deactivate ${code}` }).click();
    await expect(page.getByRole('status')).toContainText('The code was deactivated.');

    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    const events = receiver.received.map(
      (r) =>
        new Webhook(secret).verify(r.body, {
          'webhook-id': String(r.headers['webhook-id']),
          'webhook-timestamp': String(r.headers['webhook-timestamp']),
          'webhook-signature': String(r.headers['webhook-signature']),
        }) as { type: string; data: Record<string, unknown> },
    );
    expect(events.map((e) => [e.type, e.data.code, e.data.status])).toEqual([
      ['promo_code.created', code, 'active'],
      ['promo_code.deactivated', code, 'deactivated'],
    ]);
    expect(events[0].data.id).toBe(events[1].data.id);
  } finally {
    await receiver.stop();
  }
});
