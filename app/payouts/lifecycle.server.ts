import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client';
import { isUuid } from '../ids';
import {
  actorApiKeyId,
  actorUserId,
  placeLines,
  refreshPayable,
  startLines,
  withLedger,
  type Actor,
  type LedgerTx,
} from './ledger.server';
import { PayoutError } from './payout-error';
import { NOTE_MAX, rejectionSchema, type RejectionInput } from './schemas';

/**
 * The commission lifecycle (SPEC §6), the only code that changes a conversion's status:
 *
 *   pending ──▶ approved ──▶ (in a statement) ──▶ paid with it
 *      │            │
 *      ├────────────┴──▶ rejected (by the brand, with a reason)
 *      └────────────┴──▶ reversed (by a reversal postback or the brand)
 *
 * Every function takes a transaction (or the database), the brand, the conversion ids and who
 * acts; works in a savepoint holding the brand's ledger lock; keeps the statements in step
 * (a commission leaving an unpaid statement lowers its total; the reversal of a paid one adds a
 * clawback to the member's next statement); records each change in the status history; and
 * either changes everything asked or, with a PayoutError, nothing. Asking for the status a
 * conversion already has changes nothing and is not an error (`unchanged`).
 */

export interface TransitionResult {
  /** Conversions whose status changed. */
  changed: string[];
  /** Conversions that already had the asked status. */
  unchanged: string[];
}

export interface ReversalResult extends TransitionResult {
  /** Reversals of commissions already paid: the negative adjustment and where it went. */
  clawbacks: { conversionId: string; adjustmentId: string; statementId: string | null }[];
}

type LockedConversion = {
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'reversed' | 'refused';
  statement_id: string | null;
  statement_status: 'open' | 'carried_forward' | 'paid' | null;
  paid_on: string | null;
  member_id: string | null;
  currency: string;
  commission_minor: string;
  order_id: string | null;
};

const MAX_IDS = 10_000;

/** The brand's conversions of `ids`, locked; any id that is not one of them → 404, nothing changes. */
async function lockConversions(
  t: LedgerTx,
  brandId: string,
  ids: readonly string[],
): Promise<LockedConversion[]> {
  const unique = [...new Set(ids.map((id) => String(id).toLowerCase()))];
  if (unique.length === 0) {
    throw new PayoutError('invalid_input', 'Select at least one conversion.');
  }
  if (unique.length > MAX_IDS) {
    throw new PayoutError(
      'invalid_input',
      `At most ${MAX_IDS.toLocaleString('en')} conversions can be changed at once.`,
    );
  }
  const bad = unique.filter((id) => !isUuid(id));
  const rows =
    bad.length > 0
      ? []
      : await t.execute<LockedConversion>(sql`
          select c.id, c.status, c.statement_id, s.status as statement_status,
                 s.paid_on::text as paid_on, c.member_id, c.currency,
                 c.commission_minor::text as commission_minor, c.order_id
            from conversions c
            left join statements s on s.id = c.statement_id
           where c.brand_id = ${brandId} and c.id = any(${sql.param(unique)}::uuid[])
           order by c.id
             for update of c`);
  if (rows.length < unique.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = unique.filter((id) => !found.has(id));
    throw new PayoutError(
      'not_found',
      missing.length === 1
        ? 'Conversion not found.'
        : `${missing.length} of the selected conversions were not found.`,
      { ids: missing },
    );
  }
  return [...rows];
}

function describe(c: LockedConversion): string {
  return c.order_id ? `order ${c.order_id}` : `conversion ${c.id.slice(0, 8)}`;
}

/** A refusal naming the first few conversions it is about. */
function refuse(
  code: 'illegal_transition' | 'already_paid',
  rows: LockedConversion[],
  says: (c: LockedConversion) => string,
): PayoutError {
  const shown = rows.slice(0, 3).map(says);
  const more = rows.length > 3 ? ` (and ${rows.length - 3} more)` : '';
  return new PayoutError(code, `${shown.join('; ')}${more}. Nothing was changed.`, {
    ids: rows.map((r) => r.id),
  });
}

const STATUS_WORDS: Record<LockedConversion['status'], string> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  reversed: 'reversed',
  refused: 'refused at attribution',
};

async function recordHistory(
  t: LedgerTx,
  brandId: string,
  rows: LockedConversion[],
  to: 'approved' | 'rejected' | 'reversed',
  actor: Actor,
  now: Date,
  reason: string | null,
  note: string | null,
): Promise<void> {
  if (rows.length === 0) return;
  await t.execute(sql`
    insert into conversion_status_history
      (conversion_id, brand_id, from_status, to_status, reason, note, actor_kind, actor_user_id,
       actor_api_key_id, at)
    select id, ${brandId}::uuid, from_status, ${to}::conversion_status, ${reason}::reject_reason,
           ${note}::text, ${actor.kind}::actor_kind, ${actorUserId(actor)}::uuid,
           ${actorApiKeyId(actor)}::uuid, ${now.toISOString()}::timestamptz
      from unnest(${sql.param(rows.map((r) => r.id))}::uuid[],
                  ${sql.param(rows.map((r) => r.status))}::conversion_status[])
           as x(id, from_status)`);
}

/** Takes commissions out of the unpaid statements they sit in (their totals drop). */
async function removeFromStatements(
  t: LedgerTx,
  rows: LockedConversion[],
  now: Date,
): Promise<void> {
  const leaving = rows.filter((r) => r.statement_id && r.statement_status !== 'paid');
  if (leaving.length === 0) return;
  await t.execute(sql`
    update statements s
       set amount_minor = s.amount_minor - d.amount, updated_at = ${now.toISOString()}::timestamptz
      from (select statement_id, sum(amount) as amount
              from unnest(${sql.param(leaving.map((r) => r.statement_id))}::uuid[],
                          ${sql.param(leaving.map((r) => r.commission_minor))}::bigint[])
                   as x(statement_id, amount)
             group by statement_id) d
     where s.id = d.statement_id`);
}

function membersOf(rows: LockedConversion[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.member_id ? [r.member_id] : [])))];
}

/**
 * Approves pending commissions early (the brand), or when their holding period has passed (the
 * rollup does that itself, set-based). Each goes straight into its member's statement.
 * Refused: anything not pending (approving a reversed or rejected commission).
 */
export async function approveConversions(
  tx: Tx,
  brandId: string,
  ids: readonly string[],
  actor: Actor,
  options: { now?: Date } = {},
): Promise<TransitionResult> {
  const now = options.now ?? new Date();
  return withLedger(tx, brandId, actor, async (t) => {
    const rows = await lockConversions(t, brandId, ids);
    const illegal = rows.filter((r) => r.status !== 'pending' && r.status !== 'approved');
    if (illegal.length) {
      throw refuse(
        'illegal_transition',
        illegal,
        (c) =>
          `Only a pending commission can be approved: ${describe(c)} is ${STATUS_WORDS[c.status]}`,
      );
    }
    const orphan = rows.filter((r) => r.status === 'pending' && !r.member_id);
    if (orphan.length) {
      throw refuse('illegal_transition', orphan, (c) => `${describe(c)} has no member to pay`);
    }
    const pending = rows.filter((r) => r.status === 'pending');
    if (pending.length) {
      await startLines(t);
      await t.execute(sql`
        insert into payout_lines (kind, id, member_id, currency, month)
        select 'approve', c.id, c.member_id, c.currency,
               date_trunc('month', ${now.toISOString()}::timestamptz at time zone 'UTC')::date
          from conversions c
         where c.id = any(${sql.param(pending.map((r) => r.id))}::uuid[])`);
      await placeLines(t, brandId, actor, now);
      await refreshPayable(t, brandId, membersOf(pending), now);
    }
    return {
      changed: pending.map((r) => r.id),
      unchanged: rows.filter((r) => r.status === 'approved').map((r) => r.id),
    };
  });
}

/**
 * Rejects pending or approved commissions, with a reason from the list (and a note; required for
 * `other`). A commission in an unpaid statement leaves it. Refused: reversed or refused ones, and
 * commissions already paid (reverse those instead: the clawback goes to the next statement).
 */
export async function rejectConversions(
  tx: Tx,
  brandId: string,
  ids: readonly string[],
  rejection: RejectionInput,
  actor: Actor,
  options: { now?: Date } = {},
): Promise<TransitionResult> {
  const parsed = rejectionSchema.safeParse(rejection);
  if (!parsed.success) {
    throw new PayoutError('invalid_input', 'Give a reason for the rejection.', {
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    });
  }
  const { reason, note } = parsed.data;
  const now = options.now ?? new Date();
  return withLedger(tx, brandId, actor, async (t) => {
    const rows = await lockConversions(t, brandId, ids);
    const illegal = rows.filter((r) => r.status === 'reversed' || r.status === 'refused');
    if (illegal.length) {
      throw refuse(
        'illegal_transition',
        illegal,
        (c) =>
          `Only a pending or approved commission can be rejected: ${describe(c)} is ${STATUS_WORDS[c.status]}`,
      );
    }
    const paid = rows.filter((r) => r.status === 'approved' && r.statement_status === 'paid');
    if (paid.length) {
      throw refuse(
        'already_paid',
        paid,
        (c) =>
          `${describe(c)} was paid on ${c.paid_on}; reverse it instead (its commission is taken back in the next statement)`,
      );
    }
    const changing = rows.filter((r) => r.status === 'pending' || r.status === 'approved');
    if (changing.length) {
      await removeFromStatements(t, changing, now);
      await t.execute(sql`
        update conversions
           set status = 'rejected', reject_reason = ${reason}::reject_reason,
               status_note = ${note ?? null}::text, rejected_at = ${now.toISOString()}::timestamptz,
               statement_id = null
         where brand_id = ${brandId}
           and id = any(${sql.param(changing.map((r) => r.id))}::uuid[])`);
      await recordHistory(t, brandId, changing, 'rejected', actor, now, reason, note ?? null);
      await refreshPayable(t, brandId, membersOf(changing), now);
    }
    return {
      changed: changing.map((r) => r.id),
      unchanged: rows.filter((r) => r.status === 'rejected').map((r) => r.id),
    };
  });
}

/**
 * Reverses accepted commissions (a refund or chargeback: by a reversal postback or the brand).
 * A commission in an unpaid statement leaves it; one already paid stays in its paid statement
 * and a negative adjustment of the same amount (a clawback) goes into the member's next
 * statement. Refused: rejected or refused conversions (they earned nothing to take back).
 */
export async function reverseConversions(
  tx: Tx,
  brandId: string,
  ids: readonly string[],
  reversal: { note?: string | null },
  actor: Actor,
  options: { now?: Date } = {},
): Promise<ReversalResult> {
  const note = reversal.note?.trim() || null;
  if (note && note.length > NOTE_MAX) {
    throw new PayoutError('invalid_input', `The note can be at most ${NOTE_MAX} characters.`, {
      fieldErrors: { note: [`The note can be at most ${NOTE_MAX} characters.`] },
    });
  }
  const now = options.now ?? new Date();
  return withLedger(tx, brandId, actor, async (t) => {
    const rows = await lockConversions(t, brandId, ids);
    const illegal = rows.filter((r) => r.status === 'rejected' || r.status === 'refused');
    if (illegal.length) {
      throw refuse(
        'illegal_transition',
        illegal,
        (c) =>
          `Only a pending or approved commission can be reversed: ${describe(c)} is ${STATUS_WORDS[c.status]}`,
      );
    }
    const changing = rows.filter((r) => r.status === 'pending' || r.status === 'approved');
    const clawbacks: ReversalResult['clawbacks'] = [];
    if (changing.length) {
      await removeFromStatements(t, changing, now);
      await t.execute(sql`
        update conversions
           set status = 'reversed', status_note = ${note}::text,
               reversed_at = ${now.toISOString()}::timestamptz,
               statement_id = case when id = any(${sql.param(
                 changing.filter((r) => r.statement_status === 'paid').map((r) => r.id),
               )}::uuid[]) then statement_id end
         where brand_id = ${brandId}
           and id = any(${sql.param(changing.map((r) => r.id))}::uuid[])`);
      await recordHistory(t, brandId, changing, 'reversed', actor, now, null, note);

      const paid = changing.filter(
        (r) => r.statement_status === 'paid' && r.member_id && Number(r.commission_minor) !== 0,
      );
      if (paid.length) {
        const inserted = await t.execute<{ id: string; conversion_id: string }>(sql`
          insert into statement_adjustments
            (brand_id, member_id, conversion_id, amount_minor, currency, note, created_at)
          select ${brandId}::uuid, c.member_id, c.id,
                 -- What partial refunds already clawed back is not taken twice (decision 056).
                 -(c.commission_minor - coalesce((
                   select sum(r.commission_minor) from conversion_refunds r
                    where r.conversion_id = c.id and r.adjustment_id is not null), 0)),
                 c.currency,
                 left(concat_ws(': ',
                   'Reversal of ' || coalesce('order ' || c.order_id, 'a conversion') ||
                   ' paid on ' || s.paid_on::text, ${note}::text), ${NOTE_MAX}),
                 ${now.toISOString()}::timestamptz
            from conversions c join statements s on s.id = c.statement_id
           where c.id = any(${sql.param(paid.map((r) => r.id))}::uuid[])
          on conflict (conversion_id) where refund_id is null do nothing
          returning id, conversion_id`);
        await startLines(t);
        await t.execute(sql`
          insert into payout_lines (kind, id, member_id, currency, month)
          select 'adjust', a.id, a.member_id, a.currency,
                 date_trunc('month', a.created_at at time zone 'UTC')::date
            from statement_adjustments a
           where a.id = any(${sql.param(inserted.map((r) => r.id))}::uuid[])`);
        await placeLines(t, brandId, actor, now);
        const placed = await t.execute<{
          id: string;
          conversion_id: string;
          statement_id: string | null;
        }>(sql`
          select id, conversion_id, statement_id from statement_adjustments
           where id = any(${sql.param(inserted.map((r) => r.id))}::uuid[])`);
        for (const a of placed) {
          clawbacks.push({
            conversionId: a.conversion_id,
            adjustmentId: a.id,
            statementId: a.statement_id,
          });
        }
      }
      await refreshPayable(t, brandId, membersOf(changing), now);
    }
    return {
      changed: changing.map((r) => r.id),
      unchanged: rows.filter((r) => r.status === 'reversed').map((r) => r.id),
      clawbacks,
    };
  });
}
