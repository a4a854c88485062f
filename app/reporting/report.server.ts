/**
 * The Reports page's figures for callers outside the portal (the REST API): the same query
 * (period, breakdown, sort, filters) read by the same `loadDashboard`, without the page's
 * dropdown lists. Figures are kept per day of the brand's reporting time zone (the rollups'
 * days), so a report is asked in that zone: another zone is refused with the zone to use
 * instead of figures whose days silently mean something else (docs/decisions/047).
 */
import { filtersBelongToBrand, loadDashboard, brandTimeZone } from './dashboard.server';
import { filtersOf, type ReportQuery } from './report-query';

export type BrandReport =
  | { ok: true; report: Omit<Awaited<ReturnType<typeof loadDashboard>>, 'offers' | 'members'> }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'time_zone'; timeZone: string };

export async function loadBrandReport(
  brandId: string,
  query: ReportQuery,
  options: { timeZone?: string; now?: Date } = {},
): Promise<BrandReport> {
  if (!(await filtersBelongToBrand(brandId, filtersOf(query)))) {
    return { ok: false, reason: 'not_found' };
  }
  if (options.timeZone) {
    const timeZone = await brandTimeZone(brandId);
    if (options.timeZone !== timeZone) return { ok: false, reason: 'time_zone', timeZone };
  }
  const {
    offers: _offers,
    members: _members,
    ...report
  } = await loadDashboard(brandId, query, options.now);
  return { ok: true, report };
}
