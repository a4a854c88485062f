// Clicks partitioned by month: the click writer's binary COPY into the parent routes rows, a click
// no partition covers lands in the default one, partitions are made ahead, and retention drops
// old months but never inside an offer's attribution window, keeping counters and conversions.
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { db, directDatabaseUrl } from '../../db/client';
import { clicks, conversions, offers } from '../../db/schema';
import { getLinkFigures } from '../reporting/figures.server';
import { foldStats } from '../reporting/rollups.server';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { resetConfigForTests } from '../config.server';
import { generateClickId } from './click-id.server';
import {
  createClickPartition,
  dropExpiredClickPartitions,
  ensureClickPartitions,
  maintainClickPartitions,
  monthStart,
  partitionName,
} from './click-partitions.server';
import { ClickWriter, type ClickRow } from './click-writer.server';

const writers: ClickWriter[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) await w.disconnect();
  delete process.env.CLICK_RETENTION_MONTHS;
  resetConfigForTests();
});

async function setup(windowDays = 30) {
  const { brand } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, { attributionWindowDays: windowDays });
  const member = await createMember(brand.id);
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  return { brand, offer, link };
}

function clickAt(
  link: { id: string; brandId: string; offerId: string; memberId: string },
  at: Date,
): ClickRow {
  return {
    id: generateClickId(at.getTime()),
    brandId: link.brandId,
    offerId: link.offerId,
    linkId: link.id,
    memberId: link.memberId,
    createdAt: at,
    ipHash: 'b'.repeat(64),
    userAgent: 'Mozilla/5.0',
    referrer: null,
    country: null,
    device: 'desktop',
    isBot: false,
    isUnique: true,
    attributable: true,
    subs: [null, null, null, null, null],
  };
}

async function partitionOf(id: string): Promise<string | undefined> {
  const rows = await db.execute<{ part: string }>(
    sql`select tableoid::regclass::text as part from clicks where id = ${id}`,
  );
  return rows[0]?.part;
}

async function partitions(): Promise<string[]> {
  const rows = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'clicks'::regclass order by 1`);
  return rows.map((r) => r.name);
}

describe('clicks partitioned by month', () => {
  test('the table is partitioned, with this month, the next two and a default partition', async () => {
    const [kind] = await db.execute<{ strategy: string }>(
      sql`select partstrat as strategy from pg_partitioned_table where partrelid = 'clicks'::regclass`,
    );
    expect(kind.strategy).toBe('r');
    const now = new Date();
    const names = await partitions();
    for (let i = 0; i < 3; i++) expect(names).toContain(partitionName(monthStart(now, i)));
    expect(names).toContain('clicks_default');
    // Made again at start and daily: nothing to do, and two at once do not collide.
    const again = await Promise.all([ensureClickPartitions(), ensureClickPartitions()]);
    expect(again).toEqual([[], []]);
  });

  test("the click writer's binary COPY routes each click to its month, or to the default", async () => {
    const { link } = await setup();
    const writer = new ClickWriter({ databaseUrl: directDatabaseUrl, log: () => {} });
    writers.push(writer);
    const now = new Date();
    const thisMonth = clickAt(link, now);
    // A click dated where no partition exists (a wrong clock, a far date) is still stored.
    const farAway = clickAt(link, new Date(Date.UTC(2099, 4, 17)));
    writer.record(thisMonth);
    writer.record(farAway);
    await writer.flushAll();
    expect(await partitionOf(thisMonth.id)).toBe(partitionName(monthStart(now)));
    expect(await partitionOf(farAway.id)).toBe('clicks_default');
    // The month of a click in the default partition is left to it (its clicks are found there).
    const logged: string[] = [];
    await db.$client.begin(async (tx) => {
      expect(
        await createClickPartition(tx, monthStart(farAway.createdAt), (l) => logged.push(l)),
      ).toBe(false);
    });
    expect(logged[0]).toContain('clicks_p209905 not created');
    await db.delete(clicks).where(eq(clicks.id, farAway.id));
  });

  test('retention drops old months, never inside an attribution window, keeping counters and conversions', async () => {
    const now = new Date();
    const { brand, offer, link } = await setup(30);
    // An offer whose window reaches back a year protects the months it covers.
    const { offer: longOffer } = await setup(365);
    const old = monthStart(now, -11);
    const recent = monthStart(now, -2);
    await db.$client.begin(async (tx) => {
      await createClickPartition(tx, old);
      await createClickPartition(tx, recent);
    });
    const oldClick = clickAt(link, new Date(old.getTime() + 3 * 86_400_000));
    const recentClick = clickAt(link, new Date(recent.getTime() + 3 * 86_400_000));
    const writer = new ClickWriter({ databaseUrl: directDatabaseUrl, log: () => {} });
    writers.push(writer);
    writer.record(oldClick);
    writer.record(recentClick);
    await writer.flushAll();
    await foldStats({ slack: '400 days' });
    expect(await partitionOf(oldClick.id)).toBe(partitionName(old));
    const [conversion] = await db
      .insert(conversions)
      .values({
        brandId: brand.id,
        offerId: offer.id,
        linkId: link.id,
        clickId: oldClick.id,
        status: 'approved',
        source: 'postback',
        currency: 'USD',
      })
      .returning();

    process.env.CLICK_RETENTION_MONTHS = '6';
    resetConfigForTests();
    const kept = await maintainClickPartitions(now);
    expect(kept.retention!.dropped).not.toContain(partitionName(old));
    expect(await partitionOf(oldClick.id)).toBe(partitionName(old));

    // Once no window reaches that far, the old month goes; the recent one stays.
    await db.update(offers).set({ attributionWindowDays: 30 }).where(eq(offers.id, longOffer.id));
    const result = await dropExpiredClickPartitions(6, now);
    expect(result.dropped).toContain(partitionName(old));
    expect(result.dropped).not.toContain(partitionName(recent));
    expect(result.keepFrom.getTime()).toBe(monthStart(now, -6).getTime());
    expect(await partitionOf(oldClick.id)).toBeUndefined();
    expect(await partitionOf(recentClick.id)).toBe(partitionName(recent));
    expect(await partitions()).not.toContain(partitionName(old));
    // The reporting rollups and conversions are other tables: untouched.
    expect((await getLinkFigures(brand.id, [link.id])).get(link.id)?.clicks).toBe(2);
    const [still] = await db.select().from(conversions).where(eq(conversions.id, conversion.id));
    expect(still.clickId).toBe(oldClick.id);
  });
});
