import { sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { isUuid } from '../ids';

/**
 * The Reports page's "by source" and "by promo code" breakdowns (decision 054): read from the
 * conversions themselves (the brand's index on created_at), not from the click rollups, because
 * they concern conversions only and no rollup holds the source or the code. Conversions are the
 * accepted ones (pending or approved); refused ones are counted apart. Money per currency.
 */

export interface SourceRow {
  key: string;
  conversions: number;
  refused: number;
  sales: Record<string, number>;
  commission: Record<string, number>;
}

export interface CodeRow extends SourceRow {
  code: string;
  memberName: string;
  active: boolean;
}

export interface CodeReports {
  bySource: SourceRow[];
  byCode: CodeRow[];
}

interface Scope {
  brandId: string;
  timeZone: string;
  /** Days in the brand's time zone, inclusive. */
  from: string;
  to: string;
  offerId?: string | null;
  memberId?: string | null;
}

const MAX_CODE_ROWS = 100;

function add(target: Record<string, number>, currency: string, minor: number | string | null) {
  const value = Number(minor ?? 0);
  if (value !== 0 || !(currency in target)) target[currency] = (target[currency] ?? 0) + value;
}

export async function loadCodeReports(scope: Scope): Promise<CodeReports> {
  const where = sql`c.brand_id = ${scope.brandId}
      and c.created_at >= (${scope.from}::date)::timestamp at time zone ${scope.timeZone}
      and c.created_at < (${scope.to}::date + 1)::timestamp at time zone ${scope.timeZone}
      ${isUuid(scope.offerId) ? sql`and c.offer_id = ${scope.offerId}` : sql``}
      ${isUuid(scope.memberId) ? sql`and c.member_id = ${scope.memberId}` : sql``}`;
  const figures = sql`
      count(*) filter (where c.status in ('pending', 'approved'))::int as conversions,
      count(*) filter (where c.status = 'refused')::int as refused,
      coalesce(sum(c.amount_minor) filter (where c.status in ('pending', 'approved')), 0)::text as sales,
      coalesce(sum(c.commission_minor) filter (where c.status in ('pending', 'approved')), 0)::text
        as commission`;
  const [sources, codes] = await Promise.all([
    db.execute<{
      source: string;
      currency: string;
      conversions: number;
      refused: number;
      sales: string;
      commission: string;
    }>(sql`
      select c.source::text as source, c.currency, ${figures}
        from conversions c
       where ${where}
       group by c.source, c.currency`),
    db.execute<{
      promo_code_id: string;
      code: string;
      member_name: string;
      active: boolean;
      currency: string;
      conversions: number;
      refused: number;
      sales: string;
      commission: string;
    }>(sql`
      select c.promo_code_id, pc.code, m.name as member_name,
             pc.deactivated_at is null as active, c.currency, ${figures}
        from conversions c
        join promo_codes pc on pc.id = c.promo_code_id
        join members m on m.id = pc.member_id
       where ${where} and c.source = 'code'
       group by c.promo_code_id, pc.code, m.name, pc.deactivated_at, c.currency`),
  ]);
  const bySource = new Map<string, SourceRow>();
  for (const r of sources) {
    const row = (bySource.get(r.source) ?? {
      key: r.source,
      conversions: 0,
      refused: 0,
      sales: {},
      commission: {},
    }) as SourceRow;
    row.conversions += r.conversions;
    row.refused += r.refused;
    add(row.sales, r.currency, r.sales);
    add(row.commission, r.currency, r.commission);
    bySource.set(r.source, row);
  }
  const byCode = new Map<string, CodeRow>();
  for (const r of codes) {
    const row = byCode.get(r.promo_code_id) ?? {
      key: r.promo_code_id,
      code: r.code,
      memberName: r.member_name,
      active: r.active,
      conversions: 0,
      refused: 0,
      sales: {},
      commission: {},
    };
    row.conversions += r.conversions;
    row.refused += r.refused;
    add(row.sales, r.currency, r.sales);
    add(row.commission, r.currency, r.commission);
    byCode.set(r.promo_code_id, row);
  }
  const byConversions = (a: SourceRow, b: SourceRow) =>
    b.conversions - a.conversions || a.key.localeCompare(b.key);
  return {
    bySource: [...bySource.values()].sort(byConversions),
    byCode: [...byCode.values()].sort(byConversions).slice(0, MAX_CODE_ROWS),
  };
}
