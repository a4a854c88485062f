/**
 * Promo codes over the API: create (typed or from a template) with the portal's rules and
 * messages, get, list with filters and cursor paging, deactivate, Idempotency-Key, the scope —
 * through the promo-codes module the portal uses.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { offers, promoCodes } from '../../db/schema';
import { createBrandWithUser, createMember, createOffer } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import { setMemberPromoCode } from '../promo-codes/promo-codes.server';
import * as codesIndex from '../routes/api+/v1.promo_codes._index';
import * as codeRoute from '../routes/api+/v1.promo_codes.$promoCodeId._index';
import * as deactivateRoute from '../routes/api+/v1.promo_codes.$promoCodeId.deactivate';
import * as openapiRoute from '../routes/api+/v1.openapi[.]json';

let brandId: string;
let secret: string;
let offerId: string;
let otherOfferId: string;
let maya: string;
let theo: string;

beforeAll(async () => {
  const owner = await createBrandWithUser({ brandName: 'Codes API' });
  brandId = owner.brand.id;
  secret = (await apiKeyFor(brandId, ['promo_codes:write'])).secret;
  offerId = (await createOffer(brandId, { name: 'Spring' })).offer.id;
  otherOfferId = (await createOffer(brandId, { name: 'Summer' })).offer.id;
  maya = (await createMember(brandId, { name: 'Maya Lopez', email: 'maya@example.com' })).id;
  theo = (await createMember(brandId, { name: 'Théo Martin', email: 'theo@example.com' })).id;
});

type Code = {
  object: string;
  id: string;
  code: string;
  member_id: string;
  offer_id: string;
  discount: string | null;
  status: string;
  created_at: string;
  deactivated_at: string | null;
};
type Problem = { type: string; errors?: { field: string; message: string }[] };

const create = (body: unknown, headers?: Record<string, string>) =>
  callApi(codesIndex, { method: 'POST', path: '/promo_codes', secret, body, headers });

describe('create', () => {
  test('a typed code is upper-cased; the discount text is saved on the offer; get returns it', async () => {
    const made = await create({
      member_id: maya,
      offer_id: offerId,
      code: ' maya15 ',
      discount: '15 % off',
    });
    expect(made.status).toBe(201);
    const code = made.body as Code;
    expect(code).toMatchObject({
      object: 'promo_code',
      code: 'MAYA15',
      member_id: maya,
      offer_id: offerId,
      discount: '15 % off',
      status: 'active',
      deactivated_at: null,
    });
    const [offer] = await db.select().from(offers).where(eq(offers.id, offerId));
    expect(offer.promoDiscount).toBe('15 % off');

    const got = await callApi(codeRoute, {
      path: `/promo_codes/${code.id}`,
      params: { promoCodeId: code.id },
      secret,
    });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(code);

    // The same request again: the member keeps the code, 200, nothing new.
    const again = await create({ member_id: maya, offer_id: offerId, code: 'MAYA15' });
    expect(again.status).toBe(200);
    expect((again.body as Code).id).toBe(code.id);
  });

  test('the portal’s refusals: taken in the brand whatever the case, one per member and offer, format', async () => {
    const taken = await create({ member_id: theo, offer_id: otherOfferId, code: 'Maya15' });
    expect(taken.status).toBe(400);
    const errors = (taken.body as Problem).errors!;
    expect(errors[0].field).toBe('code');
    expect(errors[0].message).toMatch(/MAYA15 is already Maya Lopez’s code on Spring/);

    const second = await create({ member_id: maya, offer_id: offerId, code: 'MAYA20' });
    expect(second.status).toBe(400);
    expect((second.body as Problem).errors![0].message).toMatch(
      /already has the code MAYA15 on this offer/,
    );

    const bad = await create({ member_id: theo, offer_id: offerId, code: 'no spaces' });
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).errors![0]).toMatchObject({ field: 'code' });

    const neither = await create({ member_id: theo, offer_id: offerId });
    expect(neither.status).toBe(400);
    expect((neither.body as Problem).errors![0].field).toBe('code');

    const longDiscount = await create({
      member_id: theo,
      offer_id: offerId,
      code: 'THEO10',
      discount: 'x'.repeat(81),
    });
    expect(longDiscount.status).toBe(400);
    expect((longDiscount.body as Problem).errors![0].field).toBe('discount');

    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from promo_codes where brand_id = ${brandId} and member_id = ${theo}`,
    );
    expect(n).toBe(0);
  });

  test('a template makes the code from the member (and is saved on the offer)', async () => {
    const made = await create({
      member_id: theo,
      offer_id: offerId,
      template: '{CREATOR_NAME}{NN}',
    });
    expect(made.status).toBe(201);
    expect((made.body as Code).code).toMatch(/^THEO\d{2}$/);
    const [offer] = await db.select().from(offers).where(eq(offers.id, offerId));
    expect(offer.promoCodeTemplate).toBe('{CREATOR_NAME}{NN}');

    const badTemplate = await create({
      member_id: maya,
      offer_id: otherOfferId,
      template: '{WHO}',
    });
    expect(badTemplate.status).toBe(400);
    expect((badTemplate.body as Problem).errors![0].field).toBe('template');
  });

  test('unknown member or offer: 404', async () => {
    const foreign = await createBrandWithUser();
    const theirs = await createMember(foreign.brand.id);
    const noMember = await create({ member_id: theirs.id, offer_id: offerId, code: 'GHOST10' });
    expect(noMember.status).toBe(404);
    const noOffer = await create({
      member_id: maya,
      offer_id: crypto.randomUUID(),
      code: 'GHOST10',
    });
    expect(noOffer.status).toBe(404);
    expect(noOffer.headers.get('content-type')).toBe('application/problem+json');
  });

  test('Idempotency-Key: the same body replays, another body is 422, one code made', async () => {
    const member = (await createMember(brandId, { name: 'Ida' })).id;
    const headers = { 'idempotency-key': 'code-ida-1' };
    const body = { member_id: member, offer_id: otherOfferId, code: 'IDA10' };
    const first = await create(body, headers);
    expect(first.status).toBe(201);
    const again = await create(body, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await create({ ...body, code: 'IDA20' }, headers);
    expect(other.status).toBe(422);
    const rows = await db
      .select()
      .from(promoCodes)
      .where(and(eq(promoCodes.brandId, brandId), eq(promoCodes.memberId, member)));
    expect(rows.map((r) => r.code)).toEqual(['IDA10']);
  });
});

describe('deactivate and list', () => {
  test('deactivate keeps the history, frees the text, and a second time is 409', async () => {
    const member = (await createMember(brandId, { name: 'Dana' })).id;
    const made = (await create({ member_id: member, offer_id: offerId, code: 'DANA5' }))
      .body as Code;
    const done = await callApi(deactivateRoute, {
      method: 'POST',
      path: `/promo_codes/${made.id}/deactivate`,
      params: { promoCodeId: made.id },
      secret,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: made.id, code: 'DANA5', status: 'deactivated' });
    expect((done.body as Code).deactivated_at).not.toBeNull();

    const twice = await callApi(deactivateRoute, {
      method: 'POST',
      path: `/promo_codes/${made.id}/deactivate`,
      params: { promoCodeId: made.id },
      secret,
    });
    expect(twice.status).toBe(409);

    // The text is free again: another member can have it.
    const reused = await create({ member_id: theo, offer_id: otherOfferId, code: 'dana5' });
    expect(reused.status).toBe(201);
  });

  test('filters by member, offer and status; pages newest first by cursor', async () => {
    const member = (await createMember(brandId, { name: 'Lina' })).id;
    // Given through the portal's function: the API lists the same rows.
    await setMemberPromoCode({ brandId, offerId, memberId: member, code: 'LINA1', userId: null });
    await setMemberPromoCode({ brandId, offerId, memberId: member, code: 'LINA2', userId: null });
    await setMemberPromoCode({ brandId, offerId, memberId: member, code: 'LINA3', userId: null });

    const all = await callApi(codesIndex, { path: `/promo_codes?member_id=${member}`, secret });
    expect(all.status).toBe(200);
    const list = all.body as { data: Code[]; has_more: boolean };
    expect(list.data.map((c) => [c.code, c.status])).toEqual([
      ['LINA3', 'active'],
      ['LINA2', 'deactivated'],
      ['LINA1', 'deactivated'],
    ]);

    const active = await callApi(codesIndex, {
      path: `/promo_codes?member_id=${member}&status=active`,
      secret,
    });
    expect((active.body as { data: Code[] }).data.map((c) => c.code)).toEqual(['LINA3']);
    const elsewhere = await callApi(codesIndex, {
      path: `/promo_codes?member_id=${member}&offer_id=${otherOfferId}`,
      secret,
    });
    expect((elsewhere.body as { data: Code[] }).data).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await callApi(codesIndex, {
        path: `/promo_codes?member_id=${member}&limit=2${cursor ? `&starting_after=${cursor}` : ''}`,
        secret,
      });
      const body = page.body as { data: Code[]; next_starting_after: string | null };
      seen.push(...body.data.map((c) => c.code));
      cursor = body.next_starting_after;
    } while (cursor);
    expect(seen).toEqual(['LINA3', 'LINA2', 'LINA1']);

    const badFilter = await callApi(codesIndex, { path: '/promo_codes?status=paused', secret });
    expect(badFilter.status).toBe(400);
  });

  test('a key without the promo_codes scope: 403; read-only may list but not write', async () => {
    const membersKey = (await apiKeyFor(brandId, ['members:write'])).secret;
    const refused = await callApi(codesIndex, { path: '/promo_codes', secret: membersKey });
    expect(refused.status).toBe(403);
    const readOnly = (await apiKeyFor(brandId, ['promo_codes:read'])).secret;
    expect((await callApi(codesIndex, { path: '/promo_codes', secret: readOnly })).status).toBe(
      200,
    );
    const write = await callApi(codesIndex, {
      method: 'POST',
      path: '/promo_codes',
      secret: readOnly,
      body: { member_id: maya, offer_id: otherOfferId, code: 'NOPE10' },
    });
    expect(write.status).toBe(403);
  });
});

test('the OpenAPI document has the promo-code operations and the PromoCode schema', async () => {
  const answer = await callApi(openapiRoute, { path: '/openapi.json' });
  const document = answer.body as {
    paths: Record<string, Record<string, { operationId: string }>>;
    components: { schemas: Record<string, unknown> };
  };
  expect(document.paths['/promo_codes'].get.operationId).toBe('listPromoCodes');
  expect(document.paths['/promo_codes'].post.operationId).toBe('createPromoCode');
  expect(document.paths['/promo_codes/{promoCodeId}'].get.operationId).toBe('getPromoCode');
  expect(document.paths['/promo_codes/{promoCodeId}/deactivate'].post.operationId).toBe(
    'deactivatePromoCode',
  );
  expect(Object.keys(document.components.schemas)).toEqual(
    expect.arrayContaining(['PromoCode', 'PromoCodeCreate', 'PromoCodeList']),
  );
});
