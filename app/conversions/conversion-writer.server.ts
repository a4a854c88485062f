import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { getDb } from '../../db/client';
import type { conversions } from '../../db/schema';
import { singleton } from '../../lib/singleton.server';

export type ConversionRow = typeof conversions.$inferInsert & { id: string };

interface Pending {
  row: ConversionRow;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/** Rows per INSERT; a batch is one statement, so one commit (one WAL flush) for all of them. */
const MAX_BATCH = 500;
/** INSERTs in flight at once; while they run, new rows gather into the next batch. */
const MAX_IN_FLIGHT = 4;

interface Writer {
  queue: Pending[];
  inFlight: number;
  scheduled: boolean;
}

const writer = singleton('conversion-writer', (): Writer => ({
  queue: [],
  inFlight: 0,
  scheduled: false,
}));

/**
 * Group commit for conversions. Each caller's promise resolves only after the INSERT holding its
 * row has committed (synchronous_commit stays on), so an acknowledged conversion is on disk; many
 * concurrent postbacks share one commit instead of paying for one each. No timers: a batch starts
 * on the next event-loop turn when a slot is free; rows that arrive meanwhile join the next one.
 *
 * Resolves true when the row was inserted, false when the partial unique index
 * (offer_id, order_id) for accepted conversions already held that order (ON CONFLICT DO NOTHING).
 */
export function writeConversion(
  row: Omit<ConversionRow, 'id'> & { id?: string },
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    writer.queue.push({ row: { ...row, id: row.id ?? randomUUID() }, resolve, reject });
    schedule();
  });
}

/** Starts batches on the next turn of the event loop, so rows arriving together share one. */
function schedule(): void {
  if (writer.scheduled) return;
  writer.scheduled = true;
  setImmediate(() => {
    writer.scheduled = false;
    pump();
  });
}

function pump(): void {
  while (writer.inFlight < MAX_IN_FLIGHT && writer.queue.length > 0) {
    const batch = writer.queue.splice(0, MAX_BATCH);
    writer.inFlight++;
    void flush(batch).finally(() => {
      writer.inFlight--;
      pump();
    });
  }
}

const COLUMNS = [
  'id',
  'brand_id',
  'offer_id',
  'link_id',
  'member_id',
  'payout_option_id',
  'click_ref',
  'click_id',
  'coupon_ref',
  'promo_code_id',
  'conflict_rule',
  'order_id',
  'event',
  'goal_id',
  'adv_sub',
  'adv_sub2',
  'adv_sub3',
  'adv_sub4',
  'adv_sub5',
  'amount_minor',
  'currency',
  'commission_minor',
  'status',
  'reason',
  'source',
  'raw',
] as const;

/**
 * Inserts conversion rows with `sql` (the database, or a transaction of it: a manual conversion is
 * inserted with its creation record in one transaction), skipping any whose (offer, order id) an
 * accepted conversion already holds; returns the ids inserted. postgres.js directly: on the
 * postback path drizzle's query building cost more CPU than the INSERT. `created_at` is the
 * database's clock unless every row gives one (a manual conversion's sale time).
 */
export async function insertConversions(
  sql: postgres.Sql | postgres.TransactionSql,
  rows: ConversionRow[],
): Promise<Set<string>> {
  const datedRows = rows.length > 0 && rows.every((r) => r.createdAt != null);
  const values = rows.map((r) => ({
    id: r.id,
    brand_id: r.brandId,
    offer_id: r.offerId ?? null,
    link_id: r.linkId ?? null,
    member_id: r.memberId ?? null,
    payout_option_id: r.payoutOptionId ?? null,
    click_ref: r.clickRef ?? null,
    click_id: r.clickId ?? null,
    coupon_ref: r.couponRef ?? null,
    promo_code_id: r.promoCodeId ?? null,
    conflict_rule: r.conflictRule ?? null,
    order_id: r.orderId ?? null,
    event: r.event ?? null,
    goal_id: r.goalId ?? null,
    adv_sub: r.advSub ?? null,
    adv_sub2: r.advSub2 ?? null,
    adv_sub3: r.advSub3 ?? null,
    adv_sub4: r.advSub4 ?? null,
    adv_sub5: r.advSub5 ?? null,
    amount_minor: r.amountMinor ?? null,
    currency: r.currency ?? 'USD',
    commission_minor: r.commissionMinor ?? 0,
    status: r.status,
    reason: r.reason ?? null,
    source: r.source,
    // Text: drizzle replaces this client's json serializer; PostgreSQL casts it to jsonb.
    raw: r.raw == null ? null : JSON.stringify(r.raw),
    // Text, like raw: drizzle replaces this client's serializers.
    created_at: r.createdAt ? new Date(r.createdAt).toISOString() : null,
  }));
  const columns = datedRows ? [...COLUMNS, 'created_at' as const] : COLUMNS;
  const inserted = await sql<{ id: string }[]>`
    insert into conversions ${sql(values, ...columns)}
    on conflict do nothing
    returning id`;
  return new Set(inserted.map((r) => r.id));
}

function insert(rows: ConversionRow[]): Promise<Set<string>> {
  return insertConversions(getDb().$client, rows);
}

async function flush(batch: Pending[]): Promise<void> {
  try {
    const inserted = await insert(batch.map((p) => p.row));
    for (const p of batch) p.resolve(inserted.has(p.row.id));
  } catch (error) {
    if (batch.length === 1) {
      batch[0].reject(error);
      return;
    }
    // One bad row must not fail its neighbours: retry each on its own.
    await Promise.all(
      batch.map(async (p) => {
        try {
          p.resolve((await insert([p.row])).has(p.row.id));
        } catch (rowError) {
          p.reject(rowError);
        }
      }),
    );
  }
}
