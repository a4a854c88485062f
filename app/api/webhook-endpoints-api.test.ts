/**
 * Webhook endpoints over the API, with real parts: the Webhooks pages' module, graphile-worker
 * running `webhooks__deliver`, a real HTTP receiver, and every delivery verified with the
 * `standardwebhooks` package (not our code). The secret is in the create and rotate answers only.
 */
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { webhookEndpoints } from '../../db/schema';
import { createBrandWithUser } from '../../seed/factories';
import { apiKeyFor, callApi, type ApiAnswer } from '../../test/api';
import { runJobs } from '../../test/jobs';
import { WebhookReceiver, type Received } from '../../test/webhook-receiver';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { resetConfigForTests } from '../config.server';
import * as deliveriesRoute from '../routes/api+/v1.webhook_deliveries.$deliveryId.resend';
import * as endpointRoute from '../routes/api+/v1.webhook_endpoints.$endpointId._index';
import * as logRoute from '../routes/api+/v1.webhook_endpoints.$endpointId.deliveries';
import * as rotateRoute from '../routes/api+/v1.webhook_endpoints.$endpointId.rotate_secret';
import * as testRoute from '../routes/api+/v1.webhook_endpoints.$endpointId.[test]';
import * as endpointsIndex from '../routes/api+/v1.webhook_endpoints._index';
import * as openapiRoute from '../routes/api+/v1.openapi[.]json';
import * as endpointPage from '../routes/brand+/developers.webhooks.$endpointId';
import { checkEndpointUrl } from '../webhooks/endpoints.server';

function verify(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { id: string; type: string; data: Record<string, unknown> };
}

type Endpoint = {
  object: string;
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_expires_at: string | null;
  created_by: { kind: string; id: string | null; name: string | null } | null;
  secret?: string;
};
type Delivery = {
  id: string;
  endpoint_id: string;
  event_type: string;
  webhook_id: string;
  status: string;
  attempts: { attempt: number; status_code: number | null; latency_ms: number }[];
};
type Problem = { type: string; status: number; errors?: { field: string; message: string }[] };

let receiver: WebhookReceiver;
let brandId: string;
let secret: string;
let keyId: string;
let readOnly: string;
let ownerId: string;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  const owner = await createBrandWithUser({ brandName: 'Hooks API' });
  brandId = owner.brand.id;
  ownerId = owner.user.id;
  const key = await apiKeyFor(brandId, ['webhooks:write'], { name: 'Hook manager' });
  secret = key.secret;
  keyId = key.id;
  readOnly = (await apiKeyFor(brandId, ['webhooks:read'])).secret;
});
afterAll(async () => {
  await receiver.stop();
});

const create = (body: unknown, headers?: Record<string, string>, key = secret) =>
  callApi(endpointsIndex, {
    method: 'POST',
    path: '/webhook_endpoints',
    secret: key,
    body,
    headers,
  });
const get = (id: string, key = secret) =>
  callApi(endpointRoute, {
    path: `/webhook_endpoints/${id}`,
    params: { endpointId: id },
    secret: key,
  });
const patch = (id: string, body: unknown) =>
  callApi(endpointRoute, {
    method: 'PATCH',
    path: `/webhook_endpoints/${id}`,
    params: { endpointId: id },
    secret,
    body,
  });
const sendTest = (id: string) =>
  callApi(testRoute, {
    method: 'POST',
    path: `/webhook_endpoints/${id}/test`,
    params: { endpointId: id },
    secret,
  });
const log = (id: string, query = '') =>
  callApi(logRoute, {
    path: `/webhook_endpoints/${id}/deliveries${query}`,
    params: { endpointId: id },
    secret,
  });

/** Every place the secret must never appear once it was answered. */
function expectNoSecret(answer: ApiAnswer, whsec: string) {
  expect(answer.text).not.toContain(whsec);
  expect(answer.text).not.toContain('"secret"');
}

describe('create, read, test event', () => {
  test('the secret is answered once; a test event verifies with it; list and get never show it', async () => {
    receiver.received = [];
    const made = await create({
      url: `${receiver.url}/hooks`,
      events: ['conversion.created', 'member.created'],
      description: 'Warehouse sync',
    });
    expect(made.status).toBe(201);
    const endpoint = made.body as Endpoint;
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      url: `${receiver.url}/hooks`,
      description: 'Warehouse sync',
      events: ['conversion.created', 'member.created'],
      enabled: true,
      disabled_reason: null,
      previous_secret_expires_at: null,
      // The audit names the key that made it (decision 048).
      created_by: { kind: 'api_key', id: keyId, name: 'Hook manager' },
    });
    const whsec = endpoint.secret!;
    expect(whsec).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The endpoint's page names the key too.
    const page = await callRoute(
      endpointPage.loader as Parameters<typeof callRoute>[0],
      makeRequest(`/brand/developers/webhooks/${endpoint.id}`, {
        cookie: await sessionCookieFor({ userId: ownerId }),
      }),
      { endpointId: endpoint.id },
    );
    expect(page.status).toBe(200);
    expect((page.body as { endpoint: Record<string, unknown> }).endpoint).toMatchObject({
      createdByApiKeyId: keyId,
      createdByApiKeyName: 'Hook manager',
      createdByUserId: null,
    });

    const tested = await sendTest(endpoint.id);
    expect(tested.status).toBe(202);
    const delivery = tested.body as Delivery;
    expect(delivery).toMatchObject({
      endpoint_id: endpoint.id,
      event_type: 'webhook.test',
      status: 'pending',
      attempts: [],
    });
    await runJobs();
    expect(receiver.received).toHaveLength(1);
    const event = verify(whsec, receiver.received[0]);
    expect(event.type).toBe('webhook.test');
    expect(event.data).toMatchObject({ endpoint_id: endpoint.id });
    expect(receiver.received[0].headers['webhook-id']).toBe(delivery.webhook_id);

    const got = await get(endpoint.id);
    expect(got.status).toBe(200);
    expectNoSecret(got, whsec);
    const { secret: _, ...withoutSecret } = endpoint;
    expect(got.body).toEqual(withoutSecret);
    const list = await callApi(endpointsIndex, { path: '/webhook_endpoints', secret });
    expect(list.status).toBe(200);
    expectNoSecret(list, whsec);
    expect((list.body as { data: Endpoint[] }).data.map((e) => e.id)).toContain(endpoint.id);

    // The delivery log: the test event, delivered at the first attempt.
    const logged = await log(endpoint.id);
    expect(logged.status).toBe(200);
    expectNoSecret(logged, whsec);
    const [entry] = (logged.body as { data: Delivery[] }).data;
    expect(entry).toMatchObject({ id: delivery.id, status: 'succeeded' });
    expect(entry.attempts.map((a) => a.status_code)).toEqual([200]);

    // Resend: the same webhook-id again, verified with the same secret.
    const resent = await callApi(deliveriesRoute, {
      method: 'POST',
      path: `/webhook_deliveries/${delivery.id}/resend`,
      params: { deliveryId: delivery.id },
      secret,
    });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: delivery.id, status: 'pending' });
    await runJobs();
    expect(receiver.received).toHaveLength(2);
    expect(verify(whsec, receiver.received[1]).id).toBe(event.id);
    expect(receiver.received[1].headers['webhook-id']).toBe(delivery.webhook_id);
  });

  test('the delivery log pages by cursor, newest first, every delivery once', async () => {
    const endpoint = (await create({ url: `${receiver.url}/paged`, events: ['member.created'] }))
      .body as Endpoint;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await sendTest(endpoint.id)).body as Delivery).id);
    const first = await log(endpoint.id, '?limit=2');
    const page1 = first.body as {
      data: Delivery[];
      has_more: boolean;
      next_starting_after: string;
    };
    expect(page1.has_more).toBe(true);
    const second = await log(endpoint.id, `?limit=2&starting_after=${page1.next_starting_after}`);
    const page2 = second.body as { data: Delivery[]; has_more: boolean };
    expect(page2.has_more).toBe(false);
    expect([...page1.data, ...page2.data].map((d) => d.id)).toEqual([...ids].reverse());
    const bad = await log(endpoint.id, '?starting_after=bm90LWEtc2Vx');
    expect(bad.status).toBe(400);
    await runJobs();
  });
});

describe('update and the URL rules', () => {
  test('PATCH changes only what it names; enabled false is a manual disable, true starts afresh', async () => {
    const endpoint = (
      await create({ url: `${receiver.url}/a`, events: ['member.created'], description: 'Keep me' })
    ).body as Endpoint;
    const changed = await patch(endpoint.id, { events: ['offer.updated', 'link.created'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      url: `${receiver.url}/a`,
      description: 'Keep me',
      events: ['offer.updated', 'link.created'],
      enabled: true,
    });
    const disabled = await patch(endpoint.id, { enabled: false, url: `${receiver.url}/b` });
    expect(disabled.body).toMatchObject({
      url: `${receiver.url}/b`,
      enabled: false,
      disabled_reason: 'manual',
    });
    await db
      .update(webhookEndpoints)
      .set({ failingSince: new Date() })
      .where(eq(webhookEndpoints.id, endpoint.id));
    const enabled = await patch(endpoint.id, { enabled: true, description: null });
    expect(enabled.body).toMatchObject({
      enabled: true,
      disabled_reason: null,
      failing_since: null,
      description: null,
    });
    // Created disabled when asked.
    const off = await create({
      url: `${receiver.url}/c`,
      events: ['member.created'],
      enabled: false,
    });
    expect(off.body).toMatchObject({ enabled: false, disabled_reason: 'manual' });
  });

  test('the form’s rules, under the API’s field names; nothing changes', async () => {
    const endpoint = (await create({ url: `${receiver.url}/rules`, events: ['member.created'] }))
      .body as Endpoint;
    const noEvents = await patch(endpoint.id, { events: [] });
    expect(noEvents.status).toBe(400);
    expect((noEvents.body as Problem).errors).toEqual([
      { field: 'events', message: 'Choose at least one event.' },
    ]);
    const unknown = await create({ url: `${receiver.url}/x`, events: ['order.shipped'] });
    expect(unknown.status).toBe(400);
    expect((unknown.body as Problem).errors?.[0].field).toBe('events.0');
    const ftp = await patch(endpoint.id, { url: 'ftp://example.com/hooks' });
    expect(ftp.status).toBe(400);
    expect((ftp.body as Problem).errors?.[0].field).toBe('url');
    const withPassword = await create({
      url: 'https://user:pw@example.com/hooks',
      events: ['member.created'],
    });
    expect((withPassword.body as Problem).errors).toEqual([
      { field: 'url', message: 'The URL cannot contain a user name or password.' },
    ]);
    expect((await get(endpoint.id)).body).toMatchObject({
      url: `${receiver.url}/rules`,
      events: ['member.created'],
    });
  });

  test('production’s rules are the page’s: https only, never this machine or a private network', async () => {
    const saved = process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '0';
    resetConfigForTests();
    try {
      const endpoint = (
        await create({ url: 'https://hooks.example.com/offerlink', events: ['member.created'] })
      ).body as Endpoint;
      expect(endpoint.url).toBe('https://hooks.example.com/offerlink');
      for (const url of [
        'http://hooks.example.com/offerlink',
        'https://127.0.0.1/hooks',
        'https://localhost/hooks',
        'https://10.0.0.7/hooks',
        'https://[::1]/hooks',
        'https://169.254.169.254/latest',
      ]) {
        const answer = await create({ url, events: ['member.created'] });
        expect(answer.status, url).toBe(400);
        expect((answer.body as Problem).errors, url).toEqual([
          { field: 'url', message: checkEndpointUrl(url) },
        ]);
        const changed = await patch(endpoint.id, { url });
        expect(changed.status, url).toBe(400);
      }
      expect((await get(endpoint.id)).body).toMatchObject({
        url: 'https://hooks.example.com/offerlink',
      });
    } finally {
      if (saved === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
      else process.env.WEBHOOK_ALLOW_PRIVATE_URLS = saved;
      resetConfigForTests();
    }
  });
});

describe('rotate and delete', () => {
  test('rotate answers the new secret once; deliveries verify with either secret in the grace period', async () => {
    receiver.received = [];
    const made = (await create({ url: `${receiver.url}/rotate`, events: ['member.created'] }))
      .body as Endpoint;
    const old = made.secret!;
    const before = Date.now();
    const rotated = await callApi(rotateRoute, {
      method: 'POST',
      path: `/webhook_endpoints/${made.id}/rotate_secret`,
      params: { endpointId: made.id },
      secret,
    });
    expect(rotated.status).toBe(200);
    const endpoint = rotated.body as Endpoint;
    const fresh = endpoint.secret!;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    // The page's grace period: 24 hours.
    const expires = Date.parse(endpoint.previous_secret_expires_at!);
    expect(expires - before).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    await sendTest(made.id);
    await runJobs();
    const [request] = receiver.received;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(old, request).type).toBe('webhook.test');
    expect(verify(fresh, request).type).toBe('webhook.test');
    const got = await get(made.id);
    expectNoSecret(got, fresh);
    expectNoSecret(got, old);
  });

  test('delete: 200 once, then 404; its log goes with it', async () => {
    const endpoint = (await create({ url: `${receiver.url}/gone`, events: ['member.created'] }))
      .body as Endpoint;
    const del = () =>
      callApi(endpointRoute, {
        method: 'DELETE',
        path: `/webhook_endpoints/${endpoint.id}`,
        params: { endpointId: endpoint.id },
        secret,
      });
    const deleted = await del();
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ object: 'webhook_endpoint', id: endpoint.id, deleted: true });
    expect((await del()).status).toBe(404);
    expect((await get(endpoint.id)).status).toBe(404);
    expect((await log(endpoint.id)).status).toBe(404);
  });
});

describe('scopes and idempotency', () => {
  test('a read-only key reads but every write is a 403 problem; nothing changes', async () => {
    const endpoint = (await create({ url: `${receiver.url}/ro`, events: ['member.created'] }))
      .body as Endpoint;
    expect((await get(endpoint.id, readOnly)).status).toBe(200);
    const params = { endpointId: endpoint.id };
    const writes: [Parameters<typeof callApi>[0], string, string, unknown][] = [
      [
        endpointsIndex,
        'POST',
        '/webhook_endpoints',
        { url: `${receiver.url}/x`, events: ['member.created'] },
      ],
      [endpointRoute, 'PATCH', `/webhook_endpoints/${endpoint.id}`, { enabled: false }],
      [endpointRoute, 'DELETE', `/webhook_endpoints/${endpoint.id}`, undefined],
      [rotateRoute, 'POST', `/webhook_endpoints/${endpoint.id}/rotate_secret`, undefined],
      [testRoute, 'POST', `/webhook_endpoints/${endpoint.id}/test`, undefined],
    ];
    const [before] = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    for (const [route, method, path, body] of writes) {
      const answer = await callApi(route, { method, path, params, secret: readOnly, body });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect((answer.body as Problem).type).toBe('urn:offerlink:problem:forbidden');
    }
    const [after] = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect(after).toEqual(before);
    // A key without the webhooks scope does not even read.
    const noScope = (await apiKeyFor(brandId, ['members:write'])).secret;
    expect((await get(endpoint.id, noScope)).status).toBe(403);
  });

  test('Idempotency-Key: the same create replays its answer (the secret too), once made; another body → 422', async () => {
    const key = crypto.randomUUID();
    const body = { url: `${receiver.url}/idem`, events: ['member.created'] };
    const first = await create(body, { 'Idempotency-Key': key });
    const again = await create(body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const made = first.body as Endpoint;
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from webhook_endpoints where brand_id = ${brandId} and url = ${body.url}`,
    );
    expect(n).toBe(1);
    // The stored answer is sealed like the endpoint's secret: a database copy alone has neither.
    const [stored] = await db.execute<{ response_body: string }>(
      sql`select response_body from api_idempotency_keys where key = ${key}`,
    );
    expect(stored.response_body).not.toContain(made.secret!);
    expect(stored.response_body.startsWith('sealed:')).toBe(true);

    const other = await create(
      { ...body, url: `${receiver.url}/other` },
      { 'Idempotency-Key': key },
    );
    expect(other.status).toBe(422);
    expect((other.body as Problem).type).toBe('urn:offerlink:problem:idempotency_key_reused');

    // A PATCH replays too, without running again.
    const patchKey = crypto.randomUUID();
    const call = () =>
      callApi(endpointRoute, {
        method: 'PATCH',
        path: `/webhook_endpoints/${made.id}`,
        params: { endpointId: made.id },
        secret,
        body: { enabled: false },
        headers: { 'Idempotency-Key': patchKey },
      });
    expect((await call()).status).toBe(200);
    expect((await call()).headers.get('idempotent-replayed')).toBe('true');
  });

  test('the OpenAPI document has the webhook operations; no read schema has a secret', async () => {
    const answer = await callApi(openapiRoute, { path: '/openapi.json' });
    const doc = answer.body as {
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/webhook_endpoints',
        '/webhook_endpoints/{endpointId}',
        '/webhook_endpoints/{endpointId}/rotate_secret',
        '/webhook_endpoints/{endpointId}/test',
        '/webhook_endpoints/{endpointId}/deliveries',
        '/webhook_deliveries/{deliveryId}/resend',
      ]),
    );
    expect(doc.components.schemas.WebhookEndpoint.properties).not.toHaveProperty('secret');
    expect(doc.components.schemas.WebhookEndpointWithSecret.properties).toHaveProperty('secret');
  });
});
