/**
 * A creator's money as it stands now, in one brand (not for a period: the period's figures come
 * from app/reporting): what is due and whether it reaches the brand's minimum payout, and when
 * pending commissions clear the offer's holding period. Scoped to one member of one brand.
 * docs/decisions/031-creator-dashboard-figures.md.
 */
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { isUuid } from '../ids';
import { memberAmountsDue } from '../payouts/payouts-overview.server';
import { todayIn } from '../reporting/period';
import type { AmountDue } from './earnings';

/**
 * When a pending commission clears the holding period: its conversion's creation plus the
 * offer's holding period in days. The payout rollup (app/payouts/rollup.server.ts) approves it
 * on its first run at or after this moment (the rollup runs hourly, and from the Payouts page);
 * earnings.test.ts holds the two to the same rule.
 */
export function clearsAt(createdAt: Date, holdingPeriodDays: number): Date {
  return new Date(createdAt.getTime() + holdingPeriodDays * 86_400_000);
}

/** `clearsAt` in SQL, for lists of conversions: `clearsAtSql(sql\`c.created_at\`, sql\`o.holding_period_days\`)`. */
export function clearsAtSql(createdAt: SQL, holdingPeriodDays: SQL): SQL {
  return sql`(${createdAt} + make_interval(days => ${holdingPeriodDays}))`;
}

/**
 * The calendar day (YYYY-MM-DD, in the brand's time zone) a pending commission clears on; a
 * commission already past its holding period but not yet approved clears today (the next
 * rollup approves it).
 */
export function clearingDay(
  createdAt: Date,
  holdingPeriodDays: number,
  timeZone: string,
  now: Date = new Date(),
): string {
  const at = clearsAt(createdAt, holdingPeriodDays);
  return todayIn(timeZone, at > now ? at : now);
}

export interface PendingClearing {
  currency: string;
  /** Every pending commission of the scope. */
  pendingMinor: number;
  pendingCount: number;
  /** Per clearing day (the brand's), soonest first: at most CLEARING_DAYS_SHOWN days. */
  schedule: { day: string; amountMinor: number; count: number }[];
}

export interface CreatorEarnings {
  timeZone: string;
  /**
   * Per currency, the member's balance: the net of their unpaid statements (the brand's Payouts
   * page's sums), against the brand's minimum payout in that currency.
   */
  due: AmountDue[];
  /** Per currency, pending commissions and when they clear. */
  pending: PendingClearing[];
}

export const CLEARING_DAYS_SHOWN = 5;

/**
 * The member's amount due (brand-wide: statements are per member, month and currency, across
 * offers) and pending commissions (of one offer when `offerId` is given) with their clearing days.
 */
export async function getCreatorEarnings(
  brandId: string,
  memberId: string,
  options: { offerId?: string; now?: Date } = {},
): Promise<CreatorEarnings> {
  const now = options.now ?? new Date();
  const [brand] = await db.execute<{ time_zone: string }>(sql`
    select time_zone from brands where id = ${brandId}`);
  const timeZone = brand?.time_zone ?? 'UTC';
  if (!brand || !isUuid(memberId) || (options.offerId && !isUuid(options.offerId))) {
    return { timeZone, due: [], pending: [] };
  }
  const today = todayIn(timeZone, now);
  const scope = sql`brand_id = ${brandId} and member_id = ${memberId}
    ${options.offerId ? sql`and offer_id = ${options.offerId}` : sql``}`;
  // The member's pending rollup (decision 066) and what the fold has not added to it yet; a day
  // already past clears today (the next payout rollup approves it).
  const [dueRows, pendingRows] = await Promise.all([
    memberAmountsDue(brandId, memberId),
    db.execute<{ currency: string; day: string; amount: string; n: number }>(sql`
      select currency, greatest(clears_on, ${today}::date)::text as day,
             sum(pending_minor)::text as amount, sum(pending_count)::int as n
        from (select currency, clears_on, pending_minor, pending_count
                from stats_pending where ${scope}
              union all
              select currency, clears_on, pending_minor, pending_count
                from stats_pending_delta where ${scope}) p
       group by 1, 2
      having sum(pending_count) <> 0
       order by 1, 2`),
  ]);
  const due: AmountDue[] = dueRows
    .map((r) => {
      const dueMinor = r.payableMinor + r.carriedMinor;
      const reachesMinimum = r.payableMinor > 0 && r.carriedMinor === 0;
      return {
        ...r,
        dueMinor,
        reachesMinimum,
        shortMinor: reachesMinimum ? 0 : Math.max(0, r.minimumMinor - dueMinor),
      };
    })
    .filter((d) => d.payableMinor !== 0 || d.carriedMinor !== 0);
  const pending = new Map<string, PendingClearing>();
  for (const row of pendingRows) {
    let p = pending.get(row.currency);
    if (!p) {
      p = { currency: row.currency, pendingMinor: 0, pendingCount: 0, schedule: [] };
      pending.set(row.currency, p);
    }
    p.pendingMinor += Number(row.amount);
    p.pendingCount += row.n;
    if (p.schedule.length < CLEARING_DAYS_SHOWN) {
      p.schedule.push({ day: row.day, amountMinor: Number(row.amount), count: row.n });
    }
  }
  return { timeZone, due, pending: [...pending.values()] };
}
