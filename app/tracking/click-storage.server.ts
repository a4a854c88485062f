import type pg from 'pg';
import { getDb } from '../../db/client';
import { from as copyFrom } from 'pg-copy-streams';
import { withoutNul } from '../../db/pg-binary';
import { CLICK_COLUMNS, type ClickBatch, type ClickRow } from './click-batch.server';

/*
 * The SQL that stores click batches (click-batch.server.ts lays them out): one COPY per batch, and
 * the slow idempotent insert for retries. Figures are folded from `clicks` by the reporting fold
 * (docs/decisions/018-reporting-rollups.md, 040-narrow-rollups.md).
 */

/**
 * Unique clicks, decided in PostgreSQL in the batch's own transaction, so every process and every
 * restart agrees (docs/decisions/030-unique-clicks-in-postgresql.md): each visitor's clicks of a
 * link in this batch upsert one `click_visitors` row (its last click, and the one before, which
 * the upsert replaced). A visitor's first click here is unique when no click came in the 24 hours
 * before it; its other clicks here are not. Rows are locked in key order, so concurrent batches of
 * other processes wait for each other instead of deadlocking, and the later one sees the earlier.
 */
export async function decideUniqueClicks(client: pg.Client, batch: ClickBatch) {
  if (!batch.humanClicks) return;
  const result = await client.query<{ n: string }>(
    `with v as (
       select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
         with ordinality as t(link_id, visitor, at, n)
     ), d as (
       select link_id, visitor, min(at) as first_at, max(at) as last_at,
              (array_agg(n order by at, n))[1] as n
         from v group by link_id, visitor
     ), up as (
       insert into click_visitors as cv (link_id, visitor, last_seen)
       select link_id, visitor, last_at from d order by link_id, visitor
       on conflict (link_id, visitor) do update
         set previous_seen = cv.last_seen, last_seen = greatest(cv.last_seen, excluded.last_seen)
       returning link_id, visitor, previous_seen
     )
     select d.n from d join up using (link_id, visitor)
      where up.previous_seen is null or up.previous_seen <= d.first_at - interval '24 hours'`,
    batch.visitorArrays(),
  );
  batch.applyUnique(result.rows.map((row) => Number(row.n) - 1));
}

/** Deletes visitors last seen more than 24 hours ago (they make no click non-unique any more). */
export async function pruneClickVisitors(): Promise<number> {
  const result = await getDb().$client`
    delete from click_visitors where last_seen < now() - interval '24 hours'`;
  return result.count;
}

/** One transaction: decide unique clicks, COPY the batch's clicks. */
export async function copyBatch(client: pg.Client, batch: ClickBatch) {
  await transaction(client, async () => {
    await decideUniqueClicks(client, batch);
    const stream = client.query(
      copyFrom(`copy clicks (${CLICK_COLUMNS}) from stdin with (format binary)`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      for (const chunk of batch.data()) stream.write(chunk);
      stream.end();
    });
  });
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
  await transaction(client, async () => {
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
