import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  brands,
  connectorDeliveries,
  conversions,
  statementAdjustments,
  statements,
} from '../../db/schema';
import { startServer } from '../../server';
import {
  conversionSetup,
  conversionsOf,
  givePromoCode,
  insertClick,
  otherMemberWithLink,
  trackingServer,
} from '../../test/conversion-setup';
import {
  fixture,
  post,
  shopifyDelivery,
  stripeDelivery,
  wooDelivery,
  type Delivery,
} from '../../test/store-deliveries';
import { approveConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid } from '../payouts/payments.server';
import { generateClickId } from '../tracking/click-id.server';
import { balancesOf } from '../../test/payouts-fixtures';
import { createEndpoint } from '../webhooks/endpoints.server';
import { replayDelivery, saveConnector } from './connectors.server';

/**
 * The store connectors over real HTTP (the node:http entrance), with the stores' documented
 * example payloads signed the way each store signs them (test/fixtures/stores/).
 */
const endpoints = trackingServer(startServer);

const SHOPIFY_SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const WOO_SECRET = 'woo-secret-9f8e7d6c';
const STRIPE_SECRET = 'whsec_test_5b1e0c4f7a2d9e8b3c6f';

async function setup(
  kind: 'shopify' | 'woocommerce' | 'stripe',
  options: { includeShipping?: boolean; recurringMonths?: number } = {},
) {
  const s = await conversionSetup({ offer: { recurringMonths: options.recurringMonths ?? null } });
  const saved = await saveConnector(s.brand.id, s.offer.id, {
    kind,
    signingSecret:
      kind === 'shopify' ? SHOPIFY_SECRET : kind === 'woocommerce' ? WOO_SECRET : STRIPE_SECRET,
    includeShipping: options.includeShipping ? 'on' : undefined,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.fieldErrors));
  const url = `${endpoints.base}/connectors/${kind}/${saved.connector.token}`;
  const send = async (delivery: Delivery) => {
    const response = await post(url, delivery);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { ...s, connector: saved.connector, url, send };
}

const deliveriesOf = (brandId: string) =>
  db
    .select()
    .from(connectorDeliveries)
    .where(eq(connectorDeliveries.brandId, brandId))
    .orderBy(connectorDeliveries.receivedAt);

let orderSeq = 5_000_000_000;
test('Shopify ids longer than a double holds are kept exact', async () => {
  const { parseStoreJson } = await import('./deliveries.server');
  expect(
    parseStoreJson('{"id": 820982911946154508, "n": 1.5, "s": "a: 1234567890123456789"}'),
  ).toEqual({
    id: '820982911946154508',
    n: 1.5,
    s: 'a: 1234567890123456789',
  });
});

function shopifyOrder(patch: Record<string, unknown> = {}) {
  return { ...fixture('shopify-orders-paid'), id: ++orderSeq, ...patch };
}

describe('Shopify', () => {
  test('orders/paid with the click id in note_attributes credits the click (subtotal after discounts)', async () => {
    const s = await setup('shopify');
    const click = await s.click();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
      a_field_shopify_added_later: { nested: true },
    });
    const answer = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    expect(answer).toMatchObject({ status: 200, body: { verdict: 'accepted' } });
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      {
        status: 'pending',
        source: 'shopify',
        orderId: String(order.id),
        amountMinor: 8400,
        currency: 'USD',
        commissionMinor: 840,
        memberId: s.member.id,
        clickId: click.id,
      },
    ]);
    const [delivery] = await deliveriesOf(s.brand.id);
    expect(delivery).toMatchObject({
      topic: 'orders/paid',
      verdict: 'accepted',
      httpStatus: 200,
      externalId: String(order.id),
      rawBody: JSON.stringify(order),
    });
  });

  test('the click id in landing_site, and shipping included when the connector says so', async () => {
    const s = await setup('shopify', { includeShipping: true });
    const click = await s.click();
    const order = shopifyOrder({ landing_site: `/products/x?transaction_id=${click.id}&utm=a` });
    const answer = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    expect(answer.body.verdict).toBe('accepted');
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { amountMinor: 9000, commissionMinor: 900, clickId: click.id },
    ]);
  });

  test('a bad or missing signature is 401 and stores nothing', async () => {
    const s = await setup('shopify');
    const click = await s.click();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
    });
    const wrong = shopifyDelivery('orders/paid', order, 'another-secret-entirely');
    expect((await s.send(wrong)).status).toBe(401);
    const good = shopifyDelivery('orders/paid', order, SHOPIFY_SECRET);
    const tampered = { ...good, body: good.body.replace('"84.00"', '"8400.00"') };
    expect((await s.send(tampered)).status).toBe(401);
    const { 'x-shopify-hmac-sha256': _gone, ...unsigned } = good.headers;
    const missing = await s.send({ ...good, headers: unsigned });
    expect(missing.status).toBe(401);
    expect(missing.body.message).toMatch(/X-Shopify-Hmac-Sha256/);
    expect(await conversionsOf(s.brand.id)).toEqual([]);
    expect(await deliveriesOf(s.brand.id)).toEqual([]);
  });

  test('an unknown connector address is 404; other methods 405', async () => {
    const response = await fetch(`${endpoints.base}/connectors/shopify/${'x'.repeat(32)}`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    const get = await fetch(`${endpoints.base}/connectors/shopify/${'x'.repeat(32)}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  test('the same order twice, and five times at once, makes one conversion', async () => {
    const s = await setup('shopify');
    const click = await s.click();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
    });
    const first = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    const again = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    expect(first.body.verdict).toBe('accepted');
    expect(again.body).toMatchObject({
      verdict: 'duplicate',
      conversion_id: first.body.conversion_id,
    });

    const other = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        s.send(shopifyDelivery('orders/paid', other, SHOPIFY_SECRET)),
      ),
    );
    expect(answers.map((a) => a.body.verdict).sort()).toEqual([
      'accepted',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const rows = await conversionsOf(s.brand.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    expect(await deliveriesOf(s.brand.id)).toHaveLength(7);
  });

  test('an order with no click id and an unknown code is refused (unknown_code) and logged', async () => {
    const s = await setup('shopify');
    const answer = await s.send(shopifyDelivery('orders/paid', shopifyOrder(), SHOPIFY_SECRET));
    expect(answer).toMatchObject({ status: 200, body: { verdict: 'refused' } });
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { status: 'refused', reason: 'unknown_code', couponRef: 'SPRING16' },
    ]);
    const none = shopifyOrder({ discount_codes: [] });
    await s.send(shopifyDelivery('orders/paid', none, SHOPIFY_SECRET));
    expect((await conversionsOf(s.brand.id))[1]).toMatchObject({ reason: 'unknown_click' });
  });

  test('a discount code credits its member (source code); click vs code of another member under both settings', async () => {
    const s = await setup('shopify');
    const { member: other, link: otherLink } = await otherMemberWithLink(s);
    await givePromoCode(s, s.member.id, 'maya15');
    const code = [{ code: 'MAYA15', amount: '16.00', type: 'fixed_amount' }];
    const byCode = shopifyOrder({ discount_codes: code });
    expect(
      (await s.send(shopifyDelivery('orders/paid', byCode, SHOPIFY_SECRET))).body.verdict,
    ).toBe('accepted');
    const omarsClick = await insertClick({ link: otherLink });
    const conflict = (id: number) =>
      shopifyOrder({
        id,
        discount_codes: code,
        note_attributes: [{ name: 'offerlink_click_id', value: omarsClick.id }],
      });
    const first = conflict(++orderSeq);
    await s.send(shopifyDelivery('orders/paid', first, SHOPIFY_SECRET));
    await db
      .update(brands)
      .set({ codeConflictRule: 'click_wins' })
      .where(eq(brands.id, s.brand.id));
    const second = conflict(++orderSeq);
    await s.send(shopifyDelivery('orders/paid', second, SHOPIFY_SECRET));
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { orderId: String(byCode.id), source: 'code', memberId: s.member.id, couponRef: 'MAYA15' },
      {
        orderId: String(first.id),
        source: 'code',
        memberId: s.member.id,
        clickId: omarsClick.id,
        conflictRule: 'code_wins',
      },
      {
        orderId: String(second.id),
        source: 'shopify',
        memberId: other.id,
        clickId: omarsClick.id,
        conflictRule: 'click_wins',
      },
    ]);
  });

  test('another topic is ignored and logged', async () => {
    const s = await setup('shopify');
    const answer = await s.send(shopifyDelivery('products/update', { id: 1 }, SHOPIFY_SECRET));
    expect(answer).toMatchObject({ status: 200, body: { verdict: 'ignored' } });
    expect(await deliveriesOf(s.brand.id)).toMatchObject([
      { verdict: 'ignored', topic: 'products/update' },
    ]);
  });

  test('refunds/create: half the order halves the commission; the rest reverses it; a repeat changes nothing', async () => {
    const s = await setup('shopify');
    // A merchant's endpoint hears each refund that changed the conversion (decision 061).
    await createEndpoint(s.brand.id, null, {
      url: 'http://127.0.0.1:9/hooks',
      description: null,
      eventTypes: ['conversion.refunded'],
    });
    const click = await s.click();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
    });
    await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    const refund = { ...fixture('shopify-refunds-create'), order_id: order.id };
    const half = await s.send(shopifyDelivery('refunds/create', refund, SHOPIFY_SECRET));
    expect(half.body.verdict).toBe('refunded');
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { status: 'pending', commissionMinor: 420, amountMinor: 8400 },
    ]);
    const repeat = await s.send(shopifyDelivery('refunds/create', refund, SHOPIFY_SECRET));
    expect(repeat.body.verdict).toBe('duplicate');
    expect((await conversionsOf(s.brand.id))[0].commissionMinor).toBe(420);

    const rest = { ...refund, id: 1001 };
    const full = await s.send(shopifyDelivery('refunds/create', rest, SHOPIFY_SECRET));
    expect(full.body.verdict).toBe('refunded');
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ status: 'reversed' }]);
    const events = await db.execute<{ type: string; extra: Record<string, unknown> }>(sql`
      select type, extra from webhook_events where brand_id = ${s.brand.id} order by seq`);
    expect(
      events.map((e) => [
        e.type,
        e.extra.full_refund,
        e.extra.commission_before_minor,
        e.extra.commission_after_minor,
      ]),
    ).toEqual([
      ['conversion.refunded', false, 840, 420],
      ['conversion.refunded', true, 420, 0],
    ]);
  });

  test('a partial refund of a paid commission is a clawback in the next statement; the full refund takes only the rest', async () => {
    const s = await setup('shopify');
    const click = await s.click();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: click.id }],
    });
    const sale = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    const actor = { kind: 'user' as const, userId: s.user.id };
    await approveConversions(db, s.brand.id, [sale.body.conversion_id as string], actor);
    const [statement] = await db
      .select()
      .from(statements)
      .where(eq(statements.brandId, s.brand.id));
    expect(statement.amountMinor).toBe(840);
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: new Date().toISOString().slice(0, 10), method: 'bank_transfer', reference: 'T-1' },
      actor,
    );
    const refund = { ...fixture('shopify-refunds-create'), order_id: order.id };
    await s.send(shopifyDelivery('refunds/create', refund, SHOPIFY_SECRET));
    await s.send(shopifyDelivery('refunds/create', { ...refund, id: 1007 }, SHOPIFY_SECRET));
    const adjustments = await db
      .select()
      .from(statementAdjustments)
      .where(eq(statementAdjustments.brandId, s.brand.id))
      .orderBy(statementAdjustments.createdAt);
    expect(adjustments.map((a) => a.amountMinor)).toEqual([-420, -420]);
    const [paid] = await db.select().from(statements).where(eq(statements.id, statement.id));
    expect(paid).toMatchObject({ status: 'paid', amountMinor: 840 });
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { status: 'reversed', commissionMinor: 840 },
    ]);
  });

  test('a click not visible yet fails on our side (503, logged); Replay credits it once the click is there', async () => {
    const s = await setup('shopify');
    const clickId = generateClickId();
    const order = shopifyOrder({
      note_attributes: [{ name: 'offerlink_click_id', value: clickId }],
    });
    const answer = await s.send(shopifyDelivery('orders/paid', order, SHOPIFY_SECRET));
    expect(answer).toMatchObject({ status: 503, body: { verdict: 'failed' } });
    await s.click({ id: clickId });
    const [failed] = await deliveriesOf(s.brand.id);
    const replay = await replayDelivery(s.brand.id, failed.id);
    expect(replay).toMatchObject({ ok: true });
    const rows = await deliveriesOf(s.brand.id);
    expect(rows).toMatchObject([
      { id: failed.id, verdict: 'failed' },
      { replayOf: failed.id, verdict: 'accepted' },
    ]);
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ status: 'pending', clickId }]);
    // Only a failed delivery can be replayed.
    expect(await replayDelivery(s.brand.id, rows[1].id)).toMatchObject({ ok: false, status: 409 });
    // Another brand's delivery is not found.
    const other = await setup('shopify');
    expect(await replayDelivery(other.brand.id, failed.id)).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});

let wooSeq = 9000;
function wooOrder(patch: Record<string, unknown> = {}) {
  return { ...fixture('woocommerce-order-updated'), id: ++wooSeq, ...patch };
}

describe('WooCommerce', () => {
  test('order.updated processing with the click id in meta credits it (line totals after discounts)', async () => {
    const s = await setup('woocommerce');
    const click = await s.click();
    const order = wooOrder({ meta_data: [{ id: 1, key: 'offerlink_click_id', value: click.id }] });
    const answer = await s.send(wooDelivery('order.updated', order, WOO_SECRET));
    expect(answer.body.verdict).toBe('accepted');
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      { source: 'woocommerce', amountMinor: 3000, commissionMinor: 300, orderId: String(order.id) },
    ]);
    // Every later update of the paid order is a duplicate, not a second sale.
    const later = await s.send(
      wooDelivery('order.updated', { ...order, status: 'completed' }, WOO_SECRET),
    );
    expect(later.body.verdict).toBe('duplicate');
    expect(await conversionsOf(s.brand.id)).toHaveLength(1);
  });

  test('bad or missing signature is 401 and stores nothing; the unsigned ping is answered', async () => {
    const s = await setup('woocommerce');
    const order = wooOrder();
    expect((await s.send(wooDelivery('order.updated', order, 'wrong-secret-123'))).status).toBe(
      401,
    );
    const good = wooDelivery('order.updated', order, WOO_SECRET);
    const { 'x-wc-webhook-signature': _gone, ...unsigned } = good.headers;
    expect((await s.send({ ...good, headers: unsigned })).status).toBe(401);
    const ping = await post(s.url, {
      body: 'webhook_id=12',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ping.status).toBe(200);
    expect(await conversionsOf(s.brand.id)).toEqual([]);
    expect(await deliveriesOf(s.brand.id)).toEqual([]);
  });

  test('an unpaid status is ignored; a partial refund halves; status refunded reverses', async () => {
    const s = await setup('woocommerce');
    await createEndpoint(s.brand.id, null, {
      url: 'http://127.0.0.1:9/hooks',
      description: null,
      eventTypes: ['conversion.refunded'],
    });
    const click = await s.click();
    const meta = [{ id: 1, key: 'offerlink_click_id', value: click.id }];
    const order = wooOrder({ meta_data: meta, total: '40.00' });
    const pending = await s.send(
      wooDelivery('order.updated', { ...order, status: 'pending' }, WOO_SECRET),
    );
    expect(pending.body.verdict).toBe('ignored');
    await s.send(wooDelivery('order.updated', order, WOO_SECRET));
    const refunds = [{ id: 801, reason: 'damaged', total: '-20.00' }];
    const half = await s.send(wooDelivery('order.updated', { ...order, refunds }, WOO_SECRET));
    expect(half.body.verdict).toBe('refunded');
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ commissionMinor: 150 }]);
    const full = await s.send(
      wooDelivery('order.updated', { ...order, status: 'refunded', refunds }, WOO_SECRET),
    );
    expect(full.body.verdict).toBe('refunded');
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ status: 'reversed' }]);
    const events = await db.execute<{ type: string; extra: Record<string, unknown> }>(sql`
      select type, extra from webhook_events where brand_id = ${s.brand.id} order by seq`);
    expect(
      events.map((e) => [
        e.type,
        e.extra.full_refund,
        e.extra.commission_before_minor,
        e.extra.commission_after_minor,
      ]),
    ).toEqual([
      ['conversion.refunded', false, 300, 150],
      ['conversion.refunded', true, 150, 0],
    ]);
  });
});

let stripeSeq = 0;
function stripeSession(patch: Record<string, unknown> = {}) {
  const event = fixture('stripe-checkout-session-completed');
  event.id = `evt_test_${++stripeSeq}`;
  event.data.object = {
    ...event.data.object,
    payment_intent: `pi_test_${stripeSeq}_${Date.now()}`,
    ...patch,
  };
  return event;
}

describe('Stripe', () => {
  test('checkout.session.completed with client_reference_id credits the click (subtotal − discounts)', async () => {
    const s = await setup('stripe');
    const click = await s.click();
    const event = stripeSession({ client_reference_id: click.id });
    const answer = await s.send(stripeDelivery(event, STRIPE_SECRET));
    expect(answer.body.verdict).toBe('accepted');
    expect(await conversionsOf(s.brand.id)).toMatchObject([
      {
        source: 'stripe',
        orderId: event.data.object.payment_intent,
        amountMinor: 8500,
        commissionMinor: 850,
      },
    ]);
  });

  test('a bad secret, a missing header and a signature older than 5 minutes are 401 and store nothing', async () => {
    const s = await setup('stripe');
    const click = await s.click();
    const event = stripeSession({ metadata: { offerlink_click_id: click.id } });
    expect((await s.send(stripeDelivery(event, 'whsec_not_the_one'))).status).toBe(401);
    const good = stripeDelivery(event, STRIPE_SECRET);
    const { 'stripe-signature': _gone, ...unsigned } = good.headers;
    expect((await s.send({ ...good, headers: unsigned })).status).toBe(401);
    const old = stripeDelivery(event, STRIPE_SECRET, Math.floor(Date.now() / 1000) - 301);
    expect((await s.send(old)).status).toBe(401);
    expect(await conversionsOf(s.brand.id)).toEqual([]);
    expect(await deliveriesOf(s.brand.id)).toEqual([]);
    // The same event signed now is taken (metadata's click id).
    expect((await s.send(good)).body.verdict).toBe('accepted');
  });

  test('charge.refunded: half the charge halves the commission; the whole charge reverses it', async () => {
    const s = await setup('stripe');
    const click = await s.click();
    const session = stripeSession({ client_reference_id: click.id });
    await s.send(stripeDelivery(session, STRIPE_SECRET));
    const refund = fixture('stripe-charge-refunded');
    refund.data.object.payment_intent = session.data.object.payment_intent;
    const half = await s.send(stripeDelivery(refund, STRIPE_SECRET));
    expect(half.body.verdict).toBe('refunded');
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ commissionMinor: 425 }]);
    // Stripe re-sends the same cumulative state: nothing more.
    expect((await s.send(stripeDelivery(refund, STRIPE_SECRET))).body.verdict).toBe('duplicate');
    refund.data.object.amount_refunded = 9036;
    refund.data.object.refunded = true;
    await s.send(stripeDelivery(refund, STRIPE_SECRET));
    expect(await conversionsOf(s.brand.id)).toMatchObject([{ status: 'reversed' }]);
  });

  test('invoice.paid renewals earn within the recurring window, once each; after it they are refused', async () => {
    const s = await setup('stripe', { recurringMonths: 12 });
    const click = await s.click();
    const subscription = `sub_test_${Date.now()}`;
    await s.send(
      stripeDelivery(
        stripeSession({
          mode: 'subscription',
          subscription,
          payment_intent: null,
          client_reference_id: click.id,
        }),
        STRIPE_SECRET,
      ),
    );
    const invoice = (periodStart: Date, reason = 'subscription_cycle') => {
      const event = fixture('stripe-invoice-paid');
      event.data.object.billing_reason = reason;
      event.data.object.parent.subscription_details.subscription = subscription;
      event.data.object.lines.data[0].period.start = Math.floor(periodStart.getTime() / 1000);
      return stripeDelivery(event, STRIPE_SECRET);
    };
    const first = await s.send(invoice(new Date(), 'subscription_create'));
    expect(first.body.verdict).toBe('ignored');
    const month = new Date(Date.now() + 31 * 86_400_000);
    const renewal = await s.send(invoice(month));
    expect(renewal.body.verdict).toBe('accepted');
    expect((await s.send(invoice(month))).body.verdict).toBe('duplicate');
    const late = await s.send(invoice(new Date(Date.now() + 400 * 86_400_000)));
    expect(late.body.verdict).toBe('refused');
    expect(late.body.message).toMatch(/12-month recurring window/);
    const rows = await conversionsOf(s.brand.id);
    const day = month.toISOString().slice(0, 10);
    expect(rows).toMatchObject([
      { orderId: subscription, status: 'pending', amountMinor: 8500 },
      {
        orderId: `${subscription}:${day}`,
        status: 'pending',
        amountMinor: 2000,
        commissionMinor: 200,
        memberId: s.member.id,
        event: 'renewal',
      },
      { status: 'refused', reason: 'outside_window' },
    ]);
  });

  test('an offer without recurring commissions refuses renewals', async () => {
    const s = await setup('stripe');
    const click = await s.click();
    const subscription = `sub_none_${Date.now()}`;
    await s.send(
      stripeDelivery(
        stripeSession({ mode: 'subscription', subscription, client_reference_id: click.id }),
        STRIPE_SECRET,
      ),
    );
    const event = fixture('stripe-invoice-paid');
    event.data.object.parent.subscription_details.subscription = subscription;
    const answer = await s.send(stripeDelivery(event, STRIPE_SECRET));
    expect(answer.body).toMatchObject({ verdict: 'refused' });
    expect(answer.body.message).toMatch(/pays no commission on renewals/);
  });
});

describe('member postback renewals', () => {
  test('order_id plus period: within the window one conversion each, after it refused', async () => {
    const s = await conversionSetup({ offer: { recurringMonths: 3 } });
    const postback = async (params: Record<string, string>) => {
      const r = await fetch(
        `${endpoints.base}/postback?${new URLSearchParams({ security_token: s.brand.postbackToken, aff_id: s.member.id, offer_id: s.offer.id, ...params })}`,
      );
      return (await r.json()) as Record<string, unknown>;
    };
    expect(await postback({ order_id: 'SUB-1', amount: '30' })).toMatchObject({ success: true });
    const next = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 7);
    expect(await postback({ order_id: 'SUB-1', period: next, amount: '30' })).toMatchObject({
      success: true,
    });
    expect(await postback({ order_id: 'SUB-1', period: next, amount: '30' })).toMatchObject({
      success: false,
      reason: 'duplicate_order',
    });
    const late = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 7);
    expect(await postback({ order_id: 'SUB-1', period: late, amount: '30' })).toMatchObject({
      success: false,
      reason: 'outside_window',
    });
    const accepted = await db
      .select()
      .from(conversions)
      .where(and(eq(conversions.brandId, s.brand.id), sql`${conversions.reason} is null`));
    expect(accepted.map((c) => c.orderId).sort()).toEqual(['SUB-1', `SUB-1:${next}`]);
  });
});
