// The batch groups its human clicks by link and visitor as they come (decision 039): one row per
// group for decideUniqueClicks, and PostgreSQL's answer per group turned back into each click's
// `is_unique` byte. No database here: click-writer and unique-clicks tests write
// batches for real.
import { describe, expect, test } from 'vitest';
import { readInt8, PG_EPOCH_MS } from '../../db/pg-binary';
import { ClickBatch, type ClickRow } from './click-batch.server';
import { generateClickId } from './click-id.server';
import { RecentVisitors, VISITOR_RENEW_MS } from './recent-visitors.server';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const IP_A = 'a1'.repeat(32);
const IP_B = 'b2'.repeat(32);
const AGENT_1 = '0123456789abcdef';
const AGENT_2 = 'fedcba9876543210';

function link() {
  return {
    linkId: crypto.randomUUID(),
    brandId: crypto.randomUUID(),
    offerId: crypto.randomUUID(),
    memberId: crypto.randomUUID(),
  };
}
type Link = ReturnType<typeof link>;

function click(l: Link, ipHash: string, agent: string | undefined, at: number, isBot = false) {
  return {
    id: generateClickId(at),
    ...l,
    createdAt: new Date(at),
    ipHash,
    userAgent: 'Mozilla/5.0',
    referrer: null,
    country: null,
    device: isBot ? 'bot' : 'mobile',
    isBot,
    isUnique: !isBot,
    attributable: !isBot,
    subs: [null, null, null, null, null],
    userAgentDigest: agent,
  } satisfies ClickRow;
}

/** The elements of a one-dimensional binary array (binaryArray's layout). */
function elements(array: Buffer): Buffer[] {
  const n = array.readInt32BE(12);
  const out: Buffer[] = [];
  let at = 20;
  for (let i = 0; i < n; i += 1) {
    const bytes = array.readInt32BE(at);
    out.push(array.subarray(at + 4, at + 4 + bytes));
    at += 4 + bytes;
  }
  return out;
}

function groupsOf(batch: ClickBatch, groups = batch.visitorGroups) {
  const [links, visitors, firsts, lasts] = batch.visitorArrays(groups).map(elements);
  return links.map((linkId, i) => ({
    link: linkId.toString('hex'),
    visitor: visitors[i].toString('hex'),
    first: readInt8(firsts[i], 0) / 1000 + PG_EPOCH_MS,
    last: readInt8(lasts[i], 0) / 1000 + PG_EPOCH_MS,
  }));
}

const hex = (uuid: string) => uuid.replaceAll('-', '');

function uniqueFlags(batch: ClickBatch): boolean[] {
  return batch.rows().map((row) => row.isUnique);
}

describe('visitor groups of a click batch', () => {
  test("a visitor's clicks of a link are one group; another visitor, link or user agent is another; bots and undecided rows none", () => {
    const a = link();
    const b = link();
    const batch = new ClickBatch();
    const rows = [
      click(a, IP_A, AGENT_1, T0),
      click(a, IP_A, AGENT_1, T0 + 10),
      click(b, IP_A, AGENT_1, T0 + 20),
      click(a, IP_B, AGENT_1, T0 + 30),
      click(a, IP_A, AGENT_2, T0 + 40),
      click(a, IP_A, AGENT_1, T0 + 50),
      click(a, IP_A, AGENT_1, T0 + 60, true),
      click(a, IP_A, undefined, T0 + 70),
    ];
    for (const row of rows) batch.add(row);

    expect(batch.humanClicks).toBe(6);
    expect(batch.visitorGroups).toHaveLength(4);
    expect(groupsOf(batch)).toEqual([
      { link: hex(a.linkId), visitor: IP_A.slice(0, 16) + AGENT_1, first: T0, last: T0 + 50 },
      { link: hex(b.linkId), visitor: IP_A.slice(0, 16) + AGENT_1, first: T0 + 20, last: T0 + 20 },
      { link: hex(a.linkId), visitor: IP_B.slice(0, 16) + AGENT_1, first: T0 + 30, last: T0 + 30 },
      { link: hex(a.linkId), visitor: IP_A.slice(0, 16) + AGENT_2, first: T0 + 40, last: T0 + 40 },
    ]);
  });

  test("PostgreSQL's answer per group: only a unique group's earliest click is unique; applying again changes nothing", () => {
    const a = link();
    const batch = new ClickBatch();
    for (const row of [
      click(a, IP_A, AGENT_1, T0),
      click(a, IP_B, AGENT_1, T0 + 1),
      click(a, IP_A, AGENT_1, T0 + 2),
      click(a, IP_B, AGENT_1, T0 + 3),
    ]) {
      batch.add(row);
    }

    const [groupA, groupB] = batch.visitorGroups;
    batch.applyUnique([groupB]);
    expect(uniqueFlags(batch)).toEqual([false, true, false, false]);

    // A retried batch gets its answer again, perhaps another one.
    batch.applyUnique([groupB]);
    expect(uniqueFlags(batch)).toEqual([false, true, false, false]);
    batch.applyUnique([groupA, groupB]);
    expect(uniqueFlags(batch)).toEqual([true, true, false, false]);
    batch.applyUnique([]);
    expect(uniqueFlags(batch)).toEqual([false, false, false, false]);
  });

  test('the earliest click is the candidate even when the clock stepped back', () => {
    const a = link();
    const batch = new ClickBatch();
    batch.add(click(a, IP_A, AGENT_1, T0 + 500));
    batch.add(click(a, IP_A, AGENT_1, T0 + 100));
    batch.add(click(a, IP_A, AGENT_1, T0 + 300));
    expect(groupsOf(batch)).toEqual([expect.objectContaining({ first: T0 + 100, last: T0 + 500 })]);
    batch.applyUnique(batch.visitorGroups);
    expect(uniqueFlags(batch)).toEqual([false, true, false]);
  });

  test('one row per link and visitor even when the link changes mid-batch, and the next batch starts afresh', () => {
    const a = link();
    const batch = new ClickBatch();
    batch.add(click(a, IP_A, AGENT_1, T0));
    // The same link now belongs to another member (its encoded ids are made again).
    batch.add(click({ ...a, memberId: crypto.randomUUID() }, IP_A, AGENT_1, T0 + 1));
    expect(batch.visitorGroups).toHaveLength(1);
    expect(groupsOf(batch)[0]).toMatchObject({ first: T0, last: T0 + 1 });

    batch.release();
    expect(batch.visitorGroups).toHaveLength(0);
    batch.add(click(a, IP_A, AGENT_1, T0 + 2));
    expect(groupsOf(batch)).toEqual([
      { link: hex(a.linkId), visitor: IP_A.slice(0, 16) + AGENT_1, first: T0 + 2, last: T0 + 2 },
    ]);
  });

  test("a group this process upserted less than a second before its clicks is covered; later, earlier or another visitor's is not", () => {
    const a = link();
    const recent = new RecentVisitors();
    const first = new ClickBatch();
    first.add(click(a, IP_A, AGENT_1, T0));
    first.add(click(a, IP_B, AGENT_1, T0 + 5));
    // Nothing known yet: both are asked; once committed, remembered with their last click.
    expect(first.visitorGroups.filter((g) => recent.covers(g))).toHaveLength(0);
    recent.remember([first.visitorGroups[0]], T0);
    first.release();

    const next = new ClickBatch();
    next.add(click(a, IP_A, AGENT_1, T0 + 50));
    next.add(click(a, IP_A, AGENT_1, T0 + VISITOR_RENEW_MS - 1));
    next.add(click(a, IP_B, AGENT_1, T0 + 60));
    const [seenA, notRemembered] = next.visitorGroups;
    expect(recent.covers(seenA)).toBe(true);
    expect(recent.covers(notRemembered)).toBe(false);
    next.release();

    // A click a second or more after the known last_seen renews it; one before it is asked too.
    const late = new ClickBatch();
    late.add(click(a, IP_A, AGENT_1, T0 + 40));
    late.add(click(a, IP_A, AGENT_1, T0 + VISITOR_RENEW_MS));
    expect(recent.covers(late.visitorGroups[0])).toBe(false);
    late.release();
    late.add(click(a, IP_A, AGENT_1, T0 - 1));
    expect(recent.covers(late.visitorGroups[0])).toBe(false);
    late.release();

    // What was remembered is forgotten two renewals later (the memory stays small).
    recent.remember([], T0 + VISITOR_RENEW_MS);
    recent.remember([], T0 + 2 * VISITOR_RENEW_MS);
    late.add(click(a, IP_A, AGENT_1, T0 + 50));
    expect(recent.covers(late.visitorGroups[0])).toBe(false);
    expect(recent.size).toBe(0);
  });
});
