/**
 * What the brand's reports page shows for one query: totals against the previous period, the
 * chart's series, one breakdown and the top members. Everything comes from figures.server.ts.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { brands, members, offers } from '../../db/schema';
import { firstForeignId, type OwnedKind } from '../brands/owned-rows.server';
import {
  DIMENSION_IDS,
  dimensionLabel,
  ID_DIMENSIONS,
  type Dimension,
  type Filters,
  type SortKey,
} from './dimensions';
import { addFigures, emptyFigures, subtractFigures, type Figures } from './figures';
import {
  canCombine,
  countedInWeeks,
  getBreakdown,
  getFigures,
  getSeries,
  labelsFor,
  type BreakdownRow,
  type Scope,
  type SeriesPoint,
  weeksOf,
} from './figures.server';
import { periodDays, previousPeriod, resolvePeriod, type Period, type PeriodQuery } from './period';
import { BREAKDOWN_ROWS, filtersOf, type ReportQuery } from './report-query';

export async function brandTimeZone(brandId: string): Promise<string> {
  const [row] = await db
    .select({ timeZone: brands.timeZone })
    .from(brands)
    .where(eq(brands.id, brandId));
  return row?.timeZone ?? 'UTC';
}

/**
 * The first id among the filters (offer, member, link, project) that is not one of the brand's
 * rows, or null: another brand's id, or something that is not an id, is a 404 for the caller.
 */
export async function foreignFilter(brandId: string, filters: Filters): Promise<Dimension | null> {
  const named = [...ID_DIMENSIONS].flatMap((dimension) => {
    const id = filters[dimension];
    return id === undefined ? [] : [{ name: dimension, kind: dimension as OwnedKind, id }];
  });
  return firstForeignId(brandId, named);
}

/** Whether every id among the filters is one of the brand's rows. */
export async function filtersBelongToBrand(brandId: string, filters: Filters): Promise<boolean> {
  return (await foreignFilter(brandId, filters)) === null;
}

export interface ActiveFilter {
  dimension: Dimension;
  dimensionLabel: string;
  value: string;
  label: string;
}

async function describeFilters(brandId: string, filters: Filters): Promise<ActiveFilter[]> {
  const out: ActiveFilter[] = [];
  for (const [dimension, value] of Object.entries(filters) as [Dimension, string][]) {
    const labels = await labelsFor(brandId, dimension, [value]);
    out.push({
      dimension,
      dimensionLabel: dimensionLabel(dimension),
      value,
      label: labels.get(value) ?? (value === '' ? '(none)' : value),
    });
  }
  return out;
}

/** The chart's label of each point: "Nov 3" for a day, "Nov 3, 14:00" (the brand's) for an hour. */
function labelSeries(
  series: SeriesPoint[],
  granularity: 'day' | 'hour',
  timeZone: string,
): { at: string; label: string; figures: Figures }[] {
  const hourLabel = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dayLabel = new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
  });
  return series.map((p) => ({
    ...p,
    label:
      granularity === 'hour'
        ? hourLabel.format(new Date(`${p.at}:00:00Z`))
        : dayLabel.format(new Date(`${p.at}T12:00:00Z`)),
  }));
}

export interface Dashboard {
  timeZone: string;
  period: Period;
  previous: Period;
  granularity: 'day' | 'hour';
  totals: Figures;
  previousTotals: Figures;
  /** Hourly figures were asked for (a period of 2 days or less) but the filters have none. */
  hourlyUnavailable: boolean;
  /** No chart with these filters (a member or project with a device or country: weekly rows). */
  chartUnavailable: boolean;
  /**
   * Set when some figures are counted in whole weeks (members or projects with a device or a
   * country, docs/decisions/040-narrow-rollups.md): the weeks read, and which figures (the cards,
   * the breakdown, the top members).
   */
  weeks: {
    period: Period;
    previous: Period;
    cards: boolean;
    breakdown: boolean;
    top: boolean;
  } | null;
  series: { at: string; label: string; figures: Figures }[];
  /** Null when the rollups do not hold this breakdown with these filters. */
  breakdown: { key: string; label: string; figures: Figures }[] | null;
  /**
   * The figures of the rows past the first BREAKDOWN_ROWS (totals − the rows shown), when there
   * are more: so the table adds up to the totals.
   */
  others: Figures | null;
  /** Whether a breakdown row's "Filter by this" gives a combination the rollups hold. */
  rowsFilterable: boolean;
  /** The breakdowns the rollups hold with these filters. */
  breakdowns: Dimension[];
  /** Null when the rollups do not hold members with these filters. */
  topMembers: { key: string; label: string; figures: Figures }[] | null;
  filters: ActiveFilter[];
  offers: { id: string; name: string }[];
  members: { id: string; name: string }[];
}

function isZero(f: Figures): boolean {
  const money = [f.sales, f.commission, f.pending, f.approved, f.paid];
  return (
    f.clicks === 0 &&
    f.uniqueClicks === 0 &&
    f.botClicks === 0 &&
    f.conversions === 0 &&
    f.rejected === 0 &&
    f.reversed === 0 &&
    money.every((m) => Object.values(m).every((v) => v === 0))
  );
}

export async function loadDashboard(
  brandId: string,
  query: ReportQuery,
  now: Date = new Date(),
): Promise<Dashboard> {
  const timeZone = await brandTimeZone(brandId);
  const period = resolvePeriod(query, timeZone, now);
  const previous = previousPeriod(period);
  const filters = filtersOf(query);
  const scope: Scope = { brandId, timeZone, filters };
  const hourlyUnavailable = periodDays(period) <= 2 && !canCombine(filters, 'hour');
  const granularity = periodDays(period) <= 2 && !hourlyUnavailable ? 'hour' : 'day';
  const chartUnavailable = !canCombine(filters, granularity);
  const breakdowns = DIMENSION_IDS.filter((d) => canCombine(filters, d));
  const byAvailable = breakdowns.includes(query.by);
  // Top members by commission is the breakdown itself when it is by member sorted so: asked once.
  const topFromBreakdown =
    query.by === 'member' && query.sort === 'commission' && query.dir === 'desc';
  const membersAvailable = canCombine(filters, 'member');
  const [
    totals,
    previousTotals,
    series,
    breakdownRows,
    topMemberRows,
    active,
    offerList,
    memberList,
  ] = await Promise.all([
    getFigures(scope, period),
    getFigures(scope, previous),
    chartUnavailable ? Promise.resolve([]) : getSeries(scope, period, granularity),
    byAvailable
      ? getBreakdown(scope, period, query.by, {
          sort: query.sort as SortKey,
          direction: query.dir,
          // One more than shown: whether there are others.
          limit: BREAKDOWN_ROWS + 1,
        })
      : Promise.resolve(null),
    membersAvailable && !topFromBreakdown
      ? getBreakdown(scope, period, 'member', { sort: 'commission', limit: 5 })
      : Promise.resolve(null),
    describeFilters(brandId, filters),
    // The filters list archived offers and members too (their history stays), after the
    // active ones and marked.
    db
      .select({
        id: offers.id,
        name: sql<string>`${offers.name} || case when ${offers.archivedAt} is null then '' else ' (archived)' end`,
      })
      .from(offers)
      .where(eq(offers.brandId, brandId))
      .orderBy(
        asc(sql`${offers.archivedAt} is not null`),
        asc(sql`lower(${offers.name})`),
        asc(offers.id),
      ),
    db
      .select({
        id: members.id,
        name: sql<string>`${members.name} || case when ${members.archivedAt} is null then '' else ' (archived)' end`,
      })
      .from(members)
      .where(eq(members.brandId, brandId))
      .orderBy(
        asc(sql`${members.archivedAt} is not null`),
        asc(sql`lower(${members.name})`),
        asc(members.id),
      ),
  ]);
  const breakdown = breakdownRows?.slice(0, BREAKDOWN_ROWS) ?? null;
  let others: Dashboard['others'] = null;
  // A member is in any number of projects: the project rows do not add up to the totals.
  // Only when the rows and the totals read the same days (not rows in whole weeks).
  const breakdownWeeks = countedInWeeks(filters, query.by);
  const cardsWeeks = countedInWeeks(filters);
  // Also with fewer rows: the values of a month beyond its kept top values are not rows
  // (docs/decisions/058-top-values.md), and count here.
  if (breakdownRows && query.by !== 'project' && breakdownWeeks === cardsWeeks) {
    const shown = breakdown!.reduce((sum, r) => addFigures(sum, r.figures), emptyFigures());
    const rest = subtractFigures(totals, shown);
    if (breakdownRows.length > BREAKDOWN_ROWS || !isZero(rest)) others = rest;
  }
  const topMembers = topFromBreakdown ? (breakdown?.slice(0, 5) ?? null) : topMemberRows;
  return {
    timeZone,
    period,
    previous,
    granularity,
    hourlyUnavailable,
    chartUnavailable,
    weeks:
      cardsWeeks ||
      (byAvailable && breakdownWeeks) ||
      (membersAvailable && countedInWeeks(filters, 'member'))
        ? {
            period: weeksOf(period),
            previous: weeksOf(previous),
            cards: cardsWeeks,
            breakdown: byAvailable && breakdownWeeks,
            top: membersAvailable && countedInWeeks(filters, 'member'),
          }
        : null,
    totals,
    previousTotals,
    series: labelSeries(series, granularity, timeZone),
    breakdown,
    others,
    rowsFilterable: byAvailable && canCombine({ ...filters, [query.by]: 'x' }, query.by),
    breakdowns,
    topMembers:
      topMembers?.filter((m) => m.figures.clicks > 0 || m.figures.conversions > 0) ?? null,
    filters: active,
    offers: offerList,
    members: memberList,
  };
}

/**
 * The last 30 days of one scope (an offer, a member) against the 30 days before: the cards the
 * offer and member pages show, from the same queries as the reports page.
 */
export async function recentFigures(brandId: string, filters: Filters, now: Date = new Date()) {
  const timeZone = await brandTimeZone(brandId);
  const period = resolvePeriod({ period: '30d' }, timeZone, now);
  const previous = previousPeriod(period);
  const scope: Scope = { brandId, timeZone, filters };
  const [totals, previousTotals] = await Promise.all([
    getFigures(scope, period),
    getFigures(scope, previous),
  ]);
  return { period, previous, totals, previousTotals };
}

export interface MemberDashboard {
  timeZone: string;
  period: Period;
  totals: Figures;
  /** One point per day of the period (the brand's days), zeros included. */
  series: { at: string; label: string; figures: Figures }[];
  /** The member's figures per offer (only offers with figures in the period). */
  offers: BreakdownRow[];
}

/**
 * One member's figures for a period (optionally on one offer): what the creator's dashboard and
 * offer page show. The same queries as the brand's reports page filtered to the member (and the
 * offer), so the two portals show the same numbers (docs/decisions/031-creator-dashboard-figures.md).
 * The caller has checked that the member (and the offer) is the brand's.
 */
export async function loadMemberDashboard(
  brandId: string,
  memberId: string,
  query: PeriodQuery,
  options: { offerId?: string; now?: Date } = {},
): Promise<MemberDashboard> {
  const timeZone = await brandTimeZone(brandId);
  const period = resolvePeriod(query, timeZone, options.now);
  const filters: Filters = { member: memberId };
  if (options.offerId) filters.offer = options.offerId;
  const scope: Scope = { brandId, timeZone, filters };
  const [totals, series, offerRows] = await Promise.all([
    getFigures(scope, period),
    getSeries(scope, period, 'day'),
    options.offerId
      ? Promise.resolve([])
      : getBreakdown(scope, period, 'offer', { sort: 'commission' }),
  ]);
  return {
    timeZone,
    period,
    totals,
    series: labelSeries(series, 'day', timeZone),
    offers: offerRows,
  };
}
