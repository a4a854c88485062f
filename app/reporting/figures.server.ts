/**
 * The one home of reporting figures, for both portals (docs/decisions/018-reporting-rollups.md,
 * 040-narrow-rollups.md): totals, series over time and breakdowns of clicks, unique clicks,
 * conversions, sales and commission for a brand, narrowed by filters (offer, member, link,
 * project, device, country, referrer domain, sub1…sub5) and a period of days in the brand's time
 * zone.
 *
 * Figures come from the narrow rollups only, never from raw clicks. Each query reads the smallest
 * rollup that holds every dimension it needs (`chooseSource`):
 * - `stats_hours` (UTC hour × offer): the chart per hour, with no filter but the offer;
 * - `stats_offers` (× offer): totals, the chart per day and offers, with no filter but the offer;
 * - `stats_members` (× member): members and projects without an offer or a link;
 * - `stats_links` (× offer × member × link): links, and members or projects with an offer;
 * - `stats_values` (× one of device, country, referrer, sub1…sub5, all offers together);
 * - `stats_offer_values` (× offer × one of them): an offer with a click attribute;
 * - `stats_member_values` (per ISO week × member × device or country, no offer): the cross-filter
 *   pair, members (projects) with a device or a country, counted in whole weeks (`weeksOf`).
 * Referrer domains and sub ids keep the brand's top values of each month (top 100; 20 with an
 * offer; 10 countries per member), the rest counted under OTHER_VALUE
 * (docs/decisions/058-top-values.md): breakdowns leave that bucket out and the page shows it in
 * "All others" (totals − rows shown), so everything still adds up.
 * The day rollups hold each key per day, ISO week (not the value tables) and month of the brand
 * (`grain`): a period is read as its whole months, whole weeks and remaining days (`periodUnits`),
 * so a 90-day period reads at most 22 units instead of 90 days.
 * Any other combination (two click attributes, a link with a click attribute, a sub id with a
 * member…) is not answered: `canCombine` says so and the pages do not offer it.
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

/** Click attributes kept one at a time per day (`stats_values.dim`). */
export const VALUE_DIMENSIONS: ReadonlySet<Dimension> = new Set([
  'device',
  'country',
  'referrer',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
]);
/**
 * The value under which a rollup counts the values of a month beyond its kept top values
 * (docs/decisions/058-top-values.md); never a value of a click attribute shown on its own.
 */
export const OTHER_VALUE = '\u0001';

/** Click attributes kept per member too (`stats_member_values.dim`). */
const MEMBER_VALUE_DIMENSIONS: ReadonlySet<Dimension> = new Set(['device', 'country']);
/** Dimensions of `stats_links` (the offer is in every rollup). */
const LINK_DIMENSIONS: ReadonlySet<Dimension> = new Set(['member', 'link', 'project']);

type Source =
  | { kind: 'hours' }
  | { kind: 'offers' }
  | { kind: 'members' }
  | { kind: 'links' }
  | { kind: 'values'; dim: string }
  | { kind: 'offerValues'; dim: string }
  | { kind: 'memberValues'; dim: string };

type By = Dimension | 'day' | 'hour' | null;

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
function sums(): SQL {
  return sql.join(
    COUNTERS.map((c) => sql`sum(t.${sql.raw(c)})::int8 as ${sql.raw(c)}`),
    sql`, `,
  );
}

function activeFilters(filters: Filters | undefined): [Dimension, string][] {
  return Object.entries(filters ?? {}).filter(
    (entry): entry is [Dimension, string] => typeof entry[1] === 'string',
  );
}

/** The smallest rollup holding every dimension the query needs, or null when none does. */
function chooseSource(filters: Filters | undefined, by: By): Source | null {
  const needs = new Set<Dimension>();
  for (const [dimension] of activeFilters(filters)) if (dimension !== 'offer') needs.add(dimension);
  if (by && by !== 'day' && by !== 'hour' && by !== 'offer') needs.add(by);
  const values = [...needs].filter((d) => VALUE_DIMENSIONS.has(d));
  const ids = [...needs].filter((d) => LINK_DIMENSIONS.has(d));
  if (values.length === 0 && ids.length === 0) {
    return by === 'hour' ? { kind: 'hours' } : { kind: 'offers' };
  }
  if (by === 'hour') return null;
  const offer = filters?.offer !== undefined || by === 'offer';
  if (values.length === 0) {
    return ids.includes('link') || offer ? { kind: 'links' } : { kind: 'members' };
  }
  if (values.length > 1) return null;
  const [dim] = values;
  if (ids.length === 0) return offer ? { kind: 'offerValues', dim } : { kind: 'values', dim };
  if (MEMBER_VALUE_DIMENSIONS.has(dim) && !ids.includes('link') && !offer && by !== 'day') {
    return { kind: 'memberValues', dim };
  }
  return null;
}

/**
 * Whether the rollups answer these filters (with this breakdown, or per hour): the pages offer
 * only combinations that are answered.
 */
export function canCombine(filters: Filters | undefined, by: By = null): boolean {
  return chooseSource(filters, by) !== null;
}

/**
 * Whether these filters (with this breakdown) are counted in whole weeks (a member or project
 * with a device or a country): the period read is `weeksOf(period)`.
 */
export function countedInWeeks(filters: Filters | undefined, by: By = null): boolean {
  return chooseSource(filters, by)?.kind === 'memberValues';
}

/** The whole ISO weeks (Monday to Sunday) that hold a period. */
export function weeksOf(period: Period): Period {
  const back = (parseDay(period.from).getUTCDay() + 6) % 7;
  const ahead = (7 - parseDay(period.to).getUTCDay()) % 7;
  return { from: addDays(period.from, -back), to: addDays(period.to, ahead) };
}

/** A combination of filters the rollups do not answer (docs/decisions/040-narrow-rollups.md). */
export class UnsupportedFilters extends Error {
  constructor() {
    super('These filters cannot be combined');
  }
}

const TABLE: Record<Source['kind'], string> = {
  hours: 'stats_hours',
  offers: 'stats_offers',
  members: 'stats_members',
  links: 'stats_links',
  values: 'stats_values',
  offerValues: 'stats_offer_values',
  memberValues: 'stats_member_values',
};

/** 'YYYY-MM-DD' helpers on UTC dates (days of the brand, no time zone arithmetic). */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const parseDay = (day: string) => new Date(`${day}T00:00:00Z`);
function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
function nextMonth(day: string): string {
  const d = parseDay(monthStart(day));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return dayOf(d);
}

/**
 * A period as the rollup rows that cover it exactly: its whole months, then the whole ISO weeks
 * (Monday to Sunday) of what is left before and after them, then single days. Each day of the
 * period is in exactly one unit.
 */
export function periodUnits(
  period: Period,
  withWeeks = true,
): { months: string[]; weeks: string[]; days: string[] } {
  const months: string[] = [];
  const weeks: string[] = [];
  const days: string[] = [];
  const first = period.from === monthStart(period.from) ? period.from : nextMonth(period.from);
  // `end`: the first day after the whole months.
  let end = first;
  while (addDays(nextMonth(end), -1) <= period.to) {
    months.push(end);
    end = nextMonth(end);
  }
  const segments: [string, string][] = months.length
    ? [
        [period.from, addDays(first, -1)],
        [end, period.to],
      ]
    : [[period.from, period.to]];
  for (const [from, to] of segments) {
    let day = from;
    while (day <= to) {
      if (withWeeks && parseDay(day).getUTCDay() === 1 && addDays(day, 6) <= to) {
        weeks.push(day);
        day = addDays(day, 7);
      } else {
        days.push(day);
        day = addDays(day, 1);
      }
    }
  }
  return { months, weeks, days };
}

/** The rows of a day rollup that cover the period (per day for a series, all months for null). */
function periodRows(period: Period | null, perDay: boolean, withWeeks = true): SQL {
  if (!period) return perDay ? sql`t.grain = 'd'` : sql`t.grain = 'm'`;
  if (perDay) {
    return sql`t.grain = 'd' and t.day between ${period.from}::date and ${period.to}::date`;
  }
  const { months, weeks, days } = periodUnits(period, withWeeks);
  // One parameter per day, typed date where it stands: a text parameter cast to date[] is a
  // stable cast that PostgreSQL evaluates again for every row the filter sees (×4 slower over
  // tens of thousands of rows: docs/benchmarks.md).
  const list = (days: string[]) =>
    sql.join(
      days.map((day) => sql`${day}::date`),
      sql`, `,
    );
  const parts: SQL[] = [];
  if (months.length) parts.push(sql`(t.grain = 'm' and t.day in (${list(months)}))`);
  if (weeks.length) parts.push(sql`(t.grain = 'w' and t.day in (${list(weeks)}))`);
  if (days.length) parts.push(sql`(t.grain = 'd' and t.day in (${list(days)}))`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

function conditions(
  source: Source,
  scope: Scope,
  period: Period | null,
  by: By,
  includeOther = false,
): SQL {
  const { brandId, timeZone } = scope;
  const parts: SQL[] = [sql`t.brand_id = ${brandId}`];
  if (source.kind === 'values' || source.kind === 'offerValues' || source.kind === 'memberValues') {
    parts.push(sql`t.dim = ${source.dim}`);
    // Broken down by the attribute: the bucket of values beyond the kept ones is not a row.
    if (by === source.dim && !includeOther) parts.push(sql`t.value <> ${OTHER_VALUE}`);
  }
  if (period && source.kind === 'hours') {
    // Hours are folded into the brand's days by their start; the range test lets the index
    // narrow the scan, the day test is the rule (the day tables were written by it).
    const end = addDays(period.to, 1);
    parts.push(
      sql`t.hour >= (${period.from}::timestamp at time zone ${timeZone}) - interval '1 hour'`,
      sql`t.hour < (${end}::timestamp at time zone ${timeZone}) + interval '1 hour'`,
      sql`(t.hour at time zone ${timeZone})::date between ${period.from}::date and ${period.to}::date`,
    );
  } else if (source.kind === 'memberValues') {
    // Weekly rows only (`day`: the Monday): the whole weeks that hold the period.
    if (period) {
      const weeks = weeksOf(period);
      parts.push(sql`t.day between ${weeks.from}::date and ${addDays(weeks.to, -6)}::date`);
    }
  } else {
    const withWeeks = source.kind !== 'values' && source.kind !== 'offerValues';
    parts.push(periodRows(period, by === 'day', withWeeks));
  }
  for (const [dimension, value] of activeFilters(scope.filters)) {
    if (ID_DIMENSIONS.has(dimension) && !isUuid(value)) {
      parts.push(sql`false`);
    } else if (dimension === 'offer') {
      parts.push(sql`t.offer_id = ${value}`);
    } else if (dimension === 'project') {
      parts.push(sql`t.member_id in (select pm.member_id from project_members pm
        where pm.project_id = ${value} and pm.brand_id = ${brandId})`);
    } else if (dimension === 'member') {
      parts.push(sql`t.member_id = ${value}`);
    } else if (dimension === 'link') {
      parts.push(sql`t.link_id = ${value}`);
    } else {
      parts.push(sql`t.value = ${value}`);
    }
  }
  return sql.join(parts, sql` and `);
}

/**
 * The grouping key of each row of the source (`group`, a column where possible: cheaper to hash
 * than text) and the key as text.
 */
function keyExpression(
  source: Source,
  scope: Scope,
  by: By,
): { key: SQL; group: SQL | null; join: SQL } {
  const none = sql``;
  const column = (c: string) => ({
    key: sql.raw(`t.${c}::text`),
    group: sql.raw(`t.${c}`),
    join: none,
  });
  if (by === null) return { key: sql`''`, group: null, join: none };
  if (by === 'day') {
    if (source.kind !== 'hours') return column('day');
    const day = sql`(t.hour at time zone ${scope.timeZone})::date`;
    return { key: sql`${day}::text`, group: day, join: none };
  }
  if (by === 'hour') {
    return {
      key: sql`to_char(t.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`,
      group: sql`t.hour`,
      join: none,
    };
  }
  if (by === 'offer') return column('offer_id');
  if (by === 'member') return column('member_id');
  if (by === 'link') return column('link_id');
  if (by === 'project') {
    return {
      key: sql`coalesce(pm.project_id::text, '')`,
      group: sql`pm.project_id`,
      join: sql`left join project_members pm on pm.brand_id = ${scope.brandId}
        and pm.member_id = t.member_id`,
    };
  }
  return { key: sql`t.value`, group: sql`t.value`, join: none };
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
  by: By;
  sort?: SortKey;
  direction?: 'asc' | 'desc';
  /** Most keys returned (after sorting); all when absent. */
  limit?: number;
  /**
   * Broken down by a click attribute: also the row of the values beyond the kept ones (key
   * OTHER_VALUE), as the CSV export has it.
   */
  includeOther?: boolean;
}

/**
 * The query behind every figure: one row per key and currency (clicks count in their offer's
 * currency). Rows come ordered by the sort, then key, then currency. Throws UnsupportedFilters for
 * a combination no rollup holds.
 */
export function aggregateQuery(
  scope: Scope,
  period: Period | null,
  options: AggregateOptions,
): SQL {
  const source = chooseSource(scope.filters, options.by);
  if (!source) throw new UnsupportedFilters();
  const where = conditions(source, scope, period, options.by, options.includeOther);
  const { key, group, join } = keyExpression(source, scope, options.by);
  const sort = SORT_EXPRESSION[options.sort ?? 'clicks'];
  const direction = options.direction === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`;
  return sql`
    with r as (
      select ${key} as key, t.currency,
             ${sums()}
        from ${sql.raw(TABLE[source.kind])} t ${join}
       where ${where}
       group by ${group ? sql`${group}, ` : sql``}t.currency
    ), k as (
      select key, sum(clicks) as clicks, sum(unique_clicks) as unique_clicks,
             sum(conversions) as conversions, sum(sales_minor) as sales,
             sum(commission_minor) as commission
        from r group by key
    ), top as (
      -- With a limit, a top-N sort keeps only the first rows (no sort of every key: a long tail
      -- of sub ids has ~100,000), then they are numbered.
      select key, ${sort} as sort_value
        from k
       order by ${sort} ${direction}, key
       ${limit}
    ), ordered as (
      select key, row_number() over (order by sort_value ${direction}, key) as position
        from top
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
  /** Also the row of the values beyond the kept ones (key OTHER_VALUE). */
  includeOther?: boolean;
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
  // Per link: its rows of stats_links (index on brand, link, day).
  const rows = (await tx.execute(sql`
    select t.link_id::text as key, t.currency, ${sums()}
      from stats_links t
     where t.brand_id = ${brandId}
       and t.link_id in (select unnest(${sql.param(ids)}::uuid[]))
       and ${periodRows(period, false)}
     group by t.link_id, t.currency`)) as unknown as AggregateRow[];
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
  if (key === OTHER_VALUE) return 'All others';
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
