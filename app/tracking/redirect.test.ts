// The redirect through the real server (node:http fast path) and through the Remix route.
process.env.TRUST_PROXY = '1'; // so tests can vary the client address with X-Forwarded-For

import { once } from 'node:events';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { clicks, offers } from '../../db/schema';
import { startServer, type RunningServer } from '../../server';
import { NotificationListener, notificationListener } from '../../db/listener';
import { forgetSingleton, singleton } from '../../lib/singleton.server';
import { offerLinksChanged } from '../links/link-events.server';
import { removeMember } from '../members/members.server';
import { removeOffer } from '../offers/offers.server';
import { CLICK_ID_PATTERN } from './click-id.server';
import { ClickWriter, clickWriter, flushClicks } from './click-writer.server';
import { LinkCache, linkCache } from './link-cache.server';
import { brandByPostbackToken } from '../brands/tracking-keys.server';
import { hashIp } from './visitor.server';
import { freezableProxy } from '../../test/freezable-proxy';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 300.0';

let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    web: false,
    worker: false,
    seed: false,
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.stop();
});

let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;

async function click(
  path: string,
  options: {
    ua?: string | null;
    ip?: string;
    method?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.ip ?? freshIp(),
    ...options.headers,
  };
  // fetch sends its own user agent unless one is given; '' stands for "none".
  headers['user-agent'] = options.ua === undefined ? BROWSER : (options.ua ?? '');
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? 'GET',
    headers,
    redirect: 'manual',
  });
  const body = await response.text();
  return { response, body, location: response.headers.get('location') };
}

function clickIdOf(location: string | null, param = 'tid') {
  return new URL(location!).searchParams.get(param)!;
}

async function clickRow(id: string) {
  await flushClicks();
  const [row] = await db.select().from(clicks).where(eq(clicks.id, id));
  return row;
}

async function setup(
  offerInput: Partial<typeof offers.$inferInsert> = {},
  linkInput: { deepLink?: string | null } = {},
) {
  const { brand } = await createBrandWithUser();
  const zeta = await createProject(brand.id, 'Zeta launch');
  const alpha = await createProject(brand.id, 'Alpha & Omega');
  const member = await createMember(brand.id, {
    name: 'Ada Lovelace',
    instagram: 'ada.codes',
    tiktok: null,
    projectIds: [zeta.id, alpha.id],
  });
  const { offer, payouts } = await createOffer(brand.id, {
    name: 'Spring Sale',
    offerUrl: 'https://shop.example.com/landing?ref=home&utm_source=old',
    clickIdParam: 'tid',
    utmSource: 'offerlink',
    utmMedium: 'influencer',
    utmCampaign: '{project_name}',
    utmContent: '{creator_ig_username}',
    utmTerm: '{creator_tiktok_username}',
    additionalDomains: ['brand-blog.example.org'],
    ...offerInput,
  });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
    deepLink: linkInput.deepLink ?? null,
  });
  return { brand, member, offer, link };
}

describe('GET /l/:code', () => {
  test('302 to the offer URL with UTM and the click id; the click row matches', async () => {
    const { link, member, offer, brand } = await setup();
    const ip = freshIp();
    const { response, location } = await click(`/l/${link.code}`, {
      ip,
      headers: { referer: 'https://instagram.com/ada.codes', 'cf-ipcountry': 'de' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const url = new URL(location!);
    expect(url.origin + url.pathname).toBe('https://shop.example.com/landing');
    expect(url.searchParams.get('ref')).toBe('home');
    expect(url.searchParams.getAll('utm_source')).toEqual(['offerlink']);
    expect(url.searchParams.get('utm_medium')).toBe('influencer');
    expect(url.searchParams.get('utm_campaign')).toBe('Alpha & Omega');
    expect(url.searchParams.get('utm_content')).toBe('ada.codes');
    expect(url.searchParams.has('utm_term')).toBe(false); // all variables empty → left out
    expect(location).toContain('utm_campaign=Alpha+%26+Omega');
    const clickId = url.searchParams.get('tid')!;
    expect(clickId).toMatch(CLICK_ID_PATTERN);

    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toContain(`ol_click=${clickId}`);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${30 * 86400}`);
    expect(cookie).toContain('SameSite=Lax'); // http public URL in tests

    const row = await clickRow(clickId);
    expect(row).toMatchObject({
      id: clickId,
      linkId: link.id,
      offerId: offer.id,
      brandId: brand.id,
      memberId: member.id,
      userAgent: BROWSER,
      referrer: 'https://instagram.com/ada.codes',
      country: 'DE',
      device: 'desktop',
      isBot: false,
      isUnique: true,
      attributable: true,
      sub1: null,
    });
    expect(row.ipHash).toBe(hashIp(ip));
    expect(row.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  test('the raw IP address is stored nowhere in the click', async () => {
    const { link } = await setup();
    const ip = '192.0.2.77';
    const { location } = await click(`/l/${link.code}`, { ip });
    const row = await clickRow(clickIdOf(location));
    expect(JSON.stringify(row)).not.toContain(ip);
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from clicks c where c::text like ${'%' + ip + '%'}`,
    );
    expect(n).toBe(0);
  });

  test('sub1…sub5 are kept on the click (and not forwarded); country only when a code', async () => {
    const { link } = await setup();
    const { location } = await click(
      `/l/${link.code}?sub1=story&sub2=${encodeURIComponent('<b>x</b>')}&sub3=c&sub4=d&sub5=${'z'.repeat(400)}&other=1`,
      { headers: { 'cf-ipcountry': 'XX' } },
    );
    expect(new URL(location!).searchParams.has('sub1')).toBe(false);
    const row = await clickRow(clickIdOf(location));
    expect([row.sub1, row.sub2, row.sub3, row.sub4]).toEqual(['story', '<b>x</b>', 'c', 'd']);
    expect(row.sub5).toHaveLength(255);
    expect(row.country).toBeNull();
  });

  test("the link's deep link replaces the offer URL", async () => {
    const { link } = await setup({}, { deepLink: 'https://shop.example.com/p/shoes?size=42#top' });
    const { location } = await click(`/l/${link.code}`);
    const url = new URL(location!);
    expect(url.pathname).toBe('/p/shoes');
    expect(url.searchParams.get('size')).toBe('42');
    expect(url.searchParams.get('utm_source')).toBe('offerlink');
    expect(url.hash).toBe('#top');
    expect(clickIdOf(location)).toMatch(CLICK_ID_PATTERN);
  });

  test('?url= is followed when the offer allows creator deep links and the domain passes', async () => {
    const { link } = await setup({ allowCreatorDeepLinks: true });
    for (const target of [
      'https://shop.example.com/p/hat',
      'https://blog.brand-blog.example.org/post',
    ]) {
      const { location } = await click(`/l/${link.code}?url=${encodeURIComponent(target)}`);
      const url = new URL(location!);
      expect(url.origin + url.pathname).toBe(target);
      expect(url.searchParams.get('utm_medium')).toBe('influencer');
      expect(url.searchParams.get('tid')).toMatch(CLICK_ID_PATTERN);
    }
  });

  test('?url= attacks are ignored: the shopper goes to the offer URL (never an open redirect)', async () => {
    const { link } = await setup({ allowCreatorDeepLinks: true });
    const attacks = [
      'https://evil.example.net/',
      'https://shop.example.com@evil.example.net/',
      'https://shop.example.com.evil.example.net/',
      '//evil.example.net/',
      'javascript:alert(1)',
      'https:\\\\evil.example.net',
      'https://evilshop.example.com/',
      'https://xn--shp-5qa.example.com/',
      'data:text/html,<script>alert(1)</script>',
      'https://shop.example.com\t.evil.example.net/',
    ];
    for (const attack of attacks) {
      const { response, location } = await click(
        `/l/${link.code}?url=${encodeURIComponent(attack)}`,
      );
      expect(response.status).toBe(302);
      const url = new URL(location!);
      expect(url.host, attack).toBe('shop.example.com');
      expect(url.pathname).toBe('/landing');
    }
  });

  test('?url= is ignored when the offer does not allow creator deep links', async () => {
    const { link } = await setup({ allowCreatorDeepLinks: false });
    const { location } = await click(
      `/l/${link.code}?url=${encodeURIComponent('https://shop.example.com/p/hat')}`,
    );
    expect(new URL(location!).pathname).toBe('/landing');
  });

  test('a paused offer still redirects; the click is not attributable', async () => {
    const { link } = await setup({ status: 'paused' });
    const { response, location } = await click(`/l/${link.code}`);
    expect(response.status).toBe(302);
    const row = await clickRow(clickIdOf(location));
    expect(row.attributable).toBe(false);
    expect(row.isBot).toBe(false);
  });

  test("an archived offer's and an archived member's links keep redirecting and tracking", async () => {
    const { link, offer, brand, member } = await setup();
    await removeOffer(brand.id, offer.id);
    await removeMember(brand.id, member.id);
    const [archived] = await db.select().from(offers).where(eq(offers.id, offer.id));
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const { response, location } = await click(`/l/${link.code}`);
    expect(response.status).toBe(302);
    expect(new URL(location!).pathname).toBe('/landing');
    const row = await clickRow(clickIdOf(location));
    expect(row).toMatchObject({
      linkId: link.id,
      offerId: offer.id,
      memberId: member.id,
      attributable: true,
      isBot: false,
    });
  });

  test('an ended or expired offer still redirects; the click is not attributable', async () => {
    const ended = await setup({ endsAt: new Date(Date.now() - 60_000) });
    const expired = await setup({ expiredAt: new Date() });
    const running = await setup({ endsAt: new Date(Date.now() + 86_400_000) });
    for (const [{ link }, attributable] of [
      [ended, false],
      [expired, false],
      [running, true],
    ] as const) {
      const { response, location, body } = await click(`/l/${link.code}`);
      expect(response.status, body).toBe(302);
      expect((await clickRow(clickIdOf(location))).attributable).toBe(attributable);
    }
  });

  test('an unknown code answers a friendly 404 page and records nothing', async () => {
    const before = await db.$count(clicks);
    for (const code of ['NoSuchCode123', 'shrt', '%3Cscript%3E']) {
      const { response, body } = await click(`/l/${code}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(body).toContain('This link isn’t working');
      expect(body).not.toContain('<script>');
      expect(body).not.toContain(code.slice(0, 4));
    }
    await flushClicks();
    expect(await db.$count(clicks)).toBe(before);
  });

  test('HEAD gets the same answer without a body and is recorded as a bot', async () => {
    const { link } = await setup();
    const { response, body, location } = await click(`/l/${link.code}`, { method: 'HEAD' });
    expect(response.status).toBe(302);
    expect(body).toBe('');
    expect(response.headers.get('set-cookie')).toContain('ol_click=');
    const row = await clickRow(clickIdOf(location));
    expect(row).toMatchObject({ isBot: true, isUnique: false, attributable: false, device: 'bot' });
  });

  test('bots and link-preview fetchers are recorded as bots and never attributable', async () => {
    const { link } = await setup();
    const bots = [
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Twitterbot/1.0',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'WhatsApp/2.23.20.0',
      'TelegramBot (like TwitterBot)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
      null,
    ];
    for (const ua of bots) {
      const { response, location } = await click(`/l/${link.code}`, { ua });
      expect(response.status).toBe(302);
      const row = await clickRow(clickIdOf(location));
      expect(row, String(ua)).toMatchObject({ isBot: true, attributable: false, device: 'bot' });
    }
    const { location } = await click(`/l/${link.code}`, { ua: IPHONE });
    expect(await clickRow(clickIdOf(location))).toMatchObject({
      isBot: false,
      device: 'mobile',
    });
  });

  test('unique: same link, IP and user agent within 24 h is not unique; another UA or IP is', async () => {
    const { link } = await setup();
    const other = await setup();
    const ip = freshIp();
    const first = await click(`/l/${link.code}`, { ip });
    const second = await click(`/l/${link.code}`, { ip });
    const otherUa = await click(`/l/${link.code}`, { ip, ua: IPHONE });
    const otherIp = await click(`/l/${link.code}`, { ua: BROWSER });
    const otherLink = await click(`/l/${other.link.code}`, { ip });
    const unique = async (r: { location: string | null }) =>
      (await clickRow(clickIdOf(r.location))).isUnique;
    expect(await unique(first)).toBe(true);
    expect(await unique(second)).toBe(false);
    expect(await unique(otherUa)).toBe(true);
    expect(await unique(otherIp)).toBe(true);
    expect(await unique(otherLink)).toBe(true);
  });

  test('clicks are stored with their bot and unique flags (what the reporting fold counts)', async () => {
    const { link } = await setup();
    const ip = freshIp();
    await click(`/l/${link.code}`, { ip });
    await click(`/l/${link.code}`, { ip });
    await click(`/l/${link.code}`, { ip, ua: IPHONE });
    await click(`/l/${link.code}`, { ua: 'Twitterbot/1.0' });
    await click(`/l/${link.code}`, { method: 'HEAD' });
    await flushClicks();
    const [counted] = await db
      .select({
        brandId: sql<string>`min(${clicks.brandId}::text)`,
        clicks: sql<number>`count(*) filter (where not ${clicks.isBot})::int`,
        uniqueClicks: sql<number>`count(*) filter (where not ${clicks.isBot} and ${clicks.isUnique})::int`,
        botClicks: sql<number>`count(*) filter (where ${clicks.isBot})::int`,
      })
      .from(clicks)
      .where(eq(clicks.linkId, link.id));
    expect(counted).toMatchObject({
      brandId: link.brandId,
      clicks: 3,
      uniqueClicks: 2,
      botClicks: 2,
    });
    expect(await db.$count(clicks, eq(clicks.linkId, link.id))).toBe(5);
  });

  test('other methods answer 405 with Allow and a page saying how links open; no click', async () => {
    const { link } = await setup();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const { response, body } = await click(`/l/${link.code}`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(body).toContain('Tracking links are opened with GET.');
      expect(body).not.toContain('Unexpected Server Error');
    }
    await flushClicks();
    expect(await db.$count(clicks, eq(clicks.linkId, link.id))).toBe(0);
  });
});

describe('link cache', () => {
  test('pausing an offer (committed) reaches this and another independent cache', async () => {
    const { link, offer } = await setup();
    const otherClient = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    // Another process's cache: its own reads and its own LISTEN connection.
    const otherListener = new NotificationListener({ watchdogMs: 0 });
    const other = new LinkCache({ client: () => otherClient, listener: otherListener });
    try {
      const mine = linkCache();
      await Promise.all([mine.ready(), other.ready()]);
      // Both have the link cached as active.
      const first = await click(`/l/${link.code}`);
      expect((await clickRow(clickIdOf(first.location))).attributable).toBe(true);
      const cachedOther = await other.resolve(link.code);
      expect(cachedOther?.paused).toBe(false);
      expect(other.resolve(link.code)).not.toBeInstanceOf(Promise); // served from memory
      expect(mine.resolve(link.code)).not.toBeInstanceOf(Promise);

      const notified = Promise.all([
        once(mine.events, 'invalidated'),
        once(other.events, 'invalidated'),
      ]);
      await db.transaction(async (tx) => {
        await tx.update(offers).set({ status: 'paused' }).where(eq(offers.id, offer.id));
        await offerLinksChanged(tx, offer.id);
      });
      const [[eventMine], [eventOther]] = await notified;
      expect(eventMine).toEqual({ offerId: offer.id });
      expect(eventOther).toEqual({ offerId: offer.id });

      const second = await click(`/l/${link.code}`);
      expect(second.response.status).toBe(302);
      expect((await clickRow(clickIdOf(second.location))).attributable).toBe(false);
      expect((await other.resolve(link.code))?.paused).toBe(true);
    } finally {
      other.close();
      await otherListener.close();
      await otherClient.end();
    }
  });

  test('a rolled-back change notifies nobody; the cache keeps serving', async () => {
    const { link, offer } = await setup();
    const mine = linkCache();
    await mine.ready();
    await mine.resolve(link.code);
    let events = 0;
    const count = () => (events += 1);
    mine.events.on('invalidated', count);
    await db
      .transaction(async (tx) => {
        await offerLinksChanged(tx, offer.id);
        throw new Error('rollback');
      })
      .catch(() => {});
    // A committed event after it proves the channel is delivering; only that one arrives.
    const { link: marker } = await setup();
    const next = once(mine.events, 'invalidated');
    await db.transaction((tx) => offerLinksChanged(tx, marker.offerId));
    await next;
    mine.events.off('invalidated', count);
    expect(events).toBe(1);
    expect(mine.resolve(link.code)).not.toBeInstanceOf(Promise);
  });

  test('when the listener reconnects, the whole cache is cleared (events may have been missed)', async () => {
    const { link } = await setup();
    const listener = new NotificationListener({ watchdogMs: 0, log: () => {} });
    const cache = new LinkCache({ listener });
    try {
      await cache.ready();
      await cache.resolve(link.code);
      expect(cache.resolve(link.code)).not.toBeInstanceOf(Promise);
      const relistened = once(listener.events, 'listening');
      // Cut the LISTEN connection, as a database restart or a network blip would.
      await db.execute(sql`select pg_terminate_backend(${listener.backendPid!})`);
      await relistened;
      expect(cache.size).toBe(0);
      expect(cache.resolve(link.code)).toBeInstanceOf(Promise);
    } finally {
      cache.close();
      await listener.close();
    }
  });

  test('the watchdog listens again when pings stop coming back, and the cache is cleared', async () => {
    const { link } = await setup();
    // The listener reaches PostgreSQL through a proxy that can go silent without closing (as a
    // half-open connection does: no error, no notifications).
    const proxy = await freezableProxy(process.env.DATABASE_URL!);
    const listener = new NotificationListener({
      databaseUrl: () => proxy.url,
      watchdogMs: 100,
      log: () => {},
    });
    const cache = new LinkCache({ listener });
    try {
      await cache.ready();
      await cache.resolve(link.code);
      expect(cache.size).toBe(1);
      const relistened = once(listener.events, 'listening');
      proxy.freezeOpenConnections();
      await relistened;
      expect(cache.size).toBe(0);
      expect(listener.isListening('offerlink_link_cache')).toBe(true);
    } finally {
      cache.close();
      await listener.close();
      await proxy.close();
    }
  });

  test('one LISTEN connection per process serves the link cache and the tracking keys', async () => {
    const { link } = await setup();
    await linkCache().ready();
    await linkCache().resolve(link.code);
    await brandByPostbackToken('no-such-token');
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity
           where application_name = 'offerlink-listen' and datname = current_database()`,
    );
    expect(n).toBe(1);
    expect(notificationListener().isListening('offerlink_tracking_keys')).toBe(true);
    expect(notificationListener().isListening('offerlink_link_cache')).toBe(true);
  });

  test('unknown codes are remembered in a bounded set', async () => {
    const cache = new LinkCache({ maxNegative: 3 });
    try {
      await cache.ready();
      for (const code of ['unknown001', 'unknown002', 'unknown003', 'unknown004']) {
        expect(await cache.resolve(code)).toBeNull();
      }
      expect(cache.resolve('unknown004')).toBeNull(); // remembered: answered without a query
      expect(cache.resolve('unknown001')).toBeInstanceOf(Promise); // evicted: read again
    } finally {
      cache.close();
    }
  });
});

describe('shutdown', () => {
  test('stop() writes the buffered clicks before the database closes', async () => {
    // A writer that would wait a minute before flushing: only the shutdown hook can write.
    forgetSingleton('tracking:click-writer');
    singleton('tracking:click-writer', () => new ClickWriter({ flushDelayMs: 60_000 }));
    const { link } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(clickIdOf((await click(`/l/${link.code}`)).location));
    expect(clickWriter().pending).toBe(5);
    expect(await db.$count(clicks, eq(clicks.linkId, link.id))).toBe(0);
    await server.stop();
    expect(clickWriter().pending).toBe(0);
    const rows = await db.select({ id: clicks.id }).from(clicks).where(eq(clicks.linkId, link.id));
    expect(rows.map((r) => r.id).sort()).toEqual(ids.sort());
    forgetSingleton('tracking:click-writer');
  });
});
