/**
 * Every brand route × every role over real HTTP (production build, server.ts). The table below
 * names, for every file of app/routes/brand+/, the rule its loader and action need; a route file
 * without an entry (or an entry without a file, or a loader/action that does not call
 * requireBrandRole) fails this file. A role below the rule gets 403 with the sentence naming the
 * roles that may, and nothing in the brand changes; a role at or above it gets through. Then: a
 * person in two brands reaches each only while it is their current brand, and never a brand
 * they are not in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions, emailOutbox, storeConnectors } from '../../db/schema';
import type { BrandRoleValue } from '../../db/schema/enum-values';
import {
  addTeammate,
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { startServer, type RunningServer } from '../../server';
import { webServerOptions } from '../../test/web-server';
import { rollupBrand } from '../payouts/rollup.server';
import { createEndpoint } from '../webhooks/endpoints.server';
import { BRAND_RULES, can, refusalMessage, type BrandRule } from './permissions.server';
import { createSession, SESSION_COOKIE } from './session.server';

let server: RunningServer & { base: string };

beforeAll(async () => {
  const running = await startServer(await webServerOptions());
  server = { ...running, base: `http://127.0.0.1:${running.port}` };
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

const here = path.dirname(fileURLToPath(import.meta.url));
const brandRoutesDir = path.join(here, '../routes/brand+');

async function cookieFor(userId: string, brandId?: string) {
  const { token } = await createSession({ userId }, { brandId });
  return `${SESSION_COOKIE}=${token}`;
}

function request(method: 'GET' | 'POST', urlPath: string, cookie: string, form?: Form) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return fetch(`${server.base}${urlPath}`, {
    method,
    redirect: 'manual',
    body: method === 'POST' ? body : undefined,
    headers: { cookie, origin: server.base },
  });
}

type Form = Record<string, string | string[]>;

let orders = 0;
/** A brand with one of each thing a route acts on, and a teammate in every role. */
async function world() {
  const owner = await createBrandWithUser({ brandName: 'Roles Brand' });
  const brandId = owner.brand.id;
  const team: Record<BrandRoleValue, string> = {
    owner: owner.user.id,
    admin: (await addTeammate(brandId, { role: 'admin' })).user.id,
    manager: (await addTeammate(brandId, { role: 'manager' })).user.id,
    viewer: (await addTeammate(brandId, { role: 'viewer' })).user.id,
  };
  const project = await createProject(brandId, 'Roles Project');
  const member = await createMember(brandId, { name: 'Rita Roles', projectIds: [project.id] });
  const spare = await createMember(brandId, { name: 'Sam Spare' });
  const offer = await createOffer(brandId, { name: 'Roles Offer' });
  const link = await createLink({
    brandId,
    offerId: offer.offer.id,
    memberId: member.id,
    payoutOptionId: offer.payouts[0].id,
  });
  const [conversion] = await db
    .insert(conversions)
    .values({
      brandId,
      offerId: link.offerId,
      linkId: link.id,
      memberId: link.memberId,
      payoutOptionId: link.payoutOptionId,
      orderId: `ROLE-${++orders}`,
      amountMinor: 10_000,
      currency: 'USD',
      commissionMinor: 1_000,
      status: 'pending',
      source: 'postback',
    })
    .returning({ id: conversions.id });
  await rollupBrand(brandId);
  const [statement] = await db.execute<{ id: string }>(
    sql`select id from statements where brand_id = ${brandId}`,
  );
  const [email] = await db
    .insert(emailOutbox)
    .values({
      brandId,
      kind: 'link',
      toAddress: 'rita@example.com',
      fromAddress: 'Roles Brand <no-reply@example.com>',
      subject: 'Your link',
      html: '<p>Your link</p>',
      text: 'Your link',
      transport: 'outbox',
    })
    .returning({ id: emailOutbox.id });
  const endpoint = await createEndpoint(brandId, owner.user.id, {
    url: 'http://127.0.0.1:9/roles-hook',
    description: null,
    eventTypes: ['member.created'],
  });
  const [connector] = await db
    .insert(storeConnectors)
    .values({
      brandId,
      offerId: offer.offer.id,
      kind: 'shopify',
      token: `roles-${++orders}-${Date.now()}-token`,
      signingSecret: 'roles-shopify-secret',
    })
    .returning({ id: storeConnectors.id });
  const cookies = {} as Record<BrandRoleValue, string>;
  for (const role of Object.keys(team) as BrandRoleValue[]) {
    cookies[role] = await cookieFor(team[role]);
  }
  return {
    brandId,
    team,
    cookies,
    project,
    member,
    spare,
    offer,
    link,
    conversionId: conversion.id,
    statementId: statement.id,
    emailId: email.id,
    endpointId: endpoint.id,
    connectorId: connector.id,
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** Everything a brand request could change. */
async function snapshot(brandId: string) {
  const [row] = await db.execute(sql`
    select
      (select row_to_json(b) from brands b where b.id = ${brandId}) as brand,
      (select json_agg(o order by o.id) from offers o where o.brand_id = ${brandId}) as offers,
      (select json_agg(p order by p.id) from payout_options p
        where p.offer_id in (select id from offers where brand_id = ${brandId})) as payout_options,
      (select json_agg(m order by m.id) from members m where m.brand_id = ${brandId}) as members,
      (select json_agg(p order by p.id) from projects p where p.brand_id = ${brandId}) as projects,
      (select json_agg(l order by l.id) from links l where l.brand_id = ${brandId}) as links,
      (select json_agg(c order by c.id) from conversions c where c.brand_id = ${brandId}) as conversions,
      (select json_agg(s order by s.id) from statements s where s.brand_id = ${brandId}) as statements,
      (select json_agg(m order by m.user_id) from brand_memberships m where m.brand_id = ${brandId}) as team,
      (select json_agg(i order by i.id) from brand_invitations i where i.brand_id = ${brandId}) as invitations,
      (select count(*) from email_outbox where brand_id = ${brandId}) as emails,
      (select count(*) from conversion_status_history where brand_id = ${brandId}) as history,
      (select json_agg(k order by k.id) from api_keys k where k.brand_id = ${brandId}) as api_keys,
      (select json_agg(w order by w.id) from webhook_endpoints w where w.brand_id = ${brandId}) as webhook_endpoints,
      (select count(*) from webhook_events where brand_id = ${brandId}) as webhook_events,
      (select json_agg(c order by c.id) from store_connectors c where c.brand_id = ${brandId}) as connectors`);
  return row;
}

interface Call {
  path: (w: World) => string;
  rule: BrandRule;
  /** A form that would change something if the rule did not hold. */
  form?: (w: World) => Form;
}

/** The rule of every brand route file: its page or export (GET) and its forms (POST). */
const routes: Record<string, { get?: Call; post?: Call[] }> = {
  '_layout.tsx': { get: { path: () => '/brand/offers', rule: 'read' } },
  '_index.tsx': { get: { path: () => '/brand', rule: 'read' } },
  'reports._index.tsx': { get: { path: () => '/brand/reports', rule: 'read' } },
  'reports.export.ts': { get: { path: () => '/brand/reports/export', rule: 'read' } },
  'offers._index.tsx': { get: { path: () => '/brand/offers', rule: 'read' } },
  'offers.new.tsx': {
    get: { path: () => '/brand/offers/new', rule: 'read' },
    post: [{ path: () => '/brand/offers/new', rule: 'offers', form: () => ({ name: 'New' }) }],
  },
  'offers.$offerId.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}`, rule: 'read' },
  },
  'offers.$offerId._index.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}?index`,
        rule: 'links',
        form: (w) => ({
          intent: 'deep-link',
          memberId: w.member.id,
          deepLink: 'https://shop.example.com/deep',
          payoutOptionId: w.offer.payouts[0].id,
        }),
      },
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}?index`,
        rule: 'links',
        form: (w) => ({
          intent: 'email',
          requestId: '0193a3c4-1f2e-7a6b-8c9d-0e1f2a3b4c5d',
          scope: 'selected',
          linkId: w.link.id,
        }),
      },
    ],
  },
  'offers.$offerId.edit.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/edit`, rule: 'read' },
    post: [{ path: (w) => `/brand/offers/${w.offer.offer.id}/edit`, rule: 'offers' }],
  },
  'offers.$offerId.status.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/status`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/status`,
        rule: 'offers',
        form: () => ({ status: 'paused' }),
      },
    ],
  },
  'offers.$offerId.remove.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/remove`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/remove`,
        rule: 'offers',
        form: () => ({ intent: 'remove' }),
      },
    ],
  },
  'offers.$offerId.tracking.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/tracking`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/tracking`,
        rule: 'offers',
        form: () => ({ previousTuneOfferId: '77' }),
      },
    ],
  },
  'offers.$offerId.connectors.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/connectors`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/connectors`,
        rule: 'settings',
        form: () => ({ intent: 'save', kind: 'woocommerce', signingSecret: 'a-new-woo-secret' }),
      },
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/connectors`,
        rule: 'settings',
        form: (w) => ({ intent: 'remove', connectorId: w.connectorId }),
      },
    ],
  },
  'offers.$offerId.connectors_.$connectorId.tsx': {
    get: {
      path: (w) => `/brand/offers/${w.offer.offer.id}/connectors/${w.connectorId}`,
      rule: 'settings',
    },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/connectors/${w.connectorId}`,
        rule: 'settings',
        form: () => ({ deliveryId: '00000000-0000-4000-8000-000000000000' }),
      },
    ],
  },
  'offers.$offerId.add-members.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/add-members`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/add-members`,
        rule: 'links',
        form: (w) => ({ memberIds: w.spare.id, payoutOptionId: w.offer.payouts[0].id }),
      },
    ],
  },
  'offers.$offerId.promo-codes.tsx': {
    get: { path: (w) => `/brand/offers/${w.offer.offer.id}/promo-codes`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/promo-codes`,
        rule: 'links',
        form: (w) => ({ intent: 'set-code', memberId: w.member.id, code: 'PERM15' }),
      },
      {
        path: (w) => `/brand/offers/${w.offer.offer.id}/promo-codes`,
        rule: 'links',
        form: () => ({ intent: 'discount', promoDiscount: '15 % off' }),
      },
    ],
  },
  'offers.$offerId.links.$linkId.qr.$format.ts': {
    get: {
      path: (w) => `/brand/offers/${w.offer.offer.id}/links/${w.link.id}/qr/svg`,
      rule: 'read',
    },
  },
  'members._index.tsx': {
    get: { path: () => '/brand/members', rule: 'read' },
  },
  'members.new.tsx': {
    get: { path: () => '/brand/members/new', rule: 'read' },
    post: [
      {
        path: () => '/brand/members/new',
        rule: 'members',
        form: () => ({ name: 'Nina New', email: 'nina-new@example.com' }),
      },
    ],
  },
  'members.import.tsx': {
    get: { path: () => '/brand/members/import', rule: 'read' },
    post: [{ path: () => '/brand/members/import', rule: 'members', form: () => ({}) }],
  },
  'members.$memberId._index.tsx': {
    get: { path: (w) => `/brand/members/${w.spare.id}`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/members/${w.spare.id}?index`,
        rule: 'members',
        form: () => ({ intent: 'delete' }),
      },
    ],
  },
  'members.$memberId.edit.tsx': {
    get: { path: (w) => `/brand/members/${w.member.id}/edit`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/members/${w.member.id}/edit`,
        rule: 'members',
        form: () => ({ name: 'Renamed', email: 'renamed@example.com' }),
      },
    ],
  },
  'projects._index.tsx': {
    get: { path: () => '/brand/projects', rule: 'read' },
    post: [{ path: () => '/brand/projects?index', rule: 'projects', form: () => ({ name: 'P2' }) }],
  },
  'projects.$projectId.tsx': {
    get: { path: (w) => `/brand/projects/${w.project.id}`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/projects/${w.project.id}`,
        rule: 'projects',
        form: () => ({ intent: 'rename', name: 'Renamed project' }),
      },
    ],
  },
  'conversions._index.tsx': {
    get: { path: () => '/brand/conversions', rule: 'read' },
    post: [
      {
        path: () => '/brand/conversions?index',
        rule: 'conversions',
        form: (w) => ({ intent: 'approve', conversionId: w.conversionId }),
      },
    ],
  },
  'conversions.$conversionId.tsx': {
    get: { path: (w) => `/brand/conversions/${w.conversionId}`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/conversions/${w.conversionId}`,
        rule: 'conversions',
        form: () => ({ intent: 'approve' }),
      },
    ],
  },
  'conversions.new.tsx': {
    get: { path: () => '/brand/conversions/new', rule: 'read' },
    post: [{ path: () => '/brand/conversions/new', rule: 'conversions', form: () => ({}) }],
  },
  'conversions.audit.tsx': { get: { path: () => '/brand/conversions/audit', rule: 'read' } },
  'conversions.export[.]csv.ts': {
    get: { path: () => '/brand/conversions/export.csv', rule: 'read' },
  },
  'payouts.tsx': {},
  'payouts._index.tsx': {
    get: { path: () => '/brand/payouts', rule: 'read' },
    post: [
      { path: () => '/brand/payouts?index', rule: 'payoutsRefresh' },
      {
        path: () => '/brand/payouts?index',
        rule: 'payouts',
        form: (w) => ({
          intent: 'mark-paid',
          balance: `${w.member.id}:USD`,
          paidOn: '2026-01-02',
          paymentMethod: 'bank_transfer',
        }),
      },
    ],
  },
  'payouts.statements._index.tsx': {
    get: { path: () => '/brand/payouts/statements', rule: 'read' },
  },
  'payouts.statements.$statementId.tsx': {
    get: { path: (w) => `/brand/payouts/statements/${w.statementId}`, rule: 'read' },
    post: [
      {
        path: (w) => `/brand/payouts/statements/${w.statementId}`,
        rule: 'payouts',
        form: () => ({ intent: 'mark-paid', paidOn: '2026-01-02', paymentMethod: 'paypal' }),
      },
      {
        path: (w) => `/brand/payouts/statements/${w.statementId}`,
        rule: 'conversions',
        form: (w) => ({ intent: 'reject', conversionId: w.conversionId, reason: 'fraud' }),
      },
    ],
  },
  'payouts.statements[.]csv.ts': {
    get: { path: () => '/brand/payouts/statements.csv', rule: 'read' },
  },
  'payouts.lines[.]csv.ts': { get: { path: () => '/brand/payouts/lines.csv', rule: 'read' } },
  'payouts.paypal._index.tsx': { get: { path: () => '/brand/payouts/paypal', rule: 'read' } },
  'payouts.paypal.$currency.ts': {
    get: { path: () => '/brand/payouts/paypal/USD', rule: 'paypal' },
  },
  'outbox._index.tsx': { get: { path: () => '/brand/outbox', rule: 'read' } },
  'outbox.$emailId.tsx': { get: { path: (w) => `/brand/outbox/${w.emailId}`, rule: 'read' } },
  'outbox.$emailId.preview.ts': {
    get: { path: (w) => `/brand/outbox/${w.emailId}/preview`, rule: 'read' },
  },
  'team.tsx': {
    get: { path: () => '/brand/team', rule: 'read' },
    post: [
      {
        path: () => '/brand/team',
        rule: 'team',
        form: () => ({ intent: 'invite', email: 'new-teammate@example.com', role: 'admin' }),
      },
      {
        path: () => '/brand/team',
        rule: 'ownership',
        form: (w) => ({ intent: 'transfer', toUserId: w.team.viewer, password: 'wrong password' }),
      },
      {
        path: () => '/brand/team',
        rule: 'ownership',
        form: () => ({ intent: 'require-two-factor', requireTwoFactor: 'on' }),
      },
    ],
  },
  'account.tsx': {
    get: { path: () => '/brand/account', rule: 'read' },
    post: [{ path: () => '/brand/account', rule: 'read', form: () => ({ intent: 'x' }) }],
  },
  'developers._index.tsx': {
    get: { path: () => '/brand/developers', rule: 'developers' },
    post: [
      {
        path: () => '/brand/developers?index',
        rule: 'developers',
        form: () => ({ intent: 'create', name: 'Roles key', scopes: 'offers:read' }),
      },
    ],
  },
  'developers.reference.tsx': {
    get: { path: () => '/brand/developers/reference', rule: 'read' },
  },
  'developers.webhooks._index.tsx': {
    get: { path: () => '/brand/developers/webhooks', rule: 'developers' },
    post: [
      {
        path: () => '/brand/developers/webhooks?index',
        rule: 'developers',
        form: () => ({ url: 'http://127.0.0.1:9/new-hook', eventTypes: 'link.created' }),
      },
    ],
  },
  'developers.webhooks.$endpointId.tsx': {
    get: { path: (w) => `/brand/developers/webhooks/${w.endpointId}`, rule: 'developers' },
    post: [
      {
        path: (w) => `/brand/developers/webhooks/${w.endpointId}`,
        rule: 'developers',
        form: () => ({ intent: 'test' }),
      },
    ],
  },
  'settings.tsx': {
    get: { path: () => '/brand/settings', rule: 'settings' },
    post: [
      {
        path: () => '/brand/settings',
        rule: 'settings',
        form: () => ({ intent: 'rotate-postback-token' }),
      },
    ],
  },
};

const ROLES: BrandRoleValue[] = ['viewer', 'manager', 'admin', 'owner'];

describe('every brand route has a rule', () => {
  const files = readdirSync(brandRoutesDir).filter((f) => /\.tsx?$/.test(f));

  test('the table lists exactly the route files on disk', () => {
    expect(Object.keys(routes).sort()).toEqual([...files].sort());
  });

  test.each(files)('%s calls requireBrandRole in its loader and its action', (file) => {
    const source = readFileSync(path.join(brandRoutesDir, file), 'utf8');
    const handlers = (source.match(/export (async )?function (loader|action)\b/g) ?? []).length;
    const guards = (source.match(/requireBrandRole\(request, '\w+'\)/g) ?? []).length;
    expect(guards).toBeGreaterThanOrEqual(handlers);
    const entry = routes[file] ?? {};
    expect(Boolean(entry.get), 'a GET case for a route with a loader').toBe(
      /export (async )?function loader\b/.test(source),
    );
    expect(Boolean(entry.post?.length), 'a POST case for a route with an action').toBe(
      /export (async )?function action\b/.test(source),
    );
  });
});

describe('every route × every role over HTTP', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  test('pages and exports: a role below the rule gets 403 naming the roles that may', async () => {
    for (const [file, entry] of Object.entries(routes)) {
      if (!entry.get) continue;
      for (const role of ROLES) {
        const response = await request('GET', entry.get.path(w), w.cookies[role]);
        const what = `${role} GET ${file}`;
        if (can(role, entry.get.rule)) {
          expect(response.status, what).not.toBe(403);
          expect(response.headers.get('location') ?? '', what).not.toMatch(/sign-in|choose-brand/);
          expect(response.status, what).toBeLessThan(500);
        } else {
          expect(response.status, what).toBe(403);
          expect(await response.text(), what).toContain(refusalMessage(entry.get.rule));
        }
      }
    }
  });

  test('forms: a role below the rule gets 403 with its sentence and nothing changes', async () => {
    const before = await snapshot(w.brandId);
    let refused = 0;
    for (const [file, entry] of Object.entries(routes)) {
      for (const call of entry.post ?? []) {
        for (const role of ROLES.filter((r) => !can(r, call.rule))) {
          const response = await request('POST', call.path(w), w.cookies[role], call.form?.(w));
          const what = `${role} POST ${file} (${call.rule})`;
          expect(response.status, what).toBe(403);
          expect(await response.text(), what).toContain(refusalMessage(call.rule));
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(20);
    expect(await snapshot(w.brandId)).toEqual(before);
  });

  test('forms: a role at or above the rule gets through the guard', async () => {
    for (const [file, entry] of Object.entries(routes)) {
      for (const call of entry.post ?? []) {
        for (const role of ROLES.filter((r) => can(r, call.rule))) {
          const response = await request('POST', call.path(w), w.cookies[role], call.form?.(w));
          const what = `${role} POST ${file} (${call.rule})`;
          expect(response.status, what).not.toBe(403);
          expect(response.status, what).toBeLessThan(500);
        }
      }
    }
  });

  test('the sentences name the roles that may', () => {
    expect(refusalMessage('payouts')).toBe('Only an admin or the owner can mark statements paid.');
    expect(refusalMessage('offers')).toBe(
      'Only a manager, an admin or the owner can change offers.',
    );
    expect(refusalMessage('ownership')).toBe(
      'Only the owner can transfer the ownership of the brand.',
    );
    for (const rule of Object.keys(BRAND_RULES) as BrandRule[]) {
      expect(can('owner', rule)).toBe(true);
    }
  });
});

describe('a person in two brands', () => {
  test('reaches each brand only as their current brand, never a brand they are not in', async () => {
    const north = await createBrandWithUser({ brandName: 'North Two' });
    const south = await createBrandWithUser({ brandName: 'South Two' });
    const stranger = await createBrandWithUser({ brandName: 'Stranger Brand' });
    const agent = await addTeammate(north.brand.id, { role: 'manager', name: 'Agnes Agency' });
    await addTeammate(south.brand.id, { role: 'viewer', userId: agent.user.id });
    const northOffer = await createOffer(north.brand.id, { name: 'North Parka' });
    const southOffer = await createOffer(south.brand.id, { name: 'South Sandal' });
    const strangerOffer = await createOffer(stranger.brand.id, { name: 'Stranger Thing' });

    // Signed in, in two brands, no brand chosen yet: every brand page asks which.
    const cookie = await cookieFor(agent.user.id);
    const choose = await request('GET', '/brand/offers', cookie);
    expect(choose.status).toBe(302);
    expect(choose.headers.get('location')).toBe('/choose-brand?redirectTo=%2Fbrand%2Foffers');
    const picker = await request('GET', '/choose-brand', cookie);
    const pickerHtml = await picker.text();
    expect(pickerHtml).toContain('North Two');
    expect(pickerHtml).toContain('South Two');
    expect(pickerHtml).not.toContain('Stranger Brand');

    // A brand they are not in cannot be chosen.
    const refused = await request('POST', '/choose-brand', cookie, {
      brandId: stranger.brand.id,
      redirectTo: '/brand/offers',
    });
    expect(refused.status).toBe(400);
    expect((await request('GET', '/brand/offers', cookie)).status).toBe(302);

    const pick = (brandId: string) =>
      request('POST', '/choose-brand', cookie, { brandId, redirectTo: '/brand/offers' });
    const picked = await pick(north.brand.id);
    expect(picked.status).toBe(302);
    expect(picked.headers.get('location')).toBe('/brand/offers');

    const offers = async () => (await request('GET', '/brand/offers', cookie)).text();
    let html = await offers();
    expect(html).toContain('North Parka');
    expect(html).not.toContain('South Sandal');
    expect(html).not.toContain('Stranger Thing');
    // Another brand's ids are not found from here: their own other brand's, and a stranger's.
    for (const id of [southOffer.offer.id, strangerOffer.offer.id]) {
      expect((await request('GET', `/brand/offers/${id}`, cookie)).status).toBe(404);
    }
    expect((await request('GET', `/brand/offers/${northOffer.offer.id}`, cookie)).status).toBe(200);
    // Their role is the one of the current brand: a manager in North…
    const northPause = await request(
      'POST',
      `/brand/offers/${northOffer.offer.id}/status`,
      cookie,
      {
        status: 'paused',
      },
    );
    expect(northPause.status).toBe(302);

    // …and a viewer in South, once switched there.
    await pick(south.brand.id);
    html = await offers();
    expect(html).toContain('South Sandal');
    expect(html).not.toContain('North Parka');
    expect((await request('GET', `/brand/offers/${northOffer.offer.id}`, cookie)).status).toBe(404);
    const southPause = await request(
      'POST',
      `/brand/offers/${southOffer.offer.id}/status`,
      cookie,
      {
        status: 'paused',
      },
    );
    expect(southPause.status).toBe(403);
    const [southStatus] = await db.execute<{ status: string }>(
      sql`select status from offers where id = ${southOffer.offer.id}`,
    );
    expect(southStatus.status).toBe('active');

    // The header offers the switch between their two brands only.
    const header = await offers();
    expect(header).toContain('id="brand-switcher"');
    expect(header).not.toContain('Stranger Brand');
  });
});
