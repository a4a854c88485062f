/**
 * The API's framework through real route modules and a real database: keys (missing, unknown,
 * revoked, expired → 401; a scope missing → 403), problem+json everywhere, cursor paging, the
 * per-key rate limit with its headers, the 405 of a wrong method and the unknown address.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createOffer } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import * as offersIndex from '../routes/api+/v1.offers._index';
import * as offerRoute from '../routes/api+/v1.offers.$offerId._index';
import * as unknownRoute from '../routes/api+/v1.$';
import * as openapiRoute from '../routes/api+/v1.openapi[.]json';
import { revokeApiKey } from './keys.server';
import { apiRateLimit } from './rate-limit.server';

let brandId: string;
let userId: string;
let offerIds: string[] = [];

beforeAll(async () => {
  const owner = await createBrandWithUser({ brandName: 'API Brand' });
  brandId = owner.brand.id;
  userId = owner.user.id;
  offerIds = [];
  for (const name of ['First', 'Second', 'Third']) {
    offerIds.push((await createOffer(brandId, { name })).offer.id);
  }
});

const savedLimit = apiRateLimit.limit;
afterEach(() => {
  apiRateLimit.limit = savedLimit;
});

function expectProblem(
  answer: { status: number; headers: Headers; body: unknown },
  status: number,
) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  const body = answer.body as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body as { type: string; detail: string; errors?: { field: string; message: string }[] };
}

describe('keys', () => {
  test('no key, a malformed header and an unknown key are 401 problems', async () => {
    const none = expectProblem(await callApi(offersIndex, { path: '/offers' }), 401);
    expect(none.detail).toMatch(/Bearer/);
    const malformed = await callApi(offersIndex, {
      path: '/offers',
      headers: { authorization: 'Basic abc' },
    });
    expectProblem(malformed, 401);
    expect(malformed.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(
      await callApi(offersIndex, { path: '/offers', secret: 'olk_live_nosuchkey' }),
      401,
    );
  });

  test('a revoked key is refused at the next request; an expired key too', async () => {
    const key = await apiKeyFor(brandId, ['offers:read']);
    expect((await callApi(offersIndex, { path: '/offers', secret: key.secret })).status).toBe(200);
    expect(await revokeApiKey(brandId, key.id, userId)).toBe(true);
    const revoked = expectProblem(
      await callApi(offersIndex, { path: '/offers', secret: key.secret }),
      401,
    );
    expect(revoked.detail).toMatch(/revoked/);

    const expiring = await apiKeyFor(brandId, ['offers:read'], {
      expiresAt: new Date(Date.now() + 60_000),
    });
    await db.execute(
      sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expiring.id}`,
    );
    const expired = expectProblem(
      await callApi(offersIndex, { path: '/offers', secret: expiring.secret }),
      401,
    );
    expect(expired.detail).toMatch(/expired/);
  });

  test('a key without the scope gets 403 and a write scope covers reading', async () => {
    const members = await apiKeyFor(brandId, ['members:read']);
    const refused = expectProblem(
      await callApi(offersIndex, { path: '/offers', secret: members.secret }),
      403,
    );
    expect(refused.detail).toContain('offers:read');
    const writer = await apiKeyFor(brandId, ['offers:write']);
    expect((await callApi(offersIndex, { path: '/offers', secret: writer.secret })).status).toBe(
      200,
    );
  });

  test('the last use is recorded with the address', async () => {
    const key = await apiKeyFor(brandId, ['offers:read']);
    await callApi(offersIndex, {
      path: '/offers',
      secret: key.secret,
      headers: { 'x-offerlink-client-ip': '203.0.113.9' },
    });
    const [row] = await db.execute<{ last_used_ip: string; used: boolean }>(
      sql`select last_used_ip, last_used_at is not null as used from api_keys where id = ${key.id}`,
    );
    expect(row).toMatchObject({ used: true });
  });
});

describe('paging', () => {
  test('newest first by an opaque cursor, limit and has_more', async () => {
    const key = await apiKeyFor(brandId, ['offers:read']);
    const first = await callApi(offersIndex, { path: '/offers?limit=2', secret: key.secret });
    expect(first.status).toBe(200);
    const page1 = first.body as {
      data: { id: string; name: string }[];
      has_more: boolean;
      next_starting_after: string;
    };
    expect(page1.data.map((o) => o.name)).toEqual(['Third', 'Second']);
    expect(page1.has_more).toBe(true);
    const second = await callApi(offersIndex, {
      path: `/offers?limit=2&starting_after=${page1.next_starting_after}`,
      secret: key.secret,
    });
    const page2 = second.body as typeof page1;
    expect(page2.data.map((o) => o.name)).toEqual(['First']);
    expect(page2.has_more).toBe(false);
    expect(page2.next_starting_after).toBeNull();
  });

  test('a limit over 100 and a made-up cursor are 400 problems naming the field', async () => {
    const key = await apiKeyFor(brandId, ['offers:read']);
    const tooMany = expectProblem(
      await callApi(offersIndex, { path: '/offers?limit=101', secret: key.secret }),
      400,
    );
    expect(tooMany.errors?.[0].field).toBe('limit');
    const badCursor = expectProblem(
      await callApi(offersIndex, { path: '/offers?starting_after=abc', secret: key.secret }),
      400,
    );
    expect(badCursor.errors?.[0].field).toBe('starting_after');
  });
});

describe('rate limit', () => {
  test('headers on every answer; over the limit a 429 with Retry-After', async () => {
    apiRateLimit.limit = 2;
    const key = await apiKeyFor(brandId, ['offers:read']);
    const first = await callApi(offersIndex, { path: '/offers', secret: key.secret });
    expect(first.headers.get('ratelimit-policy')).toBe('"per-key";q=2;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"per-key";r=1;t=\d+$/);
    await callApi(offersIndex, { path: '/offers', secret: key.secret });
    const limited = await callApi(offersIndex, { path: '/offers', secret: key.secret });
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit')).toMatch(/^"per-key";r=0;/);
    // Another key of the same brand has its own budget.
    const other = await apiKeyFor(brandId, ['offers:read']);
    expect((await callApi(offersIndex, { path: '/offers', secret: other.secret })).status).toBe(
      200,
    );
  });
});

describe('addresses and methods', () => {
  test('another brand’s offer and a malformed id are 404 problems', async () => {
    const other = await createBrandWithUser();
    const key = await apiKeyFor(other.brand.id, ['offers:read']);
    expectProblem(
      await callApi(offerRoute, {
        path: `/offers/${offerIds[0]}`,
        params: { offerId: offerIds[0] },
        secret: key.secret,
      }),
      404,
    );
    expectProblem(
      await callApi(offerRoute, {
        path: '/offers/nope',
        params: { offerId: 'nope' },
        secret: key.secret,
      }),
      404,
    );
  });

  test('a wrong method is a 405 problem with Allow', async () => {
    const key = await apiKeyFor(brandId);
    const answer = await callApi(offerRoute, {
      method: 'DELETE',
      path: `/offers/${offerIds[0]}`,
      params: { offerId: offerIds[0] },
      secret: key.secret,
    });
    expectProblem(answer, 405);
    expect(answer.headers.get('allow')).toContain('GET');
  });

  test('an unknown address under /api/v1 is a 404 problem', async () => {
    expectProblem(await callApi(unknownRoute, { path: '/nothing/here' }), 404);
    expectProblem(await callApi(unknownRoute, { method: 'POST', path: '/nothing', body: {} }), 404);
  });

  test('the OpenAPI document lists the operations with their schemas', async () => {
    const answer = await callApi(openapiRoute, { path: '/openapi.json' });
    expect(answer.status).toBe(200);
    const doc = answer.body as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/offers'].get.operationId).toBe('listOffers');
    expect(doc.paths['/offers/{offerId}'].get.operationId).toBe('getOffer');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Offer', 'Problem', 'PayoutOption']),
    );
  });
});
