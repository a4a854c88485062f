/**
 * Every creator route over real HTTP (production build, server.ts): another creator's ids and
 * another brand's ids (also the person's own records in another brand) answer 404 and change
 * nothing; a brand session never reaches a creator route and a creator session never reaches a
 * brand route. The list of routes is checked against app/routes/creator+/, so a new creator
 * route without a case here fails this file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { startServer, type RunningServer } from '../../server';
import { webServerOptions } from '../../test/web-server';
import { createSession, SESSION_COOKIE } from '../auth/session.server';
import { rollupBrand } from '../payouts/rollup.server';

let server: RunningServer & { base: string };

beforeAll(async () => {
  const running = await startServer(await webServerOptions());
  server = { ...running, base: `http://127.0.0.1:${running.port}` };
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

const here = path.dirname(fileURLToPath(import.meta.url));
const creatorRoutesDir = path.join(here, '../routes/creator+');

async function cookieFor(owner: { userId: string } | { memberId: string; email: string }) {
  const { token } = await createSession(owner);
  return `${SESSION_COOKIE}=${token}`;
}

function request(
  method: 'GET' | 'POST',
  urlPath: string,
  cookie: string,
  form?: Record<string, string>,
) {
  return fetch(`${server.base}${urlPath}`, {
    method,
    redirect: 'manual',
    body: form ? new URLSearchParams(form) : undefined,
    headers: { cookie, origin: server.base },
  });
}

let orders = 0;
/** A sale on the link, as the conversion writer stores it (pending, with its commission). */
async function sale(link: Awaited<ReturnType<typeof createLink>>, currency = 'USD') {
  await db.insert(conversions).values({
    brandId: link.brandId,
    offerId: link.offerId,
    linkId: link.id,
    memberId: link.memberId,
    payoutOptionId: link.payoutOptionId,
    orderId: `ISO-ORDER-${++orders}-SECRET`,
    amountMinor: 10_000,
    currency,
    commissionMinor: 1_000,
    status: 'pending',
    source: 'postback',
  });
}

/**
 * Maya is a member of Glow and of North (one email); Theo is another creator at Glow, with an
 * offer of his own; Nora is a creator at a third brand. Each has a link, a sale and a statement.
 */
async function world() {
  const email = `maya-${Math.random().toString(36).slice(2)}@example.com`;
  const glow = await createBrandWithUser({ brandName: 'Glow Iso' });
  const north = await createBrandWithUser({ brandName: 'North Iso' });
  const third = await createBrandWithUser({ brandName: 'Third Iso' });
  const maya = await createMember(glow.brand.id, { name: 'Maya Iso', email });
  const mayaNorth = await createMember(north.brand.id, { name: 'Maya North', email });
  const theo = await createMember(glow.brand.id, { name: 'Theo Iso' });
  const nora = await createMember(third.brand.id, { name: 'Nora Iso' });
  const deep = { offerUrl: 'https://shop.example.com/x', allowCreatorDeepLinks: true };
  const shared = await createOffer(glow.brand.id, { name: 'Shared Serum', ...deep });
  const theosOnly = await createOffer(glow.brand.id, { name: 'Theo Only Offer', ...deep });
  const northOffer = await createOffer(north.brand.id, { name: 'North Tent', ...deep });
  const thirdOffer = await createOffer(third.brand.id, { name: 'Third Thing', ...deep });
  const link = (o: Awaited<ReturnType<typeof createOffer>>, brandId: string, memberId: string) =>
    createLink({ brandId, offerId: o.offer.id, memberId, payoutOptionId: o.payouts[0].id });
  const mayaLink = await link(shared, glow.brand.id, maya.id);
  const theoLink = await link(shared, glow.brand.id, theo.id);
  const theoOnlyLink = await link(theosOnly, glow.brand.id, theo.id);
  const mayaNorthLink = await link(northOffer, north.brand.id, mayaNorth.id);
  const noraLink = await link(thirdOffer, third.brand.id, nora.id);
  for (const l of [mayaLink, theoLink, theoOnlyLink, mayaNorthLink, noraLink]) await sale(l);
  for (const b of [glow, north, third]) await rollupBrand(b.brand.id);
  const statementOf = async (memberId: string) =>
    (
      await db.execute<{ id: string }>(sql`select id from statements where member_id = ${memberId}`)
    )[0].id;
  return {
    email,
    glow,
    north,
    third,
    maya,
    theo,
    nora,
    shared,
    theosOnly,
    northOffer,
    thirdOffer,
    mayaLink,
    theoLink,
    theoOnlyLink,
    mayaNorthLink,
    noraLink,
    statements: {
      maya: await statementOf(maya.id),
      theo: await statementOf(theo.id),
      mayaNorth: await statementOf(mayaNorth.id),
      nora: await statementOf(nora.id),
    },
    mayaCookie: await cookieFor({ memberId: maya.id, email }),
    glowCookie: await cookieFor({ userId: glow.user.id }),
  };
}

type World = Awaited<ReturnType<typeof world>>;

/** Everything a creator request could change, for the three brands. */
async function snapshot(w: World) {
  const brands = [w.glow.brand.id, w.north.brand.id, w.third.brand.id];
  const [row] = await db.execute(sql`
    select
      (select json_agg(l order by l.id) from links l where l.brand_id = any(${sql.param(brands)}::uuid[])) as links,
      (select json_agg(m order by m.id) from members m where m.brand_id = any(${sql.param(brands)}::uuid[])) as members,
      (select json_agg(c order by c.id) from conversions c where c.brand_id = any(${sql.param(brands)}::uuid[])) as conversions,
      (select json_agg(s order by s.id) from statements s where s.brand_id = any(${sql.param(brands)}::uuid[])) as statements,
      (select count(*) from sessions) as sessions`);
  return row;
}

interface RouteCase {
  /** The route file it exercises (checked against app/routes/creator+/). */
  file: string;
  method: 'GET' | 'POST';
  /** Maya's own request: answers `ok`. */
  own: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  ok: number;
  /** The same request with another creator's or another brand's ids: each answers 404. */
  foreign: (w: World) => { path: string; form?: Record<string, string>; what: string }[];
}

const g = (w: World) => `/creator/${w.glow.brand.id}`;
/**
 * The same path under a brand that is not Maya's (Third) and under no brand id; a path with
 * Glow's ids in it also under North (her own other brand: Glow's ids are not North's).
 */
const underOtherBrands = (w: World, rest: string, withGlowIds = true) => [
  ...(withGlowIds
    ? [{ path: `/creator/${w.north.brand.id}${rest}`, what: 'her other brand' }]
    : []),
  { path: `/creator/${w.third.brand.id}${rest}`, what: 'another brand' },
  { path: `/creator/not-a-uuid${rest}`, what: 'not an id' },
];

const routes: RouteCase[] = [
  {
    file: '$brandId.tsx',
    method: 'GET',
    own: (w) => g(w),
    ok: 200,
    foreign: (w) => underOtherBrands(w, '', false),
  },
  {
    file: '$brandId._index.tsx',
    method: 'GET',
    own: (w) => g(w),
    ok: 200,
    foreign: (w) => [{ path: `/creator/${w.third.brand.id}`, what: 'another brand' }],
  },
  {
    file: '$brandId.offers.$offerId.tsx',
    method: 'GET',
    own: (w) => `${g(w)}/offers/${w.shared.offer.id}`,
    ok: 200,
    foreign: (w) => [
      { path: `${g(w)}/offers/${w.theosOnly.offer.id}`, what: 'another creator’s offer' },
      { path: `${g(w)}/offers/${w.northOffer.offer.id}`, what: 'her offer in another brand' },
      { path: `${g(w)}/offers/${w.thirdOffer.offer.id}`, what: 'another brand’s offer' },
      ...underOtherBrands(w, `/offers/${w.shared.offer.id}`),
    ],
  },
  {
    file: '$brandId.offers.$offerId.tsx',
    method: 'POST',
    own: (w) => `${g(w)}/offers/${w.shared.offer.id}`,
    form: () => ({ intent: 'create', url: 'https://shop.example.com/mine', label: 'Mine' }),
    ok: 302,
    foreign: (w) => {
      const form = { intent: 'create', url: 'https://shop.example.com/theirs', label: 'Stolen' };
      return [
        { path: `${g(w)}/offers/${w.theosOnly.offer.id}`, form, what: 'another creator’s offer' },
        { path: `${g(w)}/offers/${w.northOffer.offer.id}`, form, what: 'her offer elsewhere' },
        { path: `${g(w)}/offers/${w.thirdOffer.offer.id}`, form, what: 'another brand’s offer' },
        ...underOtherBrands(w, `/offers/${w.shared.offer.id}`).map((c) => ({ ...c, form })),
      ];
    },
  },
  {
    file: '$brandId.offers.$offerId.tsx',
    method: 'POST',
    own: (w) => `${g(w)}/offers/${w.shared.offer.id}`,
    form: (w) => ({ intent: 'rename', linkId: w.mayaLink.id, label: 'Bio' }),
    ok: 302,
    foreign: (w) =>
      [
        [w.theoLink.id, 'another creator’s link'],
        [w.mayaNorthLink.id, 'her link in another brand'],
        [w.noraLink.id, 'another brand’s link'],
        ['00000000-0000-4000-8000-000000000000', 'an unknown link'],
      ].map(([linkId, what]) => ({
        path: `${g(w)}/offers/${w.shared.offer.id}`,
        form: { intent: 'rename', linkId, label: 'Stolen' },
        what,
      })),
  },
  ...(['png', 'svg'] as const).map((format): RouteCase => ({
    file: '$brandId.links.$linkId.qr.$format.ts',
    method: 'GET',
    own: (w) => `${g(w)}/links/${w.mayaLink.id}/qr/${format}`,
    ok: 200,
    foreign: (w) => [
      { path: `${g(w)}/links/${w.theoLink.id}/qr/${format}`, what: 'another creator’s link' },
      { path: `${g(w)}/links/${w.mayaNorthLink.id}/qr/${format}`, what: 'her link elsewhere' },
      { path: `${g(w)}/links/${w.noraLink.id}/qr/${format}`, what: 'another brand’s link' },
      ...underOtherBrands(w, `/links/${w.mayaLink.id}/qr/${format}`),
    ],
  })),
  {
    file: '$brandId.settings.tsx',
    method: 'GET',
    own: (w) => `${g(w)}/settings`,
    ok: 200,
    foreign: (w) => underOtherBrands(w, '/settings', false),
  },
  {
    file: '$brandId.settings.tsx',
    method: 'POST',
    own: (w) => `${g(w)}/settings`,
    form: () => ({ payoutEmail: 'maya.paypal@example.com', notifyPaid: 'on' }),
    ok: 200,
    foreign: (w) =>
      underOtherBrands(w, '/settings', false).map((c) => ({
        ...c,
        form: { payoutEmail: 'attacker@example.com' },
      })),
  },
  {
    file: '$brandId.conversions.tsx',
    method: 'GET',
    own: (w) => `${g(w)}/conversions?offer=${w.shared.offer.id}`,
    ok: 200,
    foreign: (w) => [
      { path: `${g(w)}/conversions?offer=${w.theosOnly.offer.id}`, what: 'another’s offer' },
      { path: `${g(w)}/conversions?offer=${w.northOffer.offer.id}`, what: 'her offer elsewhere' },
      { path: `${g(w)}/conversions?offer=${w.thirdOffer.offer.id}`, what: 'another brand’s' },
      ...underOtherBrands(w, '/conversions', false),
    ],
  },
  {
    file: '$brandId.payments._index.tsx',
    method: 'GET',
    own: (w) => `${g(w)}/payments`,
    ok: 200,
    foreign: (w) => underOtherBrands(w, '/payments', false),
  },
  {
    file: '$brandId.payments.$statementId.tsx',
    method: 'GET',
    own: (w) => `${g(w)}/payments/${w.statements.maya}`,
    ok: 200,
    foreign: (w) => [
      { path: `${g(w)}/payments/${w.statements.theo}`, what: 'another creator’s statement' },
      { path: `${g(w)}/payments/${w.statements.mayaNorth}`, what: 'her statement elsewhere' },
      { path: `${g(w)}/payments/${w.statements.nora}`, what: 'another brand’s statement' },
      { path: `${g(w)}/payments/nope`, what: 'not an id' },
      ...underOtherBrands(w, `/payments/${w.statements.maya}`),
    ],
  },
  {
    file: '$brandId.payments.statements[.]csv.ts',
    method: 'GET',
    own: (w) => `${g(w)}/payments/statements.csv`,
    ok: 200,
    foreign: (w) => underOtherBrands(w, '/payments/statements.csv', false),
  },
  {
    file: '$brandId.payments.lines[.]csv.ts',
    method: 'GET',
    own: (w) => `${g(w)}/payments/lines.csv?statement=${w.statements.maya}`,
    ok: 200,
    foreign: (w) => [
      { path: `${g(w)}/payments/lines.csv?statement=${w.statements.theo}`, what: 'another’s' },
      {
        path: `${g(w)}/payments/lines.csv?statement=${w.statements.mayaNorth}`,
        what: 'her statement elsewhere',
      },
      { path: `${g(w)}/payments/lines.csv?statement=${w.statements.nora}`, what: 'another brand' },
      ...underOtherBrands(w, '/payments/lines.csv', false),
    ],
  },
];

/** Creator routes without a brand or ids in them: only the session checks apply. */
const unscoped: { file: string; method: 'GET' | 'POST'; path: string }[] = [
  { file: '_index.tsx', method: 'GET', path: '/creator' },
  { file: 'sign-out.tsx', method: 'POST', path: '/creator/sign-out' },
  { file: 'sign-in._index.tsx', method: 'GET', path: '/creator/sign-in' },
  { file: 'sign-in.$token.tsx', method: 'GET', path: '/creator/sign-in/abc' },
];

describe('every creator route', () => {
  test('the cases cover every file in app/routes/creator+/', () => {
    const files = readdirSync(creatorRoutesDir).filter((f) => /\.tsx?$/.test(f));
    const covered = new Set([...routes.map((r) => r.file), ...unscoped.map((r) => r.file)]);
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  test('another creator’s and another brand’s ids: 404 and nothing changes; her own: answered', async () => {
    const w = await world();
    const before = await snapshot(w);
    for (const route of routes) {
      for (const attempt of route.foreign(w)) {
        const res = await request(route.method, attempt.path, w.mayaCookie, attempt.form);
        const body = await res.text();
        expect(res.status, `${route.method} ${attempt.path} (${attempt.what})`).toBe(404);
        // A clear answer: the portal's "Page not found" page, or a resource route's "… not found".
        expect(body, attempt.path).toMatch(/not found/i);
        for (const secret of ['Theo', 'Nora', 'North Tent', 'Third Thing', 'SECRET']) {
          expect(body, `${attempt.path} shows ${secret}`).not.toContain(secret);
        }
      }
    }
    expect(await snapshot(w)).toEqual(before);

    for (const route of routes) {
      const res = await request(route.method, route.own(w), w.mayaCookie, route.form?.(w));
      expect(res.status, `${route.method} ${route.own(w)}`).toBe(route.ok);
      const body = await res.text();
      expect(body, route.own(w)).not.toContain('SECRET');
      expect(body, route.own(w)).not.toContain('Theo');
      // Pages are whole UTF-8 (React 18 can write NUL bytes: app/server/html-stream.server.ts).
      if (!route.own(w).includes('/qr/png')) expect(body, route.own(w)).not.toContain('\u0000');
    }
  });

  test('a brand session never reaches a creator route; a creator session never a brand route', async () => {
    const w = await world();
    const before = await snapshot(w);
    for (const route of routes) {
      const res = await request(route.method, route.own(w), w.glowCookie, route.form?.(w));
      expect(res.status, `${route.method} ${route.own(w)}`).toBe(302);
      expect(res.headers.get('location'), route.own(w)).toBe('/creator/sign-in');
    }
    const home = await request('GET', '/creator', w.glowCookie);
    expect(home.headers.get('location')).toBe('/creator/sign-in');
    // The creator sign-out does not end a brand user's session.
    const out = await request('POST', '/creator/sign-out', w.glowCookie, {});
    expect(out.status).toBe(302);
    expect((await request('GET', '/brand', w.glowCookie)).status).toBe(200);
    expect(await snapshot(w)).toEqual(before);

    const brandPages = [
      '/brand',
      '/brand/offers',
      `/brand/offers/${w.shared.offer.id}`,
      '/brand/members',
      `/brand/members/${w.maya.id}`,
      '/brand/conversions',
      '/brand/conversions/export.csv',
      '/brand/payouts',
      '/brand/payouts/statements',
      `/brand/payouts/statements/${w.statements.maya}`,
      '/brand/payouts/statements.csv',
      '/brand/payouts/lines.csv',
      '/brand/reports',
      '/brand/outbox',
      '/brand/settings',
    ];
    for (const page of brandPages) {
      const res = await request('GET', page, w.mayaCookie);
      expect(res.status, page).toBe(302);
      expect(res.headers.get('location'), page).toMatch(/^\/sign-in/);
    }
    const settings = await request('POST', '/brand/settings', w.mayaCookie, {
      intent: 'minimum',
      minimumPayout: '999',
    });
    expect([302, 403]).toContain(settings.status);
    expect(await snapshot(w)).toEqual(before);
  });
});
