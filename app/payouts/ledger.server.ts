import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { PayoutError } from './payout-error';

/**
 * Who or what makes a change: a brand user, the system (the rollup's automatic approval), a
 * merchant's postback (a reversal), or one of the brand's API keys. Recorded with every status
 * change, so the audit log names the person or the key.
 */
export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'system' }
  | { kind: 'postback' }
  | { kind: 'api_key'; apiKeyId: string };

/** A person or an API key: who may add a conversion by hand or mark statements paid. */
export type BrandActor = Extract<Actor, { kind: 'user' } | { kind: 'api_key' }>;

/** A transaction of a drizzle client (what `Tx` is once `.transaction()` has been entered). */
export type LedgerTx = Parameters<Parameters<Tx['transaction']>[0]>[0];

/** The advisory-lock class of the money ledger; the object is a hash of the brand id. */
const LEDGER_LOCK_CLASS = 0x4f4c5059; // 'OLPY'

/**
 * Runs `work` in a savepoint (or a transaction, given the database itself) that holds the brand's
 * ledger lock: every writer of the brand's statements (the rollup, approve, reject, reverse, mark
 * paid, the minimum payout) takes it first, so they run one after another per brand, and each
 * sees what the previous one committed (docs/decisions/024-payout-rollup-locking.md). New
 * conversions do not take it: they only insert pending rows, which the next rollup picks up.
 * A refusal (PayoutError) or a refusal of the database's guards rolls the savepoint back:
 * nothing changes.
 */
export async function withLedger<T>(
  tx: Tx,
  brandId: string,
  actor: Actor,
  work: (t: LedgerTx) => Promise<T>,
): Promise<T> {
  try {
    return await tx.transaction(async (t) => {
      await t.execute(
        sql`select pg_advisory_xact_lock(${LEDGER_LOCK_CLASS}::int, hashtext(${brandId}::text))`,
      );
      // The guard trigger on conversions refuses status changes made without an actor.
      await t.execute(sql`select set_config('offerlink.actor', ${actor.kind}, true)`);
      // Who, for the webhook events written by triggers (conversion.status_changed).
      await t.execute(
        sql`select set_config('offerlink.actor_id', ${actorUserId(actor) ?? actorApiKeyId(actor) ?? ''}, true)`,
      );
      const result = await work(t);
      await t.execute(sql`select set_config('offerlink.actor', '', true)`);
      await t.execute(sql`select set_config('offerlink.actor_id', '', true)`);
      return result;
    });
  } catch (error) {
    throw translateGuardError(error);
  }
}

/** The database's ledger guards (migration payouts_guards) as PayoutErrors. */
function translateGuardError(error: unknown): unknown {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === 'OL001') {
      return new PayoutError('already_paid', `Paid money is never edited: ${candidate.message}.`);
    }
    if (candidate.code === 'OL002' || candidate.code === 'OL003') {
      return new PayoutError('illegal_transition', String(candidate.message));
    }
    e = candidate.cause;
  }
  return error;
}

/** A brand user's id (the portal's callers) or a brand actor, as an Actor. */
export function brandActor(by: string | BrandActor): BrandActor {
  return typeof by === 'string' ? { kind: 'user', userId: by } : by;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function actorApiKeyId(actor: Actor): string | null {
  return actor.kind === 'api_key' ? actor.apiKeyId : null;
}

/**
 * The lines waiting to be placed in statements, filled by the caller (the rollup, approve,
 * reverse) and placed by placeLines(): `approve` = a pending conversion to approve and place,
 * `place` = an approved conversion not yet in a statement, `adjust` = an adjustment not yet in a
 * statement. `month` is the month (UTC) the line belongs to.
 */
export async function startLines(t: LedgerTx): Promise<void> {
  await t.execute(sql`
    create temp table if not exists payout_lines (
      kind text not null,
      id uuid not null,
      member_id uuid not null,
      currency text not null,
      month date not null
    ) on commit drop`);
  await t.execute(sql`truncate payout_lines`);
}

export interface Placement {
  /** Conversions approved by this placement (kind `approve`). */
  approved: number;
  /** Lines (conversions and adjustments) that went into a statement. */
  placed: number;
  /** Statements that got lines. */
  statements: number;
}

/**
 * Places the lines of `payout_lines` in statements, all in set-based SQL. A line goes to its
 * member's statement for its month and currency, unless a statement of that member and currency
 * for that month or later is already paid: then to the month after the latest paid one (a paid
 * statement never changes; later lines go to the next one). Missing statements are created;
 * each statement's total grows by exactly the lines it received. `approve` lines become
 * `approved` in the same statement, recorded in the status history.
 */
export async function placeLines(
  t: LedgerTx,
  brandId: string,
  actor: Actor,
  now: Date,
): Promise<Placement> {
  const at = sql`${now.toISOString()}::timestamptz`;
  await t.execute(sql`analyze payout_lines`);
  // One target statement per (member, currency, month) group.
  await t.execute(sql`
    create temp table if not exists payout_targets (
      member_id uuid not null,
      currency text not null,
      month date not null,
      period date not null,
      statement_id uuid
    ) on commit drop`);
  await t.execute(sql`truncate payout_targets`);
  await t.execute(sql`
    insert into payout_targets (member_id, currency, month, period)
    select g.member_id, g.currency, g.month,
           greatest(g.month, coalesce((p.last_paid + interval '1 month')::date, g.month))
      from (select distinct member_id, currency, month from payout_lines) g
      left join (
        select member_id, currency, max(period_start) as last_paid
          from statements
         where brand_id = ${brandId} and status = 'paid'
         group by member_id, currency
      ) p on p.member_id = g.member_id and p.currency = g.currency`);
  await t.execute(sql`
    insert into statements (brand_id, member_id, period_start, period_end, currency, status)
    select distinct ${brandId}::uuid, member_id, period,
           (period + interval '1 month' - interval '1 day')::date, currency,
           'carried_forward'::statement_status
      from payout_targets
    on conflict (member_id, period_start, currency) do nothing`);
  await t.execute(sql`
    update payout_targets g set statement_id = s.id
      from statements s
     where s.brand_id = ${brandId} and s.member_id = g.member_id
       and s.period_start = g.period and s.currency = g.currency`);
  await t.execute(sql`analyze payout_targets`);

  // The batch event of the rollup's automatic approvals: one history row for all of them, which
  // each approved conversion points to (decision 034). Anyone else's approvals get a row each.
  const batch = actor.kind === 'system';
  const [event] = batch
    ? await t.execute<{ id: string }>(sql`
        insert into conversion_status_history
          (conversion_id, batch_size, brand_id, from_status, to_status, actor_kind, at)
        select null, count(*), ${brandId}::uuid, 'pending', 'approved', 'system', ${at}
          from payout_lines where kind = 'approve'
        having count(*) > 0
        returning id`)
    : [];
  const line = sql`
    from payout_lines l
    join payout_targets g
      on g.member_id = l.member_id and g.currency = l.currency and g.month = l.month`;

  // One statement: conversions and adjustments take their statement (conversions to approve are
  // approved; each UPDATE sets only what changes, and, since no index covers those columns, is
  // HOT), user approvals go to the history, and each statement's total grows by exactly the
  // amounts of the rows that were updated (the guards in WHERE skip anything that changed).
  // The lines and their targets are analysed tables joined by hash (a CTE here was planned blind:
  // a nested loop over a million rows).
  if (batch) await t.execute(sql`select set_config('offerlink.stats_written', 'on', true)`);
  const [result] = await t.execute<{ approved: string; placed: string; statements: string }>(sql`
    with approved as (
      update conversions c
         set status = 'approved', approved_at = ${at}, statement_id = g.statement_id,
             approval_event_id = ${event ? sql`${event.id}::bigint` : sql`null`}
        ${line}
       where l.kind = 'approve' and c.id = l.id and c.brand_id = ${brandId}
         and c.status = 'pending' and c.statement_id is null
      returning c.id, g.statement_id, c.commission_minor as amount, c.brand_id, c.created_at,
                c.offer_id, c.member_id, c.link_id, c.click_id, c.currency
    ),
    -- The rollup's approvals write their reporting deltas here (migration
    -- rollup_writes_its_stats): each moved its commission from pending to approved, with the
    -- same keys, in an unpaid statement. Other approvals are left to reporting's trigger.
    stats as (
      insert into stats_delta (brand_id, hour, offer_id, member_id, link_id, device, country,
                               referrer_domain, sub1, sub2, sub3, sub4, sub5, currency,
                               pending_minor, approved_minor)
      select a.brand_id, date_trunc('hour', a.created_at), a.offer_id,
             coalesce(a.member_id, '00000000-0000-0000-0000-000000000000'),
             coalesce(a.link_id, '00000000-0000-0000-0000-000000000000'),
             coalesce(k.device, 'other'), left(coalesce(k.country, ''), 200),
             stats_referrer_domain(k.referrer),
             left(coalesce(k.sub1, ''), 200), left(coalesce(k.sub2, ''), 200),
             left(coalesce(k.sub3, ''), 200), left(coalesce(k.sub4, ''), 200),
             left(coalesce(k.sub5, ''), 200), a.currency, -a.amount, a.amount
        from approved a
        left join clicks k on k.id = a.click_id
       where ${batch ? sql`true` : sql`false`} and a.amount <> 0 and a.offer_id is not null
    ),
    -- And take them out of the members' pending rollup (decision 066), which their trigger
    -- leaves to this statement as well.
    pending_out as (
      insert into stats_pending_delta (brand_id, member_id, offer_id, currency, clears_on,
                                       pending_minor, pending_count)
      select a.brand_id, a.member_id, a.offer_id, a.currency,
             stats_pending_clears_on(a.created_at, o.holding_period_days, b.time_zone),
             -sum(a.amount), -count(*)
        from approved a
        join offers o on o.id = a.offer_id
        join brands b on b.id = a.brand_id
       where ${batch ? sql`true` : sql`false`} and a.member_id is not null
       group by 1, 2, 3, 4, 5
    ),
    placed as (
      update conversions c
         set statement_id = g.statement_id
        ${line}
       where l.kind = 'place' and c.id = l.id and c.brand_id = ${brandId}
         and c.status = 'approved' and c.statement_id is null
      returning c.id, g.statement_id, c.commission_minor as amount
    ),
    adj as (
      update statement_adjustments a
         set statement_id = g.statement_id
        ${line}
       where l.kind = 'adjust' and a.id = l.id and a.brand_id = ${brandId}
         and a.statement_id is null
      returning a.id, g.statement_id, a.amount_minor as amount
    ),
    history as (
      insert into conversion_status_history
        (conversion_id, brand_id, from_status, to_status, actor_kind, actor_user_id,
         actor_api_key_id, at)
      select id, ${brandId}::uuid, 'pending', 'approved', ${actor.kind}::actor_kind,
             ${actorUserId(actor)}::uuid, ${actorApiKeyId(actor)}::uuid, ${at}
        from approved where ${batch ? sql`false` : sql`true`}
    ),
    deltas as (
      select statement_id, sum(amount) as amount
        from (select statement_id, amount from approved union all
              select statement_id, amount from placed union all
              select statement_id, amount from adj) lines
       group by statement_id
    ),
    totals as (
      update statements s
         set amount_minor = s.amount_minor + d.amount, updated_at = ${at}
        from deltas d
       where s.id = d.statement_id
      returning s.id
    )
    select (select count(*) from approved) as approved,
           (select count(*) from approved) + (select count(*) from placed)
             + (select count(*) from adj) as placed,
           (select count(*) from totals) as statements`);
  if (batch) await t.execute(sql`select set_config('offerlink.stats_written', '', true)`);
  const approved = Number(result?.approved ?? 0);
  if (event && approved === 0) {
    await t.execute(sql`delete from conversion_status_history where id = ${event.id}::bigint`);
  } else if (event) {
    // Under the brand's lock nothing else changed these conversions, so this is the lines' count
    // already; set from what was updated all the same.
    await t.execute(sql`
      update conversion_status_history set batch_size = ${approved}
       where id = ${event.id}::bigint and batch_size <> ${approved}`);
  }
  return {
    approved,
    placed: Number(result?.placed ?? 0),
    statements: Number(result?.statements ?? 0),
  };
}

/**
 * Sets each unpaid statement of these members (of every member of the brand with `all`, of the
 * members placeLines() just placed lines for with `lines`) to `open`
 * (payable) or `carried_forward`, from the member's unpaid balance in its currency — the net of
 * all their unpaid statements in it, negative ones included: all `open` when it is positive and
 * at least the brand's minimum payout in that currency (minimum_payouts; none = 0), else all
 * `carried_forward` (decision 036). Statements left without lines are removed (nothing was ever
 * paid on them).
 */
export async function refreshPayable(
  t: LedgerTx,
  brandId: string,
  memberIds: string[] | 'all' | 'lines',
  now: Date,
): Promise<void> {
  if (Array.isArray(memberIds) && memberIds.length === 0) return;
  const at = sql`${now.toISOString()}::timestamptz`;
  const scope =
    memberIds === 'all'
      ? sql`true`
      : memberIds === 'lines'
        ? sql`s.member_id in (select member_id from payout_targets)`
        : sql`s.member_id = any(${sql.param(memberIds)}::uuid[])`;
  // A statement's commissions are found among its member's conversions (statement_id is not
  // indexed: decision 034).
  await t.execute(sql`
    delete from statements s
     where s.brand_id = ${brandId} and ${scope} and s.status <> 'paid' and s.amount_minor = 0
       and not exists (select 1 from conversions c
                        where c.member_id = s.member_id and c.statement_id = s.id)
       and not exists (select 1 from statement_adjustments a where a.statement_id = s.id)`);
  await t.execute(sql`
    with balances as (
      select s.member_id, s.currency, sum(s.amount_minor) as balance
        from statements s
       where s.brand_id = ${brandId} and ${scope} and s.status <> 'paid'
       group by s.member_id, s.currency
    ),
    wanted as (
      select b.member_id, b.currency,
             (case when b.balance > 0 and b.balance >= coalesce(mp.minimum_minor, 0)
                   then 'open' else 'carried_forward' end)::statement_status as status
        from balances b
        left join minimum_payouts mp on mp.brand_id = ${brandId} and mp.currency = b.currency
    )
    update statements s
       set status = w.status, updated_at = ${at}
      from wanted w
     where s.brand_id = ${brandId} and s.member_id = w.member_id and s.currency = w.currency
       and s.status <> 'paid' and s.status <> w.status`);
}
