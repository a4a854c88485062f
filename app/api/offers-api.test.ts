/**
 * Offers over the API (create, update, pause/resume) through the portal's own rules, and the
 * framework's write path: JSON parsing, field errors, Idempotency-Key replays and refusals.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import * as offersIndex from '../routes/api+/v1.offers._index';
import * as offerRoute from '../routes/api+/v1.offers.$offerId._index';
import * as pauseRoute from '../routes/api+/v1.offers.$offerId.pause';
import * as resumeRoute from '../routes/api+/v1.offers.$offerId.resume';
import { claimIdempotencyKey, requestFingerprint } from './idempotency.server';

let brandId: string;
let secret: string;
let keyId: string;

beforeAll(async () => {
  brandId = (await createBrandWithUser({ brandName: 'Offers API' })).brand.id;
  const key = await apiKeyFor(brandId, ['offers:write']);
  secret = key.secret;
  keyId = key.id;
});

const newOffer = (name: string) => ({
  name,
  offer_url: 'https://shop.example.com/summer',
  currency: 'EUR',
  ends_at: '2027-06-30T12:00:00Z',
  utm: { utm_source: 'offerlink', utm_campaign: '{creator_name}' },
  payout_options: [
    { title: 'Standard', type: 'cps_percent', percent: '12.5', is_default: true },
    { title: 'Flat', type: 'cpa_flat', amount: 250 },
  ],
});

type Offer = {
  id: string;
  name: string;
  status: string;
  currency: string;
  ends_at: string | null;
  utm: Record<string, string | null>;
  payout_options: {
    id: string;
    type: string;
    percent: string | null;
    amount: number | null;
    is_default: boolean;
  }[];
};

describe('offers', () => {
  test('create, read back, update and pause/resume', async () => {
    const created = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: newOffer('Summer'),
    });
    expect(created.status).toBe(201);
    const offer = created.body as Offer;
    expect(offer).toMatchObject({
      name: 'Summer',
      status: 'active',
      currency: 'EUR',
      ends_at: '2027-06-30T12:00:00.000Z',
      utm: { utm_source: 'offerlink', utm_campaign: '{creator_name}', utm_medium: null },
    });
    expect(offer.payout_options).toMatchObject([
      { type: 'cps_percent', percent: '12.5', amount: null, is_default: true },
      { type: 'cpa_flat', percent: null, amount: 250, is_default: false },
    ]);

    const params = { offerId: offer.id };
    const updated = await callApi(offerRoute, {
      method: 'PATCH',
      path: `/offers/${offer.id}`,
      params,
      secret,
      body: { name: 'Summer (extended)', holding_period_days: 14 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Summer (extended)', holding_period_days: 14 });
    // Left out: unchanged, payout options kept with their ids.
    expect((updated.body as Offer).payout_options.map((p) => p.id)).toEqual(
      offer.payout_options.map((p) => p.id),
    );

    const paused = await callApi(pauseRoute, {
      method: 'POST',
      path: `/offers/${offer.id}/pause`,
      params,
      secret,
    });
    expect(paused.body).toMatchObject({ status: 'paused' });
    const resumed = await callApi(resumeRoute, {
      method: 'POST',
      path: `/offers/${offer.id}/resume`,
      params,
      secret,
    });
    expect(resumed.body).toMatchObject({ status: 'active' });
  });

  test('the portal’s rules refuse bad input, naming the API’s fields; nothing is made', async () => {
    const answer = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: {
        name: 'Broken',
        offer_url: 'javascript:alert(1)',
        payout_options: [
          { title: 'Too much', type: 'cps_percent', percent: 150, is_default: true },
        ],
      },
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['offer_url', 'payout_options.0.percent']));
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from offers where brand_id = ${brandId} and name = 'Broken'`,
    );
    expect(n).toBe(0);

    await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: newOffer('Taken'),
    });
    const taken = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: newOffer('taken'),
    });
    expect(taken.status).toBe(400);
    expect((taken.body as { errors: { field: string }[] }).errors[0].field).toBe('name');
  });

  test('malformed JSON, another content type and a wrong type are problems', async () => {
    const malformed = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    expect((malformed.body as { type: string }).type).toBe('urn:offerlink:problem:malformed_json');
    const form = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const wrongType = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: { name: 5, offer_url: 'https://x.example.com', payout_options: [] },
    });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { errors: { field: string }[] }).errors[0].field).toBe('name');
  });
});

describe('Idempotency-Key', () => {
  test('same key and body replays; another body is 422; the offer is made once', async () => {
    const headers = { 'idempotency-key': 'create-winter-1' };
    const body = newOffer('Winter');
    const first = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    const again = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body,
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from offers where brand_id = ${brandId} and name = 'Winter'`,
    );
    expect(n).toBe(1);

    const other = await callApi(offersIndex, {
      method: 'POST',
      path: '/offers',
      secret,
      body: newOffer('Autumn'),
      headers,
    });
    expect(other.status).toBe(422);
    expect((other.body as { type: string }).type).toBe(
      'urn:offerlink:problem:idempotency_key_reused',
    );
  });

  test('a request still running makes the second 409; kept 24 hours', async () => {
    const fingerprint = requestFingerprint('POST', '/api/v1/offers', '{}');
    expect(await claimIdempotencyKey(keyId, 'running-1', fingerprint)).toBeNull();
    await expect(claimIdempotencyKey(keyId, 'running-1', fingerprint)).rejects.toMatchObject({
      status: 409,
      kind: 'idempotency_in_progress',
    });
    // After 24 hours the key is free again.
    await db.execute(
      sql`update api_idempotency_keys set created_at = now() - interval '25 hours' where key = 'running-1'`,
    );
    expect(await claimIdempotencyKey(keyId, 'running-1', fingerprint)).toBeNull();
  });
});
