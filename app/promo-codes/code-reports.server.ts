import { sql, type SQL } from 'drizzle-orm';
import { db } from '../../db/client';
import { isUuid } from '../ids';

/**
 * The Reports page's "by source" and "by promo code" breakdowns (decisions 054, 063): from the
 * conversions rollup, or for one member from its twin per member. Conversions are the accepted ones
 * (pending or approved); refused ones are counted apart. Money per currency.
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
  /** Days in the brand's time zone (the rollups' days), inclusive. */
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
  // One member: that member's rows of the twin per member.
  const [sources, codes] = isUuid(scope.memberId)
    ? await fromRollup(
        scope,
        sql`stats_conversion_member_days`,
        sql`and t.member_id = ${scope.memberId}`,
      )
    : await fromRollup(scope, sql`stats_conversion_days`, sql``);
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

type SourceFigures = {
  source: string;
  currency: string;
  conversions: number;
  refused: number;
  sales: string;
  commission: string;
};

type CodeFigures = Omit<SourceFigures, 'source'> & {
  promo_code_id: string;
  code: string;
  member_name: string;
  active: boolean;
};

/**
 * The brand's days from the conversions rollup (`stats_conversion_days`, decision 063): bounded by
 * days × offers × sources × codes used, whatever the number of conversions.
 */
function fromRollup(
  scope: Scope,
  table: SQL,
  member: SQL,
): Promise<[SourceFigures[], CodeFigures[]]> {
  const where = sql`t.brand_id = ${scope.brandId} ${member}
      and t.day between ${scope.from}::date and ${scope.to}::date
      ${isUuid(scope.offerId) ? sql`and t.offer_id = ${scope.offerId}` : sql``}`;
  const figures = sql`
      sum(t.conversions)::int as conversions, sum(t.refused)::int as refused,
      sum(t.sales_minor)::text as sales, sum(t.commission_minor)::text as commission`;
  return Promise.all([
    db.execute<SourceFigures>(sql`
      select t.source::text as source, t.currency, ${figures}
        from ${table} t
       where ${where}
       group by t.source, t.currency
      having sum(t.conversions) <> 0 or sum(t.refused) <> 0`),
    db.execute<CodeFigures>(sql`
      select t.promo_code_id, pc.code, m.name as member_name,
             pc.deactivated_at is null as active, t.currency, ${figures}
        from ${table} t
        join promo_codes pc on pc.id = t.promo_code_id
        join members m on m.id = pc.member_id
       where ${where} and t.source = 'code'
       group by t.promo_code_id, pc.code, m.name, pc.deactivated_at, t.currency
      having sum(t.conversions) <> 0 or sum(t.refused) <> 0`),
  ]) as Promise<[SourceFigures[], CodeFigures[]]>;
}
