import { eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { db, directDatabaseUrl } from '../../db/client';
import { clicks } from '../../db/schema';
import { CLICK_ID_PATTERN, clickIdTime, generateClickId } from './click-id.server';
import { ClickBatch } from './click-batch.server';
import { ClickWriter, type ClickRow } from './click-writer.server';
import { freePort } from '../../test/postgres-server';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';

const live = directDatabaseUrl();
const unreachable = `postgres://nobody@127.0.0.1:${await freePort()}/none`;

// Every writer a test makes closes its connection when the test ends.
const writers: ClickWriter[] = [];
function makeWriter(options: ConstructorParameters<typeof ClickWriter>[0]) {
  const writer = new ClickWriter(options);
  writers.push(writer);
  return writer;
}
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.disconnect();
});

function row(overrides: Partial<ClickRow> = {}): ClickRow {
  const now = Date.now();
  return {
    id: generateClickId(now),
    brandId: crypto.randomUUID(),
    offerId: crypto.randomUUID(),
    linkId: crypto.randomUUID(),
    memberId: crypto.randomUUID(),
    createdAt: new Date(now),
    ipHash: 'a'.repeat(64),
    userAgent: 'Mozilla/5.0',
    referrer: null,
    country: null,
    device: 'desktop',
    isBot: false,
    isUnique: true,
    attributable: true,
    subs: [null, null, null, null, null],
    ...overrides,
  };
}

/**
 * The ids of a real link: counters are folded with each link's brand, offer and member from
 * `links` (clicks themselves are written without foreign keys).
 */
async function realLink(): Promise<Pick<ClickRow, 'linkId' | 'brandId' | 'offerId' | 'memberId'>> {
  const { brand } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id);
  const member = await createMember(brand.id);
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  return { linkId: link.id, brandId: brand.id, offerId: offer.id, memberId: member.id };
}

describe('click ids', () => {
  test('are UUIDv7: version 7, RFC variant, time-ordered, carrying their time, distinct', () => {
    const t = Date.UTC(2026, 10, 24, 5, 0, 0);
    const ids = Array.from({ length: 2000 }, (_, i) => generateClickId(t + i));
    for (const id of ids) expect(id).toMatch(CLICK_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(clickIdTime(ids[10])).toBe(t + 10);
    // 74 random bits: two ids of the same millisecond differ.
    expect(generateClickId(t)).not.toBe(generateClickId(t));
  });
});

describe('ClickWriter', () => {
  test('keeps clicks while the database is unreachable and writes them once it is back', async () => {
    let url = unreachable;
    const log: string[] = [];
    const writer = makeWriter({
      databaseUrl: () => url,
      flushDelayMs: 60_000,
      log: (line) => log.push(line),
    });
    const bot = row({ ...(await realLink()), isBot: true, isUnique: false, attributable: false });
    const rows = [row(), row(), bot];
    rows.forEach((r) => writer.record(r));
    await writer.flush();
    expect(writer.pending).toBe(3);
    expect(log.join('\n')).toMatch(/could not write 3 clicks \(attempt 1/);
    await expect(writer.flushAll({ attempts: 1 })).rejects.toThrow(/3 clicks could not be written/);

    url = live;
    await writer.flushAll();
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(3);
    expect(log.at(-1)).toMatch(/writing resumed/);
    for (const r of rows) {
      const [stored] = await db.select().from(clicks).where(eq(clicks.id, r.id));
      expect(stored.isBot).toBe(r.isBot);
    }
  });

  test('the buffer is bounded: the oldest clicks are dropped, loudly', () => {
    const log: string[] = [];
    const writer = makeWriter({
      databaseUrl: () => unreachable,
      flushDelayMs: 60_000,
      maxBuffered: 5,
      log: (line) => log.push(line),
    });
    for (let i = 0; i < 7; i += 1) writer.record(row());
    expect(writer.pending).toBe(5);
    expect(writer.dropped).toBe(2);
    expect(log.filter((l) => l.includes('DROPPED'))).toHaveLength(2);
  });

  test('a full buffer drops whole batches, oldest first, and keeps the newest clicks', async () => {
    let url = unreachable;
    const log: string[] = [];
    const writer = makeWriter({
      databaseUrl: () => url,
      flushDelayMs: 60_000,
      maxBatch: 4,
      maxBuffered: 10,
      log: (line) => log.push(line),
    });
    const rows = Array.from({ length: 15 }, () => row());
    rows.forEach((r) => writer.record(r));
    expect(writer.pending).toBeLessThanOrEqual(10);
    expect(writer.pending + writer.dropped).toBe(15);
    expect(log.some((l) => l.includes('DROPPED 4 clicks'))).toBe(true);
    url = live;
    await writer.flushAll();
    const stored = await db
      .select({ id: clicks.id })
      .from(clicks)
      .where(
        inArray(
          clicks.id,
          rows.map((r) => r.id),
        ),
      );
    expect(stored.map((r) => r.id).sort()).toEqual(
      rows
        .slice(15 - stored.length)
        .map((r) => r.id)
        .sort(),
    );
  });

  test('many clicks of one link are all stored, with their flags', async () => {
    const writer = makeWriter({ flushDelayMs: 60_000 });
    const same = await realLink();
    const base = row(same);
    for (let i = 0; i < 2500; i += 1) {
      writer.record(row({ ...same, isUnique: i % 5 === 0, isBot: i % 10 === 9 }));
    }
    await writer.flushAll();
    const [stats] = await db
      .select({
        clicks: sql<number>`count(*) filter (where not ${clicks.isBot})::int`,
        uniqueClicks: sql<number>`count(*) filter (where not ${clicks.isBot} and ${clicks.isUnique})::int`,
        botClicks: sql<number>`count(*) filter (where ${clicks.isBot})::int`,
      })
      .from(clicks)
      .where(eq(clicks.linkId, base.linkId));
    expect(stats).toMatchObject({ clicks: 2250, uniqueClicks: 500, botClicks: 250 });
  });

  test('text with separators, backslashes and NUL characters is stored as sent (NUL removed)', async () => {
    const writer = makeWriter({ flushDelayMs: 60_000 });
    const tricky = 'tab\there, new\nline, cr\rreturn, back\\slash \\N, nul\0end, «ünïcode» 🎉';
    const r = row({
      userAgent: tricky,
      referrer: 'https://example.com/a\tb',
      subs: [tricky, '\\', '', null, '\\N'],
    });
    writer.record(r);
    await writer.flushAll();
    const [stored] = await db.select().from(clicks).where(eq(clicks.id, r.id));
    const expected = tricky.replace('\0', '');
    expect(stored.userAgent).toBe(expected);
    expect(stored.referrer).toBe('https://example.com/a\tb');
    expect([stored.sub1, stored.sub2, stored.sub3, stored.sub4, stored.sub5]).toEqual([
      expected,
      '\\',
      '',
      null,
      '\\N',
    ]);
  });

  test('a batch holding an already stored click is written again, storing only the new clicks', async () => {
    const writer = makeWriter({ flushDelayMs: 60_000 });
    const same = await realLink();
    const first = row(same);
    writer.record(first);
    await writer.flushAll();
    // As after a commit whose acknowledgement was lost: the same click comes again, with new ones.
    const again = [first, row(same), row(same)];
    again.forEach((r) => writer.record(r));
    await writer.flushAll();
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(3);
    expect(await db.$count(clicks, eq(clicks.linkId, first.linkId))).toBe(3);
  });

  test('a click the database refuses is dropped, loudly, and the rest of its batch is stored', async () => {
    const log: string[] = [];
    const writer = makeWriter({ flushDelayMs: 60_000, log: (line) => log.push(line) });
    const good = [row(), row()];
    const bad = row({ device: 'toaster' as never });
    [good[0], bad, good[1]].forEach((r) => writer.record(r));
    await writer.flushAll();
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(2);
    expect(writer.dropped).toBe(1);
    expect(log.join('\n')).toContain(`DROPPED click ${bad.id}`);
    for (const r of good) expect(await db.$count(clicks, eq(clicks.id, r.id))).toBe(1);
    expect(await db.$count(clicks, eq(clicks.id, bad.id))).toBe(0);
  });

  test('flushAll also writes the clicks recorded while it runs', async () => {
    const writer = makeWriter({ flushDelayMs: 60_000 });
    const early = row();
    const late = row();
    writer.record(early);
    const flushed = writer.flushAll();
    // The flush has taken `early`; this one waits for the next.
    writer.record(late);
    await flushed;
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(2);
    for (const r of [early, late]) expect(await db.$count(clicks, eq(clicks.id, r.id))).toBe(1);
  });

  test('settle writes the clicks buffered when it is called, also while a flush is running', async () => {
    const writer = makeWriter({ flushDelayMs: 60_000 });
    const first = row();
    writer.record(first);
    const inFlight = writer.flush();
    // Recorded while a flush runs: settle() must write it too (with the next flush).
    const target = row();
    writer.record(target);
    const settled = writer.settle();
    // Clicks recorded after the call are written by later flushes.
    const more = Array.from({ length: 50 }, () => row());
    more.forEach((r) => writer.record(r));
    await settled;
    await inFlight;
    for (const r of [first, target]) expect(await db.$count(clicks, eq(clicks.id, r.id))).toBe(1);
    await writer.flushAll();
    expect(
      await db.$count(
        clicks,
        inArray(
          clicks.id,
          more.map((r) => r.id),
        ),
      ),
    ).toBe(50);
  });
});

describe('ClickBatch', () => {
  test('keeps every click exactly, across its buffers', () => {
    const batch = new ClickBatch();
    const link = crypto.randomUUID();
    const rows: ClickRow[] = [];
    // ~1.5 MB of COPY text: several 256 KiB buffers.
    for (let i = 0; i < 3000; i += 1) {
      const r = row({
        linkId: i % 3 ? link : crypto.randomUUID(),
        userAgent: `Mozilla/5.0 ${'x'.repeat(i % 400)} ü\t${i}`,
        subs: [`s${i}`, null, 'back\\slash', null, i % 2 ? 'new\nline' : null],
      });
      rows.push(r);
      batch.add(r);
    }
    // Every kind of value: nulls, a bot, booleans both ways, another day, a NUL (dropped).
    const odd = row({
      userAgent: null,
      device: 'bot',
      isBot: true,
      isUnique: false,
      attributable: false,
      country: 'FR',
      referrer: 'https://example.com/ü',
      createdAt: new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 678)),
      subs: ['a\0b', '', null, '🎉', 'x'.repeat(255)],
    });
    batch.add(odd);
    rows.push({ ...odd, subs: ['ab', '', null, '🎉', 'x'.repeat(255)] });
    expect(batch.size).toBe(3001);
    expect(batch.rows()).toEqual(rows);
  });

  test('is empty after release, and takes clicks again', () => {
    const batch = new ClickBatch();
    const first = row();
    batch.add(first);
    batch.add({ ...first, id: generateClickId(), isUnique: false });
    expect(batch.size).toBe(2);
    batch.release();
    expect(batch.size).toBe(0);
    expect(batch.rows()).toEqual([]);
    expect(batch.data()).toEqual([]);
    const again = { ...first, id: generateClickId() };
    batch.add(again);
    expect(batch.rows()).toEqual([again]);
  });
});

describe('the reporting fold reads the batches the writer commits', () => {
  test('clicks written long after they were made (a writer catching up) are folded, once', async () => {
    const { foldStats } = await import('../reporting/rollups.server');
    await foldStats();
    const link = await realLink();
    const writer = makeWriter({ databaseUrl: () => live, flushDelayMs: 60_000 });
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const rows = [row({ ...link, createdAt: hoursAgo }), row({ ...link }), row({ ...link })];
    rows.forEach((r) => writer.record(r));
    await writer.flushAll();
    // Far older than the fold's slack for clicks written otherwise (a minute): the batch's row
    // says where to read from.
    await foldStats();
    await foldStats();
    const [folded] = (await db.execute(sql`
      select coalesce(sum(clicks), 0)::int as clicks from stats_links
       where link_id = ${link.linkId} and grain = 'd'`)) as unknown as { clicks: number }[];
    expect(folded.clicks).toBe(3);
    // The fold deleted the batches it read.
    const batches = (await db.execute(sql`select 1 from stats_click_batches`)) as unknown[];
    expect(batches).toHaveLength(0);
  });
});
