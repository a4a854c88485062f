/**
 * Webhooks end to end with real parts: the triggers write the outbox in the change's transaction,
 * graphile-worker runs `webhooks__deliver`, a real HTTP receiver answers, and every delivery is
 * verified with the `standardwebhooks` package (not our code).
 */
import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { db } from '../../db/client';
import {
  emailOutbox,
  members,
  offers,
  promoCodes,
  statements,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from '../../db/schema';
import { createLink, createMember } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import { conversionSetup } from '../../test/conversion-setup';
import { runJobs } from '../../test/jobs';
import { WebhookReceiver, type Received } from '../../test/webhook-receiver';
import { balancesOf } from '../../test/payouts-fixtures';
import { writeConversion } from '../conversions/conversion-writer.server';
import { refundConversion } from '../conversions/refund.server';
import { approveConversions, reverseConversions } from '../payouts/lifecycle.server';
import { markStatementsPaid } from '../payouts/payments.server';
import { rollupBrand } from '../payouts/rollup.server';
import { assignPromoCodes, setMemberPromoCode } from '../promo-codes/promo-codes.server';
import * as conversionRoute from '../routes/api+/v1.conversions.$conversionId._index';
import * as promoCodeRoute from '../routes/api+/v1.promo_codes.$promoCodeId._index';
import { retryDelayMs } from './deliver.server';
import { drainEndpoint } from './drain.server';
import { sendTestEvent, resendDelivery } from './delivery-log.server';
import {
  createEndpoint,
  rotateEndpointSecret,
  setEndpointEnabled,
  signingSecrets,
} from './endpoints.server';
import type { WebhookEventType } from './event-types';

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

function verify(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { id: string; type: string; created_at: string; data: Record<string, unknown> };
}

/** The retries scheduled for later: due now (the clock of the schedule moved on). */
async function makeRetriesDue() {
  await db.execute(
    sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second'
         where status = 'pending' and next_attempt_at is not null`,
  );
  await db.execute(
    sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null`,
  );
}

/** Runs the delivery jobs, retries included, until no delivery is waiting. */
async function deliverEverything() {
  for (let round = 0; round < 20; round++) {
    await runJobs();
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`,
    );
    if (n === 0) return;
    await makeRetriesDue();
  }
  throw new Error('deliveries still pending after 20 rounds');
}

async function endpointFor(brandId: string, eventTypes: WebhookEventType[], userId?: string) {
  return createEndpoint(brandId, userId ?? null, {
    url: `${receiver.url}/hooks`,
    description: null,
    eventTypes,
  });
}

async function eventsOf(brandId: string) {
  return db
    .select({ type: webhookEvents.type, resourceId: webhookEvents.resourceId })
    .from(webhookEvents)
    .where(eq(webhookEvents.brandId, brandId))
    .orderBy(webhookEvents.seq);
}

describe('delivery', () => {
  test('a receiver that fails three times then succeeds gets each event exactly once, verified', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id: endpointId, secret } = await endpointFor(s.brand.id, [
      'conversion.created',
      'conversion.status_changed',
    ]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The postback path: the group-commit writer's batch INSERT.
    const ids = await Promise.all(
      ['W-1', 'W-2', 'W-3'].map(async (orderId) => {
        const id = crypto.randomUUID();
        await writeConversion({
          id,
          brandId: s.brand.id,
          offerId: s.offer.id,
          linkId: s.link.id,
          memberId: s.member.id,
          payoutOptionId: s.payouts[0].id,
          orderId,
          amountMinor: 5_000,
          currency: 'USD',
          commissionMinor: 500,
          status: 'pending',
          source: 'postback',
        });
        return id;
      }),
    );
    await approveConversions(db, s.brand.id, [ids[0]], { kind: 'user', userId: s.user.id });

    receiver.script = [500, 503, 502];
    await deliverEverything();

    const delivered = receiver.deliveredIds();
    expect(delivered).toHaveLength(4);
    expect(new Set(delivered).size).toBe(4);
    // Every request, failed or not, carries a valid signature; the events are the envelope.
    const bodies = receiver.received.map((r) => verify(secret, r));
    expect(receiver.received.filter((r) => r.answered !== 200)).toHaveLength(3);
    const created = bodies.filter((b) => b.type === 'conversion.created');
    expect(new Set(created.map((b) => b.data.id))).toEqual(new Set(ids));
    const changed = bodies.find((b) => b.type === 'conversion.status_changed')!;
    expect(changed.data).toMatchObject({
      id: ids[0],
      status: 'approved',
      status_change: { from: 'pending', to: 'approved', who: { type: 'user', user_id: s.user.id } },
    });
    expect(changed.id).toBe(
      receiver.received.find(
        (r) => r.answered === 200 && verify(secret, r).type === 'conversion.status_changed',
      )!.headers['webhook-id'],
    );

    // The log: the failed attempts and the successful one, with status, latency and excerpt.
    const deliveries = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(deliveries.map((d) => d.status)).toEqual(Array(4).fill('succeeded'));
    const attempts = await db.execute<{ status_code: number; response_excerpt: string }>(
      sql`select status_code, response_excerpt from webhook_attempts where endpoint_id = ${endpointId} order by at`,
    );
    expect(attempts.map((a) => a.status_code).sort()).toEqual([200, 200, 200, 200, 500, 502, 503]);
    expect(attempts.find((a) => a.status_code === 503)?.response_excerpt).toBe('status 503');
  });

  test('a replayed delivery older than 5 minutes is rejected by standardwebhooks', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id, secret } = await endpointFor(s.brand.id, ['member.created']);
    await createMember(s.brand.id, { name: 'Rhea Replay' });
    await deliverEverything();
    const [captured] = receiver.received;
    expect(verify(secret, captured).data).toMatchObject({ name: 'Rhea Replay' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1_000);
    expect(() => verify(secret, captured)).toThrow(/too old/i);
    // And a forged body with a captured signature never verifies.
    expect(() =>
      verify(secret, { ...captured, body: captured.body.replace('Rhea', 'Eve') }),
    ).toThrow();
    expect(id).toBeTruthy();
  });

  test("a rotated secret's deliveries verify with either secret during the grace period", async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id, secret: old } = await endpointFor(s.brand.id, ['member.updated']);
    const rotated = await rotateEndpointSecret(s.brand.id, id);
    expect(rotated).not.toBeNull();
    await db.update(members).set({ name: 'Renamed' }).where(eq(members.id, s.member.id));
    await deliverEverything();
    const [request] = receiver.received;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(old, request).type).toBe('member.updated');
    expect(verify(rotated!.secret, request).type).toBe('member.updated');
    // After the grace period only the new secret signs.
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(signingSecrets(row, new Date(Date.now() + 23 * 3600_000))).toHaveLength(2);
    expect(signingSecrets(row, new Date(Date.now() + 25 * 3600_000))).toEqual([rotated!.secret]);
  });

  test('410 Gone disables the endpoint at once; what waited for it is cancelled', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id } = await endpointFor(s.brand.id, ['member.created']);
    await createMember(s.brand.id);
    await createMember(s.brand.id);
    receiver.script = [410];
    await deliverEverything();
    expect(receiver.received).toHaveLength(1);
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect([endpoint.enabled, endpoint.disabledReason]).toEqual([false, 'gone']);
    const statuses = await db
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, id));
    expect(statuses.map((d) => d.status).sort()).toEqual(['cancelled', 'failed']);
    // A disabled endpoint gets no new events.
    await createMember(s.brand.id);
    expect(await eventsOf(s.brand.id)).toHaveLength(2);
  });

  test('5 days of failures disable the endpoint and email its admins', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id } = await endpointFor(s.brand.id, ['member.created'], s.user.id);
    await db
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 5 * 24 * 3600_000 - 60_000) })
      .where(eq(webhookEndpoints.id, id));
    await createMember(s.brand.id);
    receiver.script = [500];
    await deliverEverything();
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect([endpoint.enabled, endpoint.disabledReason]).toEqual([false, 'failing']);
    await runJobs();
    const emails = await db
      .select({ to: emailOutbox.toAddress, subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(
        and(eq(emailOutbox.brandId, s.brand.id), eq(emailOutbox.kind, 'webhook_endpoint_disabled')),
      );
    expect(emails).toEqual([
      { to: s.user.email, subject: expect.stringMatching(/disabled after 5 days/) },
    ]);
  });

  test('"Send test event" and "Resend" deliver again with the same webhook-id', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id, secret } = await endpointFor(s.brand.id, ['offer.updated']);
    const deliveryId = await sendTestEvent(s.brand.id, id);
    expect(deliveryId).not.toBeNull();
    await deliverEverything();
    expect(verify(secret, receiver.received[0])).toMatchObject({ type: 'webhook.test' });
    expect(await resendDelivery(s.brand.id, id, deliveryId!)).toBe(true);
    await deliverEverything();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers['webhook-id']).toBe(
      receiver.received[0].headers['webhook-id'],
    );
    // Another brand cannot resend it or send tests to it.
    const other = await conversionSetup();
    expect(await resendDelivery(other.brand.id, id, deliveryId!)).toBe(false);
    expect(await sendTestEvent(other.brand.id, id)).toBeNull();
  });
});

describe('events are written in the transaction of the change', () => {
  test('a rolled-back change sends nothing; a committed one is queued', async () => {
    const s = await conversionSetup();
    await endpointFor(s.brand.id, ['member.created']);
    await db
      .transaction(async (tx) => {
        await createMember(s.brand.id, { name: 'Never' }, tx);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await eventsOf(s.brand.id)).toEqual([]);
    const [{ jobs }] = await db.execute<{ jobs: number }>(
      sql`select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'webhooks__deliver'`,
    );
    const member = await createMember(s.brand.id, { name: 'Kept' });
    expect(await eventsOf(s.brand.id)).toEqual([{ type: 'member.created', resourceId: member.id }]);
    const [{ jobs: after }] = await db.execute<{ jobs: number }>(
      sql`select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'webhooks__deliver'`,
    );
    expect(after).toBe(jobs + 1);
  });

  test('every event type, each once, only for the types an enabled endpoint wants', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
    });
    const quiet = await conversionSetup();
    await endpointFor(s.brand.id, [
      'conversion.created',
      'conversion.status_changed',
      'commission.clawback_created',
      'statement.created',
      'statement.paid',
      'member.created',
      'member.updated',
      'link.created',
      'offer.updated',
    ]);
    // An endpoint wanting nothing of this brand's changes, and a disabled one: no extra deliveries.
    await endpointFor(s.brand.id, ['link.created']);
    const off = await endpointFor(s.brand.id, ['member.created']);
    await db
      .update(webhookEndpoints)
      .set({ enabled: false })
      .where(eq(webhookEndpoints.id, off.id));

    const member = await createMember(s.brand.id, { name: 'Eve Events' });
    await db.update(members).set({ instagram: 'eve' }).where(eq(members.id, member.id));
    const link = await createLink({
      brandId: s.brand.id,
      offerId: s.offer.id,
      memberId: member.id,
      payoutOptionId: s.payouts[0].id,
    });
    await db.update(offers).set({ name: 'Renamed offer' }).where(eq(offers.id, s.offer.id));
    // An update that changes nothing is no event.
    await db.update(offers).set({ name: 'Renamed offer' }).where(eq(offers.id, s.offer.id));
    const conversionId = crypto.randomUUID();
    await writeConversion({
      id: conversionId,
      brandId: s.brand.id,
      offerId: s.offer.id,
      linkId: link.id,
      memberId: member.id,
      payoutOptionId: s.payouts[0].id,
      orderId: 'E-1',
      amountMinor: 10_000,
      currency: 'USD',
      commissionMinor: 1_000,
      status: 'pending',
      source: 'postback',
    });
    // A refused conversion is no conversion.created.
    await writeConversion({
      brandId: s.brand.id,
      status: 'refused',
      reason: 'unknown_click',
      source: 'postback',
    });
    await rollupBrand(s.brand.id); // approves (system) and creates the statement
    const [statement] = await db
      .select()
      .from(statements)
      .where(eq(statements.brandId, s.brand.id));
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: new Date().toISOString().slice(0, 10), method: 'paypal' },
      { kind: 'user', userId: s.user.id },
    );
    await reverseConversions(
      db,
      s.brand.id,
      [conversionId],
      { note: 'refund' },
      { kind: 'postback' },
    );

    // The quiet brand (no endpoint) changes too: nothing is written for it.
    await createMember(quiet.brand.id);

    const events = await eventsOf(s.brand.id);
    expect(events.map((e) => e.type)).toEqual([
      'member.created',
      'member.updated',
      'link.created',
      'offer.updated',
      'conversion.created',
      'conversion.status_changed',
      'statement.created',
      'statement.paid',
      'conversion.status_changed',
      'commission.clawback_created',
      // The next month's statement, which holds the clawback.
      'statement.created',
    ]);
    expect(await eventsOf(quiet.brand.id)).toEqual([]);
    const [{ deliveries }] = await db.execute<{ deliveries: number }>(
      sql`select count(*)::int as deliveries from webhook_deliveries where brand_id = ${s.brand.id}`,
    );
    expect(deliveries).toBe(events.length + 1); // link.created goes to two endpoints

    // The statement's event is the statement at commit, with its total; the reversal says who.
    receiver.received = [];
    await deliverEverything();
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.filter((b) => b.type === 'statement.created')[0].data).toMatchObject({
      id: statement.id,
      amount: 1_000,
    });
    expect(
      bodies.filter((b) => b.type === 'conversion.status_changed').map((b) => b.data.status_change),
    ).toMatchObject([
      { from: 'pending', to: 'approved', who: { type: 'system' } },
      { from: 'approved', to: 'reversed', note: 'refund', who: { type: 'postback' } },
    ]);
    expect(bodies.find((b) => b.type === 'commission.clawback_created').data).toMatchObject({
      conversion_id: conversionId,
      amount: -1_000,
    });
  });
});

describe('promo codes and store refunds (decision 061)', () => {
  test('promo_code.created and promo_code.deactivated: once each, in the change’s transaction, data as the API returns the code', async () => {
    const s = await conversionSetup({ offer: { promoDiscount: '15 % off' } });
    const endpoint = await endpointFor(s.brand.id, [
      'promo_code.created',
      'promo_code.deactivated',
    ]);
    // Rolled back (the assignment is refused after a code was inserted): nothing is sent.
    await db
      .transaction(async (tx) => {
        await assignPromoCodes(tx, {
          brandId: s.brand.id,
          offerId: s.offer.id,
          userId: null,
          requests: [{ memberId: s.member.id, code: 'NEVER10' }],
          membersById: new Map(),
        });
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await eventsOf(s.brand.id)).toEqual([]);

    const give = (code: string) =>
      setMemberPromoCode({
        brandId: s.brand.id,
        offerId: s.offer.id,
        memberId: s.member.id,
        code,
        userId: s.user.id,
      });
    expect(await give('maya15')).toMatchObject({ ok: true, code: 'MAYA15' });
    // The same code again changes nothing: no event.
    expect(await give('MAYA15')).toMatchObject({ ok: true });
    // Editing deactivates the old code and gives a new one, in one transaction.
    expect(await give('MAYA20')).toMatchObject({ ok: true, code: 'MAYA20' });
    const [first, second] = await db
      .select()
      .from(promoCodes)
      .where(eq(promoCodes.brandId, s.brand.id))
      .orderBy(promoCodes.createdAt);
    expect(await eventsOf(s.brand.id)).toEqual([
      { type: 'promo_code.created', resourceId: first.id },
      { type: 'promo_code.deactivated', resourceId: first.id },
      { type: 'promo_code.created', resourceId: second.id },
    ]);

    receiver.received = [];
    await deliverEverything();
    const bodies = receiver.received.map((r) => verify(endpoint.secret, r));
    expect(bodies.map((b) => b.type)).toEqual([
      'promo_code.created',
      'promo_code.deactivated',
      'promo_code.created',
    ]);
    const key = (await apiKeyFor(s.brand.id, ['promo_codes:read'])).secret;
    const api = async (id: string) =>
      (
        await callApi(promoCodeRoute, {
          path: `/promo_codes/${id}`,
          params: { promoCodeId: id },
          secret: key,
        })
      ).body;
    // The deactivation and the code still active are what the API answers now.
    expect(bodies[1].data).toEqual(await api(first.id));
    expect(bodies[2].data).toEqual(await api(second.id));
    expect(bodies[2].data).toMatchObject({
      object: 'promo_code',
      code: 'MAYA20',
      member_id: s.member.id,
      offer_id: s.offer.id,
      discount: '15 % off',
      status: 'active',
    });
    // The first event is the code as it was created (active then).
    expect(bodies[0].data).toEqual({
      ...((await api(first.id)) as object),
      status: 'active',
      deactivated_at: null,
    });
  });

  test('conversion.refunded: partial, partial once paid (clawback), full; once per refund; the conversion as the API returns it', async () => {
    const s = await conversionSetup({
      payouts: [{ title: 'Ten', type: 'cps_percent', percent: '10' }],
    });
    const endpoint = await endpointFor(s.brand.id, ['conversion.refunded']);
    const sale = async (orderId: string) => {
      const id = crypto.randomUUID();
      await writeConversion({
        id,
        brandId: s.brand.id,
        offerId: s.offer.id,
        linkId: s.link.id,
        memberId: s.member.id,
        payoutOptionId: s.payouts[0].id,
        orderId,
        amountMinor: 10_000,
        currency: 'USD',
        commissionMinor: 1_000,
        status: 'pending',
        source: 'postback',
      });
      return id;
    };
    const refund = (
      orderId: string,
      ref: string,
      part: Parameters<typeof refundConversion>[0]['refund'],
    ) =>
      refundConversion({
        brandId: s.brand.id,
        offerId: s.offer.id,
        orderId,
        ref,
        refund: part,
        note: `refund ${ref}`,
      });

    // A refund row written in a transaction that rolls back: nothing is sent.
    const unpaid = await sale('R-1');
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`
          insert into conversion_refunds (brand_id, conversion_id, ref, sale_minor, commission_minor)
          values (${s.brand.id}, ${unpaid}, 'never', 100, 10)`);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await eventsOf(s.brand.id)).toEqual([]);

    // Half of an unpaid sale, then the same refund again (no change, no event), then the rest.
    expect(await refund('R-1', 'half', { share: [1n, 2n] })).toMatchObject({ outcome: 'reduced' });
    expect(await refund('R-1', 'half', { share: [1n, 2n] })).toMatchObject({
      outcome: 'unchanged',
    });
    expect(await refund('R-1', 'rest', 'all')).toMatchObject({ outcome: 'reversed' });

    // A paid sale: a quarter refunded is a clawback; the conversion's commission stays as paid.
    const paid = await sale('P-1');
    await rollupBrand(s.brand.id);
    const [statement] = await db
      .select()
      .from(statements)
      .where(and(eq(statements.brandId, s.brand.id), eq(statements.status, 'open')));
    await markStatementsPaid(
      db,
      s.brand.id,
      await balancesOf(s.brand.id, [statement.id]),
      { paidOn: new Date().toISOString().slice(0, 10), method: 'paypal' },
      { kind: 'user', userId: s.user.id },
    );
    expect(await refund('P-1', 'quarter', { minor: 2_500n })).toMatchObject({
      outcome: 'reduced',
      commissionTakenMinor: 250,
    });

    expect(await eventsOf(s.brand.id)).toEqual([
      { type: 'conversion.refunded', resourceId: unpaid },
      { type: 'conversion.refunded', resourceId: unpaid },
      { type: 'conversion.refunded', resourceId: paid },
    ]);
    receiver.received = [];
    await deliverEverything();
    const bodies = receiver.received.map((r) => verify(endpoint.secret, r));
    expect(bodies.map((b) => b.data.refund)).toMatchObject([
      { ref: 'half', amount: 5_000, full: false, commission_before: 1_000, commission_after: 500 },
      { ref: 'rest', amount: 5_000, full: true, commission_before: 500, commission_after: 0 },
      {
        ref: 'quarter',
        amount: 2_500,
        full: false,
        commission_before: 1_000,
        commission_after: 750,
      },
    ]);
    expect(bodies[0].data).toMatchObject({ id: unpaid, status: 'pending', commission: 500 });
    expect(bodies[1].data).toMatchObject({ id: unpaid, status: 'reversed' });
    // The conversion part is the API's representation (the API adds only the history).
    const key = (await apiKeyFor(s.brand.id, ['conversions:read'])).secret;
    for (const [body, id] of [
      [bodies[1], unpaid],
      [bodies[2], paid],
    ] as const) {
      const got = await callApi(conversionRoute, {
        path: `/conversions/${id}`,
        params: { conversionId: id },
        secret: key,
      });
      const { history: _history, ...conversion } = got.body as Record<string, unknown>;
      const { refund: _refund, ...data } = body.data;
      expect(data).toEqual(conversion);
    }
  });
});

test('the retry schedule: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with ±20% jitter', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 0.5))).toEqual([
    5_000,
    300_000,
    1_800_000,
    7_200_000,
    18_000_000,
    36_000_000,
    36_000_000,
    null,
  ]);
  expect(retryDelayMs(1, 0)).toBe(4_000);
  expect(retryDelayMs(1, 1)).toBe(6_000);
});

test('one job at a time per endpoint, in the order of the events; a taken lease leaves them to its holder', async () => {
  receiver.received = [];
  const s = await conversionSetup();
  const { id } = await endpointFor(s.brand.id, ['member.created']);
  const names = ['First', 'Second', 'Third', 'Fourth'];
  for (const name of names) await createMember(s.brand.id, { name });
  // Another job holds the endpoint: this one sends nothing.
  await db
    .update(webhookEndpoints)
    .set({ drainLeaseUntil: new Date(Date.now() + 60_000) })
    .where(eq(webhookEndpoints.id, id));
  expect(await drainEndpoint(id)).toEqual({ sent: 0 });
  expect(receiver.received).toHaveLength(0);
  // The holder gives it back (or its lease runs out): everything goes, in order.
  await db
    .update(webhookEndpoints)
    .set({ drainLeaseUntil: null })
    .where(eq(webhookEndpoints.id, id));
  expect(await drainEndpoint(id)).toEqual({ sent: 4 });
  expect(receiver.received.map((r) => JSON.parse(r.body).data.name)).toEqual(names);
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  expect(endpoint.drainLeaseUntil).toBeNull();
});

describe('batches (decision 064)', () => {
  async function membersFor(brandId: string, names: string[]) {
    for (const name of names) await createMember(brandId, { name });
  }
  /** The endpoint's deliveries in the order of their events, with their attempts. */
  async function deliveriesOf(endpointId: string) {
    return db.execute<{
      name: string;
      status: string;
      attempts: number;
      retry_after_ms: number | null;
      log: number[];
    }>(sql`
      select e.snapshot->>'name' as name, d.status, d.attempts,
             (extract(epoch from d.next_attempt_at - d.last_attempt_at) * 1000)::int as retry_after_ms,
             array(select a.status_code from webhook_attempts a
                    where a.delivery_id = d.id order by a.at) as log
        from webhook_deliveries d join webhook_events e on e.id = d.event_id
       where d.endpoint_id = ${endpointId}
       order by d.seq`);
  }
  const names = (received: Received[]) => received.map((r) => JSON.parse(r.body).data.name);

  test('more deliveries than a batch: each sent once, in order, one connection per batch', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id, secret } = await endpointFor(s.brand.id, ['member.created']);
    const all = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    await membersFor(s.brand.id, all);
    const before = receiver.connections;
    expect(await drainEndpoint(id, { batchSize: 2 })).toEqual({ sent: 7 });
    expect(names(receiver.received)).toEqual(all);
    expect(receiver.received.every((r) => verify(secret, r))).toBe(true);
    expect(receiver.connections - before).toBe(4);
    expect(await deliveriesOf(id)).toEqual(
      all.map((name) => ({
        name,
        status: 'succeeded',
        attempts: 1,
        retry_after_ms: null,
        log: [200],
      })),
    );
    // The data made at the first attempt is kept for every later one.
    const [{ unmade }] = await db.execute<{ unmade: number }>(
      sql`select count(*)::int as unmade from webhook_events where brand_id = ${s.brand.id} and data is null`,
    );
    expect(unmade).toBe(0);
  });

  test('a failure in the middle of a batch: recorded after the successes before it, later deliveries go on in order, the failed one at its retry with the same webhook-id', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id } = await endpointFor(s.brand.id, ['member.created']);
    await membersFor(s.brand.id, ['First', 'Second', 'Third', 'Fourth', 'Fifth']);
    receiver.script = [200, 500];
    expect(await drainEndpoint(id, { batchSize: 3, random: () => 0.5 })).toEqual({ sent: 5 });
    expect(names(receiver.received)).toEqual(['First', 'Second', 'Third', 'Fourth', 'Fifth']);
    expect(await deliveriesOf(id)).toEqual([
      { name: 'First', status: 'succeeded', attempts: 1, retry_after_ms: null, log: [200] },
      // The retry schedule's first step (5 s, the jitter at its middle).
      { name: 'Second', status: 'pending', attempts: 1, retry_after_ms: 5_000, log: [500] },
      { name: 'Third', status: 'succeeded', attempts: 1, retry_after_ms: null, log: [200] },
      { name: 'Fourth', status: 'succeeded', attempts: 1, retry_after_ms: null, log: [200] },
      { name: 'Fifth', status: 'succeeded', attempts: 1, retry_after_ms: null, log: [200] },
    ]);
    // The endpoint's failure clock started at the failure and was reset by the successes after it.
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect([endpoint.failingSince, endpoint.drainLeaseUntil]).toEqual([null, null]);
    // A job waits for the retry; when it is due, the same event goes again, with the same id.
    const [{ jobs }] = await db.execute<{ jobs: number }>(
      sql`select count(*)::int as jobs from graphile_worker.jobs where key = ${`webhooks__retry:${id}`}`,
    );
    expect(jobs).toBe(1);
    await makeRetriesDue();
    expect(await drainEndpoint(id)).toEqual({ sent: 1 });
    expect(names(receiver.received.slice(5))).toEqual(['Second']);
    expect(receiver.received[5].headers['webhook-id']).toBe(
      receiver.received[1].headers['webhook-id'],
    );
    expect(receiver.received[5].body).toBe(receiver.received[1].body);
    expect((await deliveriesOf(id))[1]).toEqual({
      name: 'Second',
      status: 'succeeded',
      attempts: 2,
      retry_after_ms: null,
      log: [500, 200],
    });
  });

  test('a 410 in the middle of a batch stops it: the successes before it are recorded, the rest cancelled', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id } = await endpointFor(s.brand.id, ['member.created']);
    await membersFor(s.brand.id, ['One', 'Two', 'Three', 'Four']);
    receiver.script = [200, 410];
    expect(await drainEndpoint(id)).toEqual({ sent: 2 });
    expect(names(receiver.received)).toEqual(['One', 'Two']);
    expect((await deliveriesOf(id)).map((d) => [d.name, d.status, d.log])).toEqual([
      ['One', 'succeeded', [200]],
      ['Two', 'failed', [410]],
      ['Three', 'cancelled', []],
      ['Four', 'cancelled', []],
    ]);
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect([endpoint.enabled, endpoint.disabledReason, endpoint.drainLeaseUntil]).toEqual([
      false,
      'gone',
      null,
    ]);
  });

  test('an endpoint disabled by hand during a drain: at most the batch read before it goes, the rest is cancelled', async () => {
    receiver.received = [];
    const s = await conversionSetup();
    const { id } = await endpointFor(s.brand.id, ['member.created']);
    const all = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    await membersFor(s.brand.id, all);
    // Disabled while the second delivery is being answered.
    receiver.beforeAnswer = async (count) => {
      if (count === 2) expect(await setEndpointEnabled(s.brand.id, id, false)).toBe(true);
    };
    try {
      await drainEndpoint(id, { batchSize: 2 });
    } finally {
      receiver.beforeAnswer = null;
    }
    const sent = names(receiver.received);
    // The batch being sent, and perhaps the one read before the change was seen.
    expect([
      ['A', 'B'],
      ['A', 'B', 'C', 'D'],
    ]).toContainEqual(sent);
    expect((await deliveriesOf(id)).map((d) => [d.name, d.status])).toEqual(
      all.map((name) => [name, sent.includes(name) ? 'succeeded' : 'cancelled']),
    );
  });
});
