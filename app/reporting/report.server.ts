/**
 * The Reports page's figures for callers outside the portal (the REST API): the same query
 * (period, breakdown, sort, filters) read by the same `loadDashboard`, without the page's
 * dropdown lists. Figures are kept per day of the brand's reporting time zone (the rollups'
 * days), so a report is asked in that zone: another zone is refused with the zone to use
 * instead of figures whose days silently mean something else (docs/decisions/047).
 */
import { foreignFilter, loadDashboard, brandTimeZone } from './dashboard.server';
import type { Dimension } from './dimensions';
import { filtersOf, type ReportQuery } from './report-query';

export type BrandReport =
  | { ok: true; report: Omit<Awaited<ReturnType<typeof loadDashboard>>, 'offers' | 'members'> }
  | { ok: false; reason: 'not_found'; filter: Dimension }
  | { ok: false; reason: 'time_zone'; timeZone: string };

export async function loadBrandReport(
  brandId: string,
  query: ReportQuery,
  options: { timeZone?: string; now?: Date } = {},
): Promise<BrandReport> {
  const foreign = await foreignFilter(brandId, filtersOf(query));
  if (foreign) return { ok: false, reason: 'not_found', filter: foreign };
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
