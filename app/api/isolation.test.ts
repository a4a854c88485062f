/**
 * Tenant isolation of the REST API, table-driven over the route files of app/routes/api+/: every
 * file needs a row below (a new route file without one fails this test, as does a row without a
 * file or an operation without its case). Another brand's key with this brand's ids gets a 404
 * problem on every operation that takes an id (in the path or the body), lists show only the
 * key's brand, and nothing of this brand changes. Every list filter that names a row
 * (`member_id`, `offer_id`…, the report's `offer`, `member`…) answers 404 naming the filter for
 * another brand's id and for an unknown one (decision 065); a query field that looks like one
 * but is not declared as one fails this test.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions, promoCodes, statements, webhookDeliveries } from '../../db/schema';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import { OWNED_KINDS, type OwnedKind } from '../brands/owned-rows.server';
import { rollupBrand } from '../payouts/rollup.server';
import { sendTestEvent } from '../webhooks/delivery-log.server';
import { createEndpoint } from '../webhooks/endpoints.server';
import { idFiltersOf } from './params';
import { registeredOperations } from './registry.server';

type RouteModule = Parameters<typeof callApi>[0];

interface World {
  offerId: string;
  memberId: string;
  projectId: string;
  linkId: string;
  payoutOptionId: string;
  conversionId: string;
  statementId: string;
  promoCodeId: string;
  endpointId: string;
  deliveryId: string;
}

/** What an operation is asked with another brand's key: `foreign` cases must answer 404. */
interface Case {
  /** Path parameters (this brand's ids). */
  params?: (w: World) => Record<string, string>;
  body?: (w: World) => unknown;
  /** `foreign`: reaches this brand's rows → 404. `own`: names no id, acts in the key's brand. */
  expect: 'foreign' | 'own';
}

const offerParams = (w: World) => ({ offerId: w.offerId });
const memberParams = (w: World) => ({ memberId: w.memberId });
const conversionParams = (w: World) => ({ conversionId: w.conversionId });
const statementParams = (w: World) => ({ statementId: w.statementId });
const promoCodeParams = (w: World) => ({ promoCodeId: w.promoCodeId });
const endpointParams = (w: World) => ({ endpointId: w.endpointId });

/** Every route file of app/routes/api+/, its API path, and a case per method. */
const ROUTES: Record<string, { path: string | null; cases: Record<string, Case> }> = {
  'v1.$.ts': { path: null, cases: {} },
  'v1.openapi[.]json.ts': { path: null, cases: {} },
  'v1.offers._index.ts': {
    path: '/offers',
    cases: {
      GET: { expect: 'own' },
      POST: {
        expect: 'own',
        body: () => ({
          name: 'Their own offer',
          offer_url: 'https://theirs.example.com/',
          payout_options: [{ title: 'A', type: 'cps_percent', percent: '5', is_default: true }],
        }),
      },
    },
  },
  'v1.offers.$offerId._index.ts': {
    path: '/offers/{offerId}',
    cases: {
      GET: { expect: 'foreign', params: offerParams },
      PATCH: { expect: 'foreign', params: offerParams, body: () => ({ name: 'Hijacked' }) },
    },
  },
  'v1.offers.$offerId.pause.ts': {
    path: '/offers/{offerId}/pause',
    cases: { POST: { expect: 'foreign', params: offerParams } },
  },
  'v1.offers.$offerId.resume.ts': {
    path: '/offers/{offerId}/resume',
    cases: { POST: { expect: 'foreign', params: offerParams } },
  },
  'v1.members._index.ts': {
    path: '/members',
    cases: {
      GET: { expect: 'own' },
      POST: { expect: 'own', body: () => ({ name: 'Theirs', email: 'theirs@example.com' }) },
    },
  },
  'v1.members.$memberId._index.ts': {
    path: '/members/{memberId}',
    cases: {
      GET: { expect: 'foreign', params: memberParams },
      PATCH: { expect: 'foreign', params: memberParams, body: () => ({ name: 'Hijacked' }) },
    },
  },
  'v1.members.upsert.ts': {
    path: '/members/upsert',
    // Same email as this brand's member: the key's brand gets its own member, this one is untouched.
    cases: {
      POST: { expect: 'own', body: () => ({ name: 'Hijacked', email: 'rita@example.com' }) },
    },
  },
  'v1.members.bulk.ts': {
    path: '/members/bulk',
    cases: {
      POST: {
        expect: 'own',
        body: () => ({ members: [{ name: 'Hijacked', email: 'rita@example.com' }] }),
      },
    },
  },
  'v1.projects._index.ts': {
    path: '/projects',
    cases: { GET: { expect: 'own' }, POST: { expect: 'own', body: () => ({ name: 'Isolated' }) } },
  },
  'v1.projects.$projectId._index.ts': {
    path: '/projects/{projectId}',
    cases: {
      GET: { expect: 'foreign', params: (w) => ({ projectId: w.projectId }) },
      PATCH: {
        expect: 'foreign',
        params: (w) => ({ projectId: w.projectId }),
        body: () => ({ name: 'Hijacked' }),
      },
    },
  },
  'v1.links._index.ts': {
    path: '/links',
    cases: {
      GET: { expect: 'own' },
      POST: { expect: 'foreign', body: (w) => ({ offer_id: w.offerId, member_id: w.memberId }) },
    },
  },
  'v1.links.$linkId._index.ts': {
    path: '/links/{linkId}',
    cases: { GET: { expect: 'foreign', params: (w) => ({ linkId: w.linkId }) } },
  },
  'v1.links.bulk.ts': {
    path: '/links/bulk',
    // Each item refers to this brand's offer: every item fails, nothing is made.
    cases: {
      POST: {
        expect: 'own',
        body: (w) => ({ links: [{ offer_id: w.offerId, member_id: w.memberId }] }),
      },
    },
  },
  'v1.conversions._index.ts': {
    path: '/conversions',
    cases: {
      GET: { expect: 'own' },
      POST: {
        expect: 'foreign',
        body: (w) => ({
          member_id: w.memberId,
          link_id: w.linkId,
          order_id: 'HIJACK-1',
          amount: 1_000,
          occurred_at: new Date().toISOString(),
        }),
      },
    },
  },
  'v1.conversions.$conversionId._index.ts': {
    path: '/conversions/{conversionId}',
    cases: { GET: { expect: 'foreign', params: conversionParams } },
  },
  'v1.conversions.$conversionId.approve.ts': {
    path: '/conversions/{conversionId}/approve',
    cases: { POST: { expect: 'foreign', params: conversionParams } },
  },
  'v1.conversions.$conversionId.reject.ts': {
    path: '/conversions/{conversionId}/reject',
    cases: {
      POST: { expect: 'foreign', params: conversionParams, body: () => ({ reason: 'fraud' }) },
    },
  },
  'v1.conversions.$conversionId.reverse.ts': {
    path: '/conversions/{conversionId}/reverse',
    cases: { POST: { expect: 'foreign', params: conversionParams } },
  },
  'v1.statements._index.ts': { path: '/statements', cases: { GET: { expect: 'own' } } },
  'v1.statements.$statementId._index.ts': {
    path: '/statements/{statementId}',
    cases: { GET: { expect: 'foreign', params: statementParams } },
  },
  'v1.statements.$statementId.lines.ts': {
    path: '/statements/{statementId}/lines',
    cases: { GET: { expect: 'foreign', params: statementParams } },
  },
  'v1.statements.$statementId.mark_paid.ts': {
    path: '/statements/{statementId}/mark_paid',
    cases: {
      POST: {
        expect: 'foreign',
        params: statementParams,
        body: (w) => ({
          balance: [{ statement_id: w.statementId, amount: 1_000 }],
          paid_on: new Date().toISOString().slice(0, 10),
          payment_method: 'other',
        }),
      },
    },
  },
  'v1.reports.ts': { path: '/reports', cases: { GET: { expect: 'own' } } },
  'v1.promo_codes._index.ts': {
    path: '/promo_codes',
    cases: {
      GET: { expect: 'own' },
      // This brand's member and offer, with a code free in the key's brand: 404, nothing made.
      POST: {
        expect: 'foreign',
        body: (w) => ({ member_id: w.memberId, offer_id: w.offerId, code: 'HIJACK10' }),
      },
    },
  },
  'v1.promo_codes.$promoCodeId._index.ts': {
    path: '/promo_codes/{promoCodeId}',
    cases: { GET: { expect: 'foreign', params: promoCodeParams } },
  },
  'v1.promo_codes.$promoCodeId.deactivate.ts': {
    path: '/promo_codes/{promoCodeId}/deactivate',
    cases: { POST: { expect: 'foreign', params: promoCodeParams } },
  },
  'v1.webhook_endpoints._index.ts': {
    path: '/webhook_endpoints',
    cases: {
      GET: { expect: 'own' },
      POST: {
        expect: 'own',
        body: () => ({ url: 'http://127.0.0.1:9/theirs', events: ['member.created'] }),
      },
    },
  },
  'v1.webhook_endpoints.$endpointId._index.ts': {
    path: '/webhook_endpoints/{endpointId}',
    cases: {
      GET: { expect: 'foreign', params: endpointParams },
      PATCH: {
        expect: 'foreign',
        params: endpointParams,
        body: () => ({ url: 'http://127.0.0.1:9/hijacked', enabled: false }),
      },
      DELETE: { expect: 'foreign', params: endpointParams },
    },
  },
  'v1.webhook_endpoints.$endpointId.rotate_secret.ts': {
    path: '/webhook_endpoints/{endpointId}/rotate_secret',
    cases: { POST: { expect: 'foreign', params: endpointParams } },
  },
  'v1.webhook_endpoints.$endpointId.[test].ts': {
    path: '/webhook_endpoints/{endpointId}/test',
    cases: { POST: { expect: 'foreign', params: endpointParams } },
  },
  'v1.webhook_endpoints.$endpointId.deliveries.ts': {
    path: '/webhook_endpoints/{endpointId}/deliveries',
    cases: { GET: { expect: 'foreign', params: endpointParams } },
  },
  'v1.webhook_deliveries.$deliveryId.resend.ts': {
    path: '/webhook_deliveries/{deliveryId}/resend',
    cases: { POST: { expect: 'foreign', params: (w) => ({ deliveryId: w.deliveryId }) } },
  },
};

/**
 * Query fields that name a row but are checked by the area module rather than declared with
 * `idFilter` (the report's filters are the Reports page's: a malformed id is a 404 there too).
 */
const MODULE_CHECKED_FILTERS: Record<string, Record<string, OwnedKind>> = {
  'GET /reports': { offer: 'offer', member: 'member', link: 'link', project: 'project' },
};

/** A query field that looks like it names a row. */
const LOOKS_LIKE_AN_ID = new RegExp(`(_id$)|^(${OWNED_KINDS.join('|')})$`);
/** …but does not: the merchant's own order number (free text, no row of ours). */
const NOT_A_ROW = new Set(['GET /conversions ?order_id']);

const here = path.dirname(fileURLToPath(import.meta.url));
const routesDir = path.join(here, '../routes/api+');
const modules = import.meta.glob<RouteModule>('../routes/api+/*.ts', { eager: true });
const moduleOf = (file: string) => modules[`../routes/api+/${file}`];

let world: World;
let attacker: string;
let victimBrandId: string;

/** Everything of the brand that an API write could change, as one fingerprint. */
async function fingerprint(brandId: string): Promise<string> {
  const [row] = await db.execute<{ f: string }>(sql`
    select md5(concat_ws('|',
      (select string_agg(o::text, ',' order by o.id) from offers o where brand_id = ${brandId}),
      (select string_agg(p::text, ',' order by p.id) from payout_options p where brand_id = ${brandId}),
      (select string_agg(m::text, ',' order by m.id) from members m where brand_id = ${brandId}),
      (select string_agg(pr::text, ',' order by pr.id) from projects pr where brand_id = ${brandId}),
      (select string_agg(pm::text, ',' order by pm.project_id, pm.member_id) from project_members pm where brand_id = ${brandId}),
      (select string_agg(l::text, ',' order by l.id) from links l where brand_id = ${brandId}),
      (select string_agg(c::text, ',' order by c.id) from conversions c where brand_id = ${brandId}),
      (select string_agg(s::text, ',' order by s.id) from statements s where brand_id = ${brandId}),
      (select string_agg(pc::text, ',' order by pc.id) from promo_codes pc where brand_id = ${brandId}),
      (select string_agg(e::text, ',' order by e.id) from webhook_endpoints e where brand_id = ${brandId}),
      (select string_agg(d::text, ',' order by d.id) from webhook_deliveries d where brand_id = ${brandId}),
      (select count(*)::text from webhook_events ev where brand_id = ${brandId}),
      (select count(*)::text from conversion_status_history h where brand_id = ${brandId})
    )) as f`);
  return row.f;
}

beforeAll(async () => {
  const owner = await createBrandWithUser({ brandName: 'Victim' });
  const brandId = owner.brand.id;
  const project = await createProject(brandId, 'Victim project');
  const member = await createMember(brandId, {
    name: 'Rita',
    email: 'rita@example.com',
    projectIds: [project.id],
  });
  const { offer, payouts } = await createOffer(brandId, { name: 'Victim offer' });
  const link = await createLink({
    brandId,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  // An approved conversion in an open statement (the rollup, past any holding period).
  const [conversion] = await db
    .insert(conversions)
    .values({
      brandId,
      offerId: offer.id,
      linkId: link.id,
      memberId: member.id,
      payoutOptionId: payouts[0].id,
      orderId: 'VICTIM-1',
      amountMinor: 10_000,
      currency: offer.currency,
      commissionMinor: 1_000,
      status: 'pending',
      source: 'postback',
    })
    .returning();
  await rollupBrand(brandId, { now: new Date(Date.now() + 400 * 86_400_000) });
  const [statement] = await db.select().from(statements).where(eq(statements.brandId, brandId));
  const [promoCode] = await db
    .insert(promoCodes)
    .values({ brandId, offerId: offer.id, memberId: member.id, code: 'RITA10' })
    .returning();
  const endpoint = await createEndpoint(brandId, owner.user.id, {
    url: 'http://127.0.0.1:9/victim',
    description: null,
    eventTypes: ['member.created'],
  });
  const deliveryId = (await sendTestEvent(brandId, endpoint.id))!;
  // Sent and answered: a resend would make it pending again.
  await db
    .update(webhookDeliveries)
    .set({ status: 'succeeded', attempts: 1 })
    .where(eq(webhookDeliveries.id, deliveryId));
  world = {
    offerId: offer.id,
    memberId: member.id,
    projectId: project.id,
    linkId: link.id,
    payoutOptionId: payouts[0].id,
    conversionId: conversion.id,
    statementId: statement.id,
    promoCodeId: promoCode.id,
    endpointId: endpoint.id,
    deliveryId,
  };
  victimBrandId = brandId;
  const other = await createBrandWithUser({ brandName: 'Attacker' });
  attacker = (await apiKeyFor(other.brand.id)).secret;
});

const victim = () => victimBrandId;

test('every route file of app/routes/api+/ has a row, and every row a file', () => {
  const files = readdirSync(routesDir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  expect(files).toEqual(Object.keys(ROUTES).sort());
});

test('every registered operation has a case, and every case an operation', () => {
  const registered = [...registeredOperations().keys()].sort();
  const cased = Object.values(ROUTES)
    .filter((r) => r.path)
    .flatMap((r) => Object.keys(r.cases).map((method) => `${method} ${r.path}`))
    .sort();
  expect(cased).toEqual(registered);
});

describe.each(Object.entries(ROUTES).filter(([, r]) => r.path))('%s', (file, route) => {
  test.each(Object.entries(route.cases))('%s with another brand’s key', async (method, c) => {
    const before = await fingerprint(victim());
    const params = c.params?.(world) ?? {};
    const urlPath = route.path!.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
    const answer = await callApi(moduleOf(file), {
      method,
      path: urlPath,
      params,
      secret: attacker,
      body: c.body?.(world),
    });
    if (c.expect === 'foreign') {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
    } else {
      expect(answer.status).toBeLessThan(500);
      // Whatever it answered, no id of the victim's appears in it.
      for (const id of Object.values(world)) expect(answer.text).not.toContain(id);
    }
    expect(await fingerprint(victim())).toBe(before);
  });
});

/** Every list filter naming a row: the registered `idFilter`s and the module-checked ones. */
function filterCases() {
  const out: { operation: string; file: string; name: string; kind: OwnedKind }[] = [];
  const undeclared: string[] = [];
  for (const [operation, { path: opPath, op }] of registeredOperations()) {
    const file = Object.entries(ROUTES).find(([, r]) => r.path === opPath)?.[0];
    if (!file) continue;
    const declared = new Map<string, OwnedKind>(
      idFiltersOf(op.query).map(({ name, kind }) => [name, kind]),
    );
    for (const [name, kind] of Object.entries(MODULE_CHECKED_FILTERS[operation] ?? {})) {
      declared.set(name, kind);
    }
    for (const name of Object.keys(op.query?.shape ?? {})) {
      const kind = declared.get(name);
      if (kind) out.push({ operation, file, name, kind });
      else if (LOOKS_LIKE_AN_ID.test(name) && !NOT_A_ROW.has(`${operation} ?${name}`)) {
        undeclared.push(`${operation} ?${name}`);
      }
    }
  }
  return { cases: out, undeclared };
}

test('every query field that names a row is a checked id filter', () => {
  const { cases, undeclared } = filterCases();
  expect(undeclared).toEqual([]);
  // The lists of issue 22 and after: conversions, links, members, promo codes, statements, reports.
  expect(cases.map((c) => `${c.operation} ?${c.name}`).sort()).toEqual(
    [
      'GET /conversions ?member_id',
      'GET /conversions ?offer_id',
      'GET /links ?member_id',
      'GET /links ?offer_id',
      'GET /members ?project_id',
      'GET /promo_codes ?member_id',
      'GET /promo_codes ?offer_id',
      'GET /reports ?link',
      'GET /reports ?member',
      'GET /reports ?offer',
      'GET /reports ?project',
      'GET /statements ?member_id',
    ].sort(),
  );
});

describe.each(filterCases().cases.map((c) => [`${c.operation} ?${c.name}`, c] as const))(
  '%s',
  (_, c) => {
    const call = (id: string) => {
      const opPath = c.operation.split(' ')[1];
      return callApi(moduleOf(c.file), {
        path: `${opPath}?${c.name}=${encodeURIComponent(id)}`,
        secret: attacker,
      });
    };
    const ofKind = (w: World): string =>
      ({ offer: w.offerId, member: w.memberId, link: w.linkId, project: w.projectId })[c.kind];

    test.each([
      ['another brand’s id', (w: World) => ofKind(w)],
      ['an unknown id', () => crypto.randomUUID()],
    ])('%s → 404 naming the filter', async (_, id) => {
      const answer = await call(id(world));
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        type: 'urn:offerlink:problem:not_found',
        errors: [{ field: c.name }],
      });
      expect((answer.body as { detail: string }).detail).toContain(c.name);
    });

    test('a malformed id stays as it was (400 on the field; the report’s 404)', async () => {
      const answer = await call('not-an-id');
      if (MODULE_CHECKED_FILTERS[c.operation]) {
        expect(answer.status).toBe(404);
      } else {
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ errors: [{ field: c.name }] });
      }
    });
  },
);
