import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startChildServer, type ChildServer } from '../test/processes';
import { freePort } from '../test/postgres-server';
import { e2eDatabase, e2eDatabaseUrl } from './database';
import { expect, test } from './fixtures';
import { openApiClient } from './openapi-client';

/**
 * Issue 22's "Done when" for the API: a client written against the served OpenAPI document alone
 * (e2e/openapi-client.ts) creates a member and a link, a sale is reported by the brand's server
 * postback on a click of that link, then the client lists the conversion, rejects it and reads the
 * report; a key without the write scope gets 403 problem+json; a revoked key gets 401 at once on
 * two web processes sharing the database.
 */

/** An API key of the brand as the Developers page makes one (only the secret's SHA-256 kept). */
async function insertKey(brandId: string, name: string, scopes: string[]) {
  const secret = `olk_live_${randomBytes(32).toString('base64url')}`;
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into api_keys (brand_id, name, prefix, secret_hash, scopes)
      values (${brandId}, ${name}, ${secret.slice(0, 16)},
              ${createHash('sha256').update(secret).digest('hex')}, ${scopes})
      returning id`;
    return { id: row.id, secret };
  } finally {
    await sql.end();
  }
}

const WRITE_ALL = ['offers', 'members', 'links', 'conversions', 'payouts', 'reports'].map(
  (r) => `${r}:write`,
);

test('a client made from the OpenAPI document: member, link, postback, list, reject, report; 403 without the scope; a revoked key refused at once by two processes', async ({
  brand,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const sql = e2eDatabase();
  let second: ChildServer | undefined;
  try {
    const [b] = await sql<{ id: string; postback_token: string }[]>`
      select id, postback_token from brands where name = ${brand.brandName}`;
    // An offer paying 10 % of the sale (the client creates the member and the link).
    const [offer] = await sql<{ id: string }[]>`
      insert into offers (brand_id, name, offer_url)
      values (${b.id}, 'Glow Serum', 'https://shop.example.com/serum') returning id`;
    await sql`
      insert into payout_options (brand_id, offer_id, title, type, percent, is_default)
      values (${b.id}, ${offer.id}, 'Standard', 'cps_percent', 10, true)`;
    const key = await insertKey(b.id, 'Integration', WRITE_ALL);
    const api = await openApiClient(baseURL!, key.secret);

    const member = await api.call('createMember', {
      body: { name: 'Ada Creator', email: `ada-${randomUUID()}@example.com` },
      idempotencyKey: randomUUID(),
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const link = await api.call('createLink', {
      body: { member_id: member.body.id, offer_id: offer.id },
      idempotencyKey: randomUUID(),
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);

    // A shopper clicks the link; the brand's server reports the sale of that click.
    const clicked = await request.get(String(link.body.url), { maxRedirects: 0 });
    expect(clicked.status()).toBe(302);
    const clickId = new URL(clicked.headers()['location']).searchParams.get('transaction_id')!;
    const postback = await request.get(
      `/postback?${new URLSearchParams({
        transaction_id: clickId,
        amount: '80.00',
        order_id: 'ORDER-API-1',
        currency: 'USD',
        security_token: b.postback_token,
      })}`,
    );
    expect(postback.status(), await postback.text()).toBe(200);

    const listed = await api.call('listConversions', { query: { order_id: 'ORDER-API-1' } });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);
    const conversion = listed.body.data![0];
    expect(conversion).toMatchObject({
      member_id: member.body.id,
      link_id: link.body.id,
      status: 'pending',
      amount: 8_000,
      commission: 800,
      currency: 'USD',
      source: 'postback',
    });

    const rejected = await api.call('rejectConversion', {
      params: { conversionId: String(conversion.id) },
      body: { reason: 'fraud', note: 'Test order' },
      idempotencyKey: randomUUID(),
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reject_reason: 'fraud' });
    expect((rejected.body.history as { actor: unknown }[])[0].actor).toEqual({
      kind: 'api_key',
      id: key.id,
      name: 'Integration',
    });

    // The report follows once the rollups have folded the click and the rejection (every 2 s).
    await expect
      .poll(
        async () => {
          const report = await api.call('getReport', { query: { period: 'today', by: 'member' } });
          expect(report.status).toBe(200);
          const totals = report.body.totals as { clicks: number; rejected: number };
          return { clicks: totals.clicks, rejected: totals.rejected };
        },
        { timeout: 30_000 },
      )
      .toEqual({ clicks: 1, rejected: 1 });

    // A key that may only read: writes are 403 problem+json and change nothing.
    const reader = await insertKey(b.id, 'Warehouse', ['conversions:read', 'members:read']);
    const readOnly = api.withKey(reader.secret);
    const refused = await readOnly.call('approveConversion', {
      params: { conversionId: String(conversion.id) },
    });
    expect(refused.status).toBe(403);
    expect(refused.contentType).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ type: 'urn:offerlink:problem:forbidden', status: 403 });
    expect(
      (await readOnly.call('createMember', { body: { name: 'X', email: 'x@example.com' } })).status,
    ).toBe(403);

    // A second web process on the same database: the key works on both, then is revoked once
    // and refused by both at their next request.
    const port = await freePort();
    second = await startChildServer({
      env: {
        DATABASE_URL: e2eDatabaseUrl(),
        PORT: String(port),
        RUN_WORKER: '0',
        SEED_DEMO: '0',
        PUBLIC_URL: baseURL,
      },
      readyText: 'Offerlink is running',
    });
    const other = api.withServer(`http://127.0.0.1:${port}`);
    for (const client of [api, other]) {
      expect((await client.call('listConversions', { query: { limit: '1' } })).status).toBe(200);
    }
    await sql`update api_keys set revoked_at = now() where id = ${key.id}`;
    for (const client of [api, other]) {
      const answer = await client.call('listConversions', { query: { limit: '1' } });
      expect(answer.status).toBe(401);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body.detail).toMatch(/revoked/);
    }
  } finally {
    await second?.stop();
    await sql.end();
  }
});
