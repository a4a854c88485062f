import type pg from 'pg';
import { getDb } from '../../db/client';
import { from as copyFrom } from 'pg-copy-streams';
import { withoutNul } from '../../db/pg-binary';
import {
  CLICK_COLUMNS,
  type ClickBatch,
  type ClickRow,
  type VisitorGroup,
} from './click-batch.server';
import { VISITOR_RENEW_MS, type RecentVisitors } from './recent-visitors.server';

/*
 * The SQL that stores click batches (click-batch.server.ts lays them out): one COPY per batch, and
 * the slow idempotent insert for retries. Figures are folded from `clicks` by the reporting fold
 * (docs/decisions/018-reporting-rollups.md, 040-narrow-rollups.md).
 */

/**
 * Unique clicks, decided in PostgreSQL in the batch's own transaction, so every process and every
 * restart agrees (docs/decisions/030-unique-clicks-in-postgresql.md). The batch groups its human
 * clicks by link and visitor as they come; each group upserts one `click_visitors` row (its last
 * click, and the one before, which the upsert replaced), and its first click is unique when no
 * click came in the 24 hours before it; its other clicks are not. Rows are locked in key order, so
 * concurrent batches of other processes wait for each other instead of deadlocking, and the later
 * one sees the earlier.
 *
 * Groups that `recent` covers (this process upserted their visitor less than a second before their
 * clicks) are not sent: none of their clicks is unique. `last_seen` may then lag a visitor's real
 * last click by less than VISITOR_RENEW_MS; a decision that falls within that of the 24-hour mark
 * looks for such a click in `clicks` itself (docs/decisions/039-visitor-groups-per-batch.md).
 * Returns the groups it upserted, for `recent` to remember once the batch has committed.
 */
export async function decideUniqueClicks(
  client: pg.Client,
  batch: ClickBatch,
  recent?: RecentVisitors,
): Promise<VisitorGroup[]> {
  const groups = batch.visitorGroups;
  if (!groups.length) return [];
  const asked = recent ? groups.filter((group) => !recent.covers(group)) : [...groups];
  let unique: VisitorGroup[] = [];
  if (asked.length) {
    const result = await client.query<{ n: string }>(
      `with up as (
         insert into click_visitors as cv (link_id, visitor, last_seen)
         select * from unnest($1::uuid[], $2::uuid[], $4::timestamptz[]) order by 1, 2
         on conflict (link_id, visitor) do update
           set previous_seen = cv.last_seen, last_seen = greatest(cv.last_seen, excluded.last_seen)
         returning link_id, visitor, previous_seen
       )
       select g.n
         from unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
                with ordinality as g(link_id, visitor, first_at, n)
         join up using (link_id, visitor)
        where up.previous_seen is null
           or up.previous_seen <= g.first_at - interval '24 hours' - $5::int * interval '1 ms'
           or (up.previous_seen <= g.first_at - interval '24 hours'
               and not exists (
                 select 1 from clicks c
                  where c.created_at > g.first_at - interval '24 hours'
                    and c.created_at < least(g.first_at, up.previous_seen + $5::int * interval '1 ms')
                    and c.link_id = g.link_id
                    and not c.is_bot
                    and (left(c.ip_hash, 16) || left(encode(sha256(convert_to(
                          coalesce(c.user_agent, ''), 'UTF8')), 'hex'), 16))::uuid = g.visitor))`,
      [...batch.visitorArrays(asked), VISITOR_RENEW_MS],
    );
    unique = result.rows.map((row) => asked[Number(row.n) - 1]);
  }
  batch.applyUnique(unique);
  return asked;
}

/**
 * Deletes visitors last seen more than 24 hours ago (they make no click non-unique any more), with
 * a minute to spare: `last_seen` may lag the visitor's last click by up to VISITOR_RENEW_MS.
 */
export async function pruneClickVisitors(): Promise<number> {
  const result = await getDb().$client`
    delete from click_visitors where last_seen < now() - interval '24 hours 1 minute'`;
  return result.count;
}

/**
 * One transaction: decide unique clicks, COPY the batch's clicks, and NOTIFY `notifyChannel` (when given), which PostgreSQL delivers when the batch commits.
 * Returns the visitor groups it upserted (see decideUniqueClicks).
 */
export async function copyBatch(
  client: pg.Client,
  batch: ClickBatch,
  { notifyChannel, recent }: { notifyChannel?: string; recent?: RecentVisitors } = {},
): Promise<VisitorGroup[]> {
  let upserted: VisitorGroup[] = [];
  await transaction(client, async () => {
    upserted = await decideUniqueClicks(client, batch, recent);
    const stream = client.query(
      copyFrom(`copy clicks (${CLICK_COLUMNS}) from stdin with (format binary)`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      for (const chunk of batch.data()) stream.write(chunk);
      stream.end();
    });
    // The batch's earliest click time, for the reporting fold (docs/decisions/059-fold-by-batch.md),
    // and the NOTIFY: one round trip.
    const earliest = batch.earliest ?? new Date();
    await client.query(
      `insert into stats_click_batches (created_from) values ('${earliest.toISOString()}')` +
        (notifyChannel ? `; notify ${notifyChannel}` : ''),
    );
  });
  return upserted;
}

/**
 * The slow, idempotent way: an INSERT that skips clicks already stored. Returns how many clicks
 * were new.
 */
export async function insertClicksIdempotently(
  client: pg.Client,
  rows: ClickRow[],
): Promise<number> {
  const col = <T>(pick: (row: ClickRow) => T) => rows.map(pick);
  const clean = (value: string | null) => (value === null ? null : withoutNul(value));
  let inserted = 0;
  const earliest = rows.reduce(
    (min, r) => (r.createdAt < min ? r.createdAt : min),
    rows[0]?.createdAt ?? new Date(),
  );
  await transaction(client, async () => {
    await client.query(`insert into stats_click_batches (created_from) values ($1)`, [
      earliest.toISOString(),
    ]);
    const result = await client.query<{ n: string }>(
      `with inserted as (
         insert into clicks (${CLICK_COLUMNS})
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[],
                              $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[],
                              $11::device_class[], $12::bool[], $13::bool[], $14::bool[],
                              $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
         on conflict (id, created_at) do nothing
         returning 1
       )
       select count(*) as n from inserted`,
      [
        col((r) => r.id),
        col((r) => r.brandId),
        col((r) => r.offerId),
        col((r) => r.linkId),
        col((r) => r.memberId),
        col((r) => r.createdAt.toISOString()),
        col((r) => clean(r.ipHash)),
        col((r) => clean(r.userAgent)),
        col((r) => clean(r.referrer)),
        col((r) => clean(r.country)),
        col((r) => r.device),
        col((r) => r.isBot),
        col((r) => r.isUnique),
        col((r) => r.attributable),
        col((r) => clean(r.subs[0])),
        col((r) => clean(r.subs[1])),
        col((r) => clean(r.subs[2])),
        col((r) => clean(r.subs[3])),
        col((r) => clean(r.subs[4])),
      ],
    );
    inserted = Number(result.rows[0].n);
  });
  return inserted;
}

/**
 * Runs `work` in a transaction on `client`. The writer's connection does not wait for the WAL
 * flush at commit (it sets `synchronous_commit = off` when it connects): a busy disk then cannot
 * hold clicks back. A crash of PostgreSQL itself (not of Offerlink) may lose the last fraction of
 * a second of clicks, the same exposure as the in-memory buffer. Conversions are written with the
 * default.
 */
async function transaction(client: pg.Client, work: () => Promise<void>) {
  await client.query('begin');
  try {
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
