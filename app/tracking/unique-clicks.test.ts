// Unique clicks are decided in PostgreSQL by each batch's transaction: exact across processes
// (here: independent click writers, each with its own connection, as two web processes have),
// across restarts, equal to a from-scratch count, and not fooled by a forged X-Forwarded-For.
process.env.TRUST_PROXY = '1';

import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { db, directDatabaseUrl } from '../../db/client';
import { clicks as clicksTable, clickVisitors } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { startServer } from '../../server';
import { generateClickId } from './click-id.server';
import { pruneClickVisitors } from './click-storage.server';
import { ClickWriter, flushClicks, type ClickRow } from './click-writer.server';
import { classifyUserAgent, hashIp } from './visitor.server';

const writers: ClickWriter[] = [];
function writer() {
  const w = new ClickWriter({ databaseUrl: directDatabaseUrl, log: () => {} });
  writers.push(w);
  return w;
}
afterEach(async () => {
  for (const w of writers.splice(0)) await w.disconnect();
});

async function newLink() {
  const { brand } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id);
  const member = await createMember(brand.id);
  return createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
}

type Link = Awaited<ReturnType<typeof newLink>>;

function click(link: Link, ip: string, ua: string, at: number, isBot = false): ClickRow {
  return {
    id: generateClickId(at),
    brandId: link.brandId,
    offerId: link.offerId,
    linkId: link.id,
    memberId: link.memberId,
    createdAt: new Date(at),
    ipHash: hashIp(ip),
    userAgent: ua,
    referrer: null,
    country: null,
    device: isBot ? 'bot' : 'desktop',
    isBot,
    isUnique: !isBot,
    attributable: !isBot,
    subs: [null, null, null, null, null],
    userAgentDigest: classifyUserAgent(ua).digest,
  };
}

async function uniqueOf(ids: string[]): Promise<Record<string, boolean>> {
  const rows = await db.$client<
    { id: string; is_unique: boolean }[]
  >`select id, is_unique from clicks where id = any(${ids}::uuid[])`;
  return Object.fromEntries(rows.map((r) => [r.id, r.is_unique]));
}

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0';
const HOUR = 3_600_000;

describe('unique clicks decided in PostgreSQL', () => {
  test('the same visitor at two processes at once counts once; after a restart too', async () => {
    const link = await newLink();
    const a = writer();
    const b = writer();
    const now = Date.now();
    const first = Array.from({ length: 10 }, (_, i) => click(link, '198.51.100.1', UA, now + i));
    // Interleaved over the two processes, flushed concurrently.
    first.forEach((c, i) => (i % 2 ? a : b).record(c));
    await Promise.all([a.flushAll(), b.flushAll()]);
    const flags = await uniqueOf(first.map((c) => c.id));
    expect(Object.values(flags).filter(Boolean)).toHaveLength(1);

    // A process started afterwards (a restart, a third process) knows the visitor.
    const c = writer();
    const later = click(link, '198.51.100.1', UA, now + 5 * HOUR);
    const stranger = click(link, '198.51.100.2', UA, now + 5 * HOUR);
    c.record(later);
    c.record(stranger);
    await c.flushAll();
    expect(await uniqueOf([later.id, stranger.id])).toEqual({
      [later.id]: false,
      [stranger.id]: true,
    });
    // Over both processes and the restart: two unique clicks among the link's twelve.
    const [stats] = await db
      .select({
        uniqueClicks: sql<number>`count(*) filter (where ${clicksTable.isUnique})::int`,
        clicks: sql<number>`count(*)::int`,
      })
      .from(clicksTable)
      .where(eq(clicksTable.linkId, link.id));
    expect(stats.uniqueClicks).toBe(2);
    expect(stats.clicks).toBe(12);
  });

  test('the window slides: unique again only 24 h after the last click', async () => {
    const link = await newLink();
    const w = writer();
    const t0 = Date.now() - 60 * HOUR;
    const clicks = [0, 20, 43, 68].map((h) => click(link, '203.0.113.9', UA, t0 + h * HOUR));
    for (const c of clicks) {
      w.record(c);
      await w.flushAll();
    }
    // 0 h unique; 20 h not; 43 h not (23 h after the last); 68 h unique (25 h after the last).
    const flags = await uniqueOf(clicks.map((c) => c.id));
    expect(clicks.map((c) => flags[c.id])).toEqual([true, false, false, true]);
  });

  test('over two processes and random traffic, unique clicks equal a from-scratch count', async () => {
    const links = [await newLink(), await newLink()];
    const procs = [writer(), writer()];
    const start = Date.now() - 90 * HOUR;
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const made: ClickRow[] = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 40; i++) {
        // Rounds 7 h apart, clicks within 40 min of their round's start: no two clicks of a visitor
        // are near 24 h apart, where clicks arriving out of order at two processes could swap which
        // one is unique (decision 030).
        const at = start + round * 7 * HOUR + random(40 * 60_000);
        const row = click(
          links[random(2)],
          `192.0.2.${random(6)}`,
          random(3) ? UA : 'Mozilla/5.0 (iPhone) Mobile',
          at,
          random(10) === 0,
        );
        made.push(row);
        procs[random(2)].record(row);
      }
      await Promise.all(procs.map((p) => p.flushAll()));
    }
    const [{ stored, scratch }] = await db.$client<{ stored: number; scratch: number }[]>`
      with c as (
        select is_unique, is_bot,
               created_at - lag(created_at) over (
                 partition by link_id, ip_hash, user_agent order by created_at) as gap
          from clicks where not is_bot and link_id = any(${links.map((l) => l.id)}::uuid[])
      )
      select count(*) filter (where is_unique)::int as stored,
             count(*) filter (where gap is null or gap >= interval '24 hours')::int as scratch
        from c`;
    expect(stored).toBe(scratch);
    expect(stored).toBeGreaterThan(0);
  });

  test('a visitor this process upserted under a second ago is not upserted again, and its clicks are not unique', async () => {
    const link = await newLink();
    const w = writer();
    const t = Date.now() - HOUR;
    const clicks = [0, 300, 999, 1_200].map((ms) => click(link, '203.0.113.20', UA, t + ms));
    const lastSeen: number[] = [];
    for (const c of clicks) {
      w.record(c);
      await w.flushAll();
      const [row] = await db.select().from(clickVisitors).where(eq(clickVisitors.linkId, link.id));
      lastSeen.push(row.lastSeen.getTime() - t);
    }
    // Renewed by the first click and by the one a second or more after it, not in between.
    expect(lastSeen).toEqual([0, 0, 0, 1_200]);
    const flags = await uniqueOf(clicks.map((c) => c.id));
    expect(clicks.map((c) => flags[c.id])).toEqual([true, false, false, false]);
  });

  test('a decision within a second of the 24-hour mark looks at the clicks themselves', async () => {
    const link = await newLink();
    const t0 = Date.now() - 30 * HOUR;
    // One process: each visitor's second click comes 500 ms after the first, which last_seen
    // keeps (not upserted again).
    const a = writer();
    const early = ['198.51.100.31', '198.51.100.32'].flatMap((ip) => [
      click(link, ip, UA, t0),
      click(link, ip, UA, t0 + 500),
    ]);
    for (const c of early) {
      a.record(c);
      await a.flushAll();
    }
    // Another process, a day later: 24 h after the first click but within 24 h of the second for
    // one visitor (not unique), over 24 h after both for the other (unique).
    const b = writer();
    const late = [
      click(link, '198.51.100.31', UA, t0 + 24 * HOUR + 200),
      click(link, '198.51.100.32', UA, t0 + 24 * HOUR + 600),
    ];
    for (const c of late) b.record(c);
    await b.flushAll();
    const flags = await uniqueOf([...early, ...late].map((c) => c.id));
    expect(early.map((c) => flags[c.id])).toEqual([true, false, true, false]);
    expect(late.map((c) => flags[c.id])).toEqual([false, true]);
  });

  test('visitors last seen over 24 h ago are pruned', async () => {
    const link = await newLink();
    const w = writer();
    w.record(click(link, '198.51.100.77', UA, Date.now() - 30 * HOUR));
    w.record(click(link, '198.51.100.78', UA, Date.now()));
    await w.flushAll();
    expect(await pruneClickVisitors()).toBeGreaterThanOrEqual(1);
    const left = await db.select().from(clickVisitors).where(eq(clickVisitors.linkId, link.id));
    expect(left).toHaveLength(1);
  });

  test('a forged X-Forwarded-For behind a trusted balancer cannot inflate unique clicks', async () => {
    const link = await newLink();
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      web: false,
      worker: false,
      seed: false,
    });
    try {
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`http://127.0.0.1:${server.port}/l/${link.code}`, {
          headers: { 'user-agent': UA, 'x-forwarded-for': `10.9.8.${i}, 198.51.100.150` },
          redirect: 'manual',
        });
        expect(response.status).toBe(302);
      }
      await flushClicks();
    } finally {
      await server.stop();
    }
    const [row] = await db.$client<{ clicks: number; uniques: number }[]>`
      select count(*)::int as clicks, count(*) filter (where is_unique)::int as uniques
        from clicks where link_id = ${link.id}`;
    expect(row).toEqual({ clicks: 5, uniques: 1 });
  });
});
