/**
 * The one home of reporting figures, for both portals (docs/decisions/018-reporting-rollups.md):
 * totals, series over time and breakdowns of clicks, unique clicks, conversions, sales and
 * commission for a brand, narrowed by any filters (offer, member, link, project, device,
 * country, referrer domain, sub1…sub5) and a period of days in the brand's time zone.
 *
 * Figures come from the rollups only (`stats_daily`, `stats_hourly`), never from raw clicks:
 * a query that needs at most one dimension besides the offer reads the small daily table of
 * that dimension; one that combines dimensions reads the hourly table.
 */
import { sql, type SQL } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { isUuid } from '../ids';
import { ID_DIMENSIONS, type Dimension, type Filters, type SortKey } from './dimensions';
import { emptyFigures, type Figures } from './figures';
import { addDays, periodDays, type Period } from './period';

export interface Scope {
  brandId: string;
  /** The brand's time zone: days and months are its days and months. */
  timeZone: string;
  filters?: Filters;
}

type Source = { kind: 'daily'; dim: string } | { kind: 'hourly' };

/** The daily table's `dim` holding each dimension (projects are sets of members). */
const DAILY_DIM: Record<Exclude<Dimension, 'offer'>, string> = {
  member: 'member',
  project: 'member',
  link: 'link',
  device: 'device',
  country: 'country',
  referrer: 'referrer',
  sub1: 'sub1',
  sub2: 'sub2',
  sub3: 'sub3',
  sub4: 'sub4',
  sub5: 'sub5',
};

/** The hourly table's column of each dimension, as text. */
const HOURLY_COLUMN: Record<Exclude<Dimension, 'project'>, SQL> = {
  offer: sql`h.offer_id::text`,
  member: sql`h.member_id::text`,
  link: sql`h.link_id::text`,
  device: sql`h.device::text`,
  country: sql`h.country`,
  referrer: sql`h.referrer_domain`,
  sub1: sql`h.sub1`,
  sub2: sql`h.sub2`,
  sub3: sql`h.sub3`,
  sub4: sql`h.sub4`,
  sub5: sql`h.sub5`,
};

const COUNTERS = [
  'clicks',
  'unique_clicks',
  'bot_clicks',
  'conversions',
  'sales_minor',
  'commission_minor',
  'pending_minor',
  'approved_minor',
  'paid_minor',
  'rejected',
  'reversed',
] as const;

/** The rollup's counters summed, named as AggregateRow's fields. */
function sums(t: SQL): SQL {
  return sql.join(
    COUNTERS.map((c) => sql`sum(${t}.${sql.raw(c)})::int8 as ${sql.raw(c)}`),
    sql`, `,
  );
}

function activeFilters(filters: Filters | undefined): [Dimension, string][] {
  return Object.entries(filters ?? {}).filter(
    (entry): entry is [Dimension, string] => typeof entry[1] === 'string',
  );
}

/** The smallest rollup that holds every dimension the query needs. */
function chooseSource(filters: Filters | undefined, by: Dimension | 'day' | 'hour' | null): Source {
  const dims = new Set<string>();
  for (const [dimension] of activeFilters(filters)) {
    if (dimension !== 'offer') dims.add(DAILY_DIM[dimension]);
  }
  if (by === 'hour') return dims.size === 0 ? { kind: 'daily', dim: 'hour' } : { kind: 'hourly' };
  if (by && by !== 'day' && by !== 'offer') dims.add(DAILY_DIM[by]);
  if (dims.size <= 1) return { kind: 'daily', dim: dims.values().next().value ?? 'device' };
  return { kind: 'hourly' };
}

function conditions(source: Source, scope: Scope, period: Period | null): SQL {
  const { brandId, timeZone } = scope;
  const parts: SQL[] = [];
  if (source.kind === 'daily') {
    parts.push(sql`d.brand_id = ${brandId}`, sql`d.dim = ${source.dim}`);
    if (period) parts.push(sql`d.day between ${period.from}::date and ${period.to}::date`);
  } else {
    parts.push(sql`h.brand_id = ${brandId}`);
    if (period) {
      // Hours are folded into the brand's days by their start; the range test lets the index
      // narrow the scan, the day test is the rule.
      const end = addDays(period.to, 1);
      parts.push(
        sql`h.hour >= (${period.from}::timestamp at time zone ${timeZone}) - interval '1 hour'`,
        sql`h.hour < (${end}::timestamp at time zone ${timeZone}) + interval '1 hour'`,
        sql`(h.hour at time zone ${timeZone})::date between ${period.from}::date and ${period.to}::date`,
      );
    }
  }
  for (const [dimension, value] of activeFilters(scope.filters)) {
    if (ID_DIMENSIONS.has(dimension) && !isUuid(value)) {
      parts.push(sql`false`);
      continue;
    }
    if (dimension === 'offer') {
      parts.push(source.kind === 'daily' ? sql`d.offer_id = ${value}` : sql`h.offer_id = ${value}`);
    } else if (dimension === 'project') {
      const members = sql`(select pm.member_id from project_members pm
        where pm.project_id = ${value} and pm.brand_id = ${brandId})`;
      parts.push(
        source.kind === 'daily'
          ? sql`d.value in (select m::text from ${members} as x(m))`
          : sql`h.member_id in ${members}`,
      );
    } else if (source.kind === 'daily') {
      parts.push(sql`d.value = ${value}`);
    } else if (dimension === 'member') {
      parts.push(sql`h.member_id = ${value}`);
    } else if (dimension === 'link') {
      parts.push(sql`h.link_id = ${value}`);
    } else {
      parts.push(sql`${HOURLY_COLUMN[dimension]} = ${value}`);
    }
  }
  return sql.join(parts, sql` and `);
}

/** The grouping key of each row of the source, as text. */
function keyExpression(
  source: Source,
  scope: Scope,
  by: Dimension | 'day' | 'hour' | null,
): { key: SQL; join: SQL } {
  const none = sql``;
  if (by === null) return { key: sql`''`, join: none };
  if (source.kind === 'daily') {
    if (by === 'day') return { key: sql`d.day::text`, join: none };
    if (by === 'hour') return { key: sql`d.value`, join: none };
    if (by === 'offer') return { key: sql`d.offer_id::text`, join: none };
    if (by === 'project') {
      return {
        key: sql`coalesce(pm.project_id::text, '')`,
        join: sql`left join project_members pm on pm.brand_id = ${scope.brandId}
          and pm.member_id::text = d.value`,
      };
    }
    return { key: sql`d.value`, join: none };
  }
  if (by === 'day') {
    return { key: sql`(h.hour at time zone ${scope.timeZone})::date::text`, join: none };
  }
  if (by === 'hour') {
    return { key: sql`to_char(h.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`, join: none };
  }
  if (by === 'project') {
    return {
      key: sql`coalesce(pm.project_id::text, '')`,
      join: sql`left join project_members pm on pm.brand_id = ${scope.brandId}
        and pm.member_id = h.member_id`,
    };
  }
  return { key: HOURLY_COLUMN[by], join: none };
}

const SORT_EXPRESSION: Record<SortKey, SQL> = {
  clicks: sql`k.clicks`,
  unique_clicks: sql`k.unique_clicks`,
  conversions: sql`k.conversions`,
  conversion_rate: sql`k.conversions::numeric / nullif(k.clicks, 0)`,
  sales: sql`k.sales`,
  commission: sql`k.commission`,
  epc: sql`k.commission::numeric / nullif(k.clicks, 0)`,
};

export interface AggregateOptions {
  by: Dimension | 'day' | 'hour' | null;
  sort?: SortKey;
  direction?: 'asc' | 'desc';
  /** Most keys returned (after sorting); all when absent. */
  limit?: number;
}

/**
 * The query behind every figure: one row per key and currency (clicks count in their offer's
 * currency). Rows come ordered by the sort, then key, then currency.
 */
export function aggregateQuery(
  scope: Scope,
  period: Period | null,
  options: AggregateOptions,
): SQL {
  const source = chooseSource(scope.filters, options.by);
  const where = conditions(source, scope, period);
  const { key, join } = keyExpression(source, scope, options.by);
  const from = source.kind === 'daily' ? sql`stats_daily d` : sql`stats_hourly h`;
  const t = source.kind === 'daily' ? sql.raw('d') : sql.raw('h');
  const sort = SORT_EXPRESSION[options.sort ?? 'clicks'];
  const direction = options.direction === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`;
  return sql`
    with r as (
      select ${key} as key, ${t}.currency,
             ${sums(t)}
        from ${from} ${join}
       where ${where}
       group by 1, 2
    ), k as (
      select key, sum(clicks) as clicks, sum(unique_clicks) as unique_clicks,
             sum(conversions) as conversions, sum(sales_minor) as sales,
             sum(commission_minor) as commission
        from r group by key
    ), ordered as (
      select key, ${sort} as sort_value,
             row_number() over (order by ${sort} ${direction}, key) as position
        from k
       order by ${sort} ${direction}, key
       ${limit}
    )
    select r.*, o.position
      from r join ordered o using (key)
     order by o.position, r.currency`;
}

export type AggregateRow = { key: string; currency: string } & Record<
  (typeof COUNTERS)[number],
  string
>;

function addMoney(target: Record<string, number>, currency: string, value: number) {
  if (value === 0 && currency in target) return;
  target[currency] = (target[currency] ?? 0) + value;
}

/** Adds one aggregate row (one key, one currency) to a key's figures. */
export function addRow(f: Figures, row: AggregateRow) {
  f.clicks += Number(row.clicks);
  f.uniqueClicks += Number(row.unique_clicks);
  f.botClicks += Number(row.bot_clicks);
  f.conversions += Number(row.conversions);
  f.rejected += Number(row.rejected);
  f.reversed += Number(row.reversed);
  if (row.currency === '') return;
  addMoney(f.sales, row.currency, Number(row.sales_minor));
  addMoney(f.commission, row.currency, Number(row.commission_minor));
  addMoney(f.pending, row.currency, Number(row.pending_minor));
  addMoney(f.approved, row.currency, Number(row.approved_minor));
  addMoney(f.paid, row.currency, Number(row.paid_minor));
}

async function aggregate(
  scope: Scope,
  period: Period | null,
  options: AggregateOptions,
  tx: Tx = db,
): Promise<{ key: string; figures: Figures }[]> {
  const rows = (await tx.execute(
    aggregateQuery(scope, period, options),
  )) as unknown as AggregateRow[];
  const out: { key: string; figures: Figures }[] = [];
  for (const row of rows) {
    let last = out.at(-1);
    if (!last || last.key !== row.key) {
      last = { key: row.key, figures: emptyFigures() };
      out.push(last);
    }
    addRow(last.figures, row);
  }
  return out;
}

/** The totals of a scope for a period (null: all time). */
export async function getFigures(
  scope: Scope,
  period: Period | null,
  tx: Tx = db,
): Promise<Figures> {
  const [row] = await aggregate(scope, period, { by: null }, tx);
  return row?.figures ?? emptyFigures();
}

export interface SeriesPoint {
  /** A day (YYYY-MM-DD, the brand's) or a UTC hour (YYYY-MM-DDTHH). */
  at: string;
  figures: Figures;
}

/**
 * Figures over time, one point per day of the period (or per hour for `hour`), zeros included.
 */
export async function getSeries(
  scope: Scope,
  period: Period,
  granularity: 'day' | 'hour',
  tx: Tx = db,
): Promise<SeriesPoint[]> {
  const rows = await aggregate(scope, period, { by: granularity }, tx);
  const byKey = new Map(rows.map((r) => [r.key, r.figures]));
  let keys: string[];
  if (granularity === 'day') {
    keys = Array.from({ length: periodDays(period) }, (_, i) => addDays(period.from, i));
  } else {
    const end = addDays(period.to, 1);
    const hours = (await tx.execute(sql`
      select to_char(g at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as at
        from generate_series(
          date_trunc('hour', ${period.from}::timestamp at time zone ${scope.timeZone}),
          (${end}::timestamp at time zone ${scope.timeZone}) - interval '1 minute',
          interval '1 hour') g`)) as unknown as { at: string }[];
    keys = hours.map((h) => h.at);
  }
  return keys.map((at) => ({ at, figures: byKey.get(at) ?? emptyFigures() }));
}

export interface BreakdownRow {
  /** The value of the dimension ('' when the click had none, e.g. no referrer). */
  key: string;
  label: string;
  figures: Figures;
}

export interface BreakdownOptions {
  sort?: SortKey;
  direction?: 'asc' | 'desc';
  limit?: number;
}

/** Figures per value of one dimension, sorted (clicks, most first, by default). */
export async function getBreakdown(
  scope: Scope,
  period: Period | null,
  by: Dimension,
  options: BreakdownOptions = {},
  tx: Tx = db,
): Promise<BreakdownRow[]> {
  const rows = await aggregate(scope, period, { by, ...options }, tx);
  const labels = await labelsFor(
    scope.brandId,
    by,
    rows.map((r) => r.key),
    tx,
  );
  return rows.map((r) => ({ ...r, label: labels.get(r.key) ?? fallbackLabel(by, r.key) }));
}

/** Per-link figures (all time unless a period is given) of the brand's links among `linkIds`. */
export async function getLinkFigures(
  brandId: string,
  linkIds: string[],
  period: Period | null = null,
  tx: Tx = db,
): Promise<Map<string, Figures>> {
  const ids = linkIds.filter(isUuid);
  const out = new Map<string, Figures>();
  if (!ids.length) return out;
  // Per link: the daily `link` rows of these links (index on brand, dim, value).
  const rows = (await tx.execute(sql`
    select d.value as key, d.currency, ${sums(sql.raw('d'))}
      from stats_daily d
     where d.brand_id = ${brandId} and d.dim = 'link'
       and d.value in (select unnest(${sql.param(ids)}::text[]))
       ${period ? sql`and d.day between ${period.from}::date and ${period.to}::date` : sql``}
     group by 1, 2`)) as unknown as AggregateRow[];
  for (const row of rows) {
    let f = out.get(row.key);
    if (!f) out.set(row.key, (f = emptyFigures()));
    addRow(f, row);
  }
  return out;
}

/** Per-offer figures of a brand (all time unless a period is given). */
export async function getOfferFigures(
  brandId: string,
  options: { timeZone?: string; period?: Period | null } = {},
  tx: Tx = db,
): Promise<Map<string, Figures>> {
  const scope = { brandId, timeZone: options.timeZone ?? 'UTC' };
  const rows = await aggregate(scope, options.period ?? null, { by: 'offer' }, tx);
  return new Map(rows.map((r) => [r.key, r.figures]));
}

function fallbackLabel(by: Dimension, key: string): string {
  if (key === '') {
    if (by === 'project') return 'No project';
    if (by === 'referrer') return 'No referrer';
    if (by === 'country') return 'Unknown';
    return '(none)';
  }
  if (by === 'device')
    return { desktop: 'Desktop', mobile: 'Mobile', tablet: 'Tablet' }[key] ?? 'Other';
  return key;
}

/** Display names of offer, member, link and project keys (only the brand's own rows). */
export async function labelsFor(
  brandId: string,
  by: Dimension,
  keys: string[],
  tx: Tx = db,
): Promise<Map<string, string>> {
  const ids = keys.filter(isUuid);
  if (!ID_DIMENSIONS.has(by) || !ids.length) return new Map();
  const param = sql`(select unnest(${sql.param(ids)}::uuid[]))`;
  const query =
    by === 'offer'
      ? sql`select id::text as key, name as label from offers where brand_id = ${brandId} and id in ${param}`
      : by === 'member'
        ? sql`select id::text as key, name as label from members where brand_id = ${brandId} and id in ${param}`
        : by === 'project'
          ? sql`select id::text as key, name as label from projects where brand_id = ${brandId} and id in ${param}`
          : sql`select l.id::text as key,
                  m.name || ' · ' || o.name || coalesce(' · ' || l.deep_link, '') as label
                  from links l join members m on m.id = l.member_id join offers o on o.id = l.offer_id
                 where l.brand_id = ${brandId} and l.id in ${param}`;
  const rows = (await tx.execute(query)) as unknown as { key: string; label: string }[];
  return new Map(rows.map((r) => [r.key, r.label]));
}
