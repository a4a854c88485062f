import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { z } from 'zod';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { Card, PageHeader } from '~/components/ui/layout';
import { SelectField } from '~/components/ui/select';
import { Table, Td, Th } from '~/components/ui/table';
import { invariantResponse } from '~/http.server';
import { filtersBelongToBrand, loadDashboard } from '~/reporting/dashboard.server';
import {
  DIMENSIONS,
  dimensionLabel,
  keptValuesNote,
  SORTS,
  type SortKey,
} from '~/reporting/dimensions';
import { FigureCards } from '~/reporting/figure-cards';
import { FiguresChart } from '~/reporting/figures-chart';
import {
  conversionRate,
  earningsPerClick,
  formatEpc,
  formatMoneyByCurrency,
  formatRate,
} from '~/reporting/figures';
import { PeriodPicker } from '~/reporting/period-picker';
import { CodeReportTables } from '~/promo-codes/code-report-tables';
import { loadCodeReports } from '~/promo-codes/code-reports.server';
import { BREAKDOWN_ROWS, filtersOf, reportQuerySchema, withParams } from '~/reporting/report-query';

export const meta: MetaFunction = () => [{ title: 'Reports · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const url = new URL(request.url);
  const raw = Object.fromEntries(url.searchParams);
  const parsed = reportQuerySchema.safeParse(raw);
  if (!parsed.success) {
    // Keep what was typed and say what is wrong; the figures of the default period are shown.
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    const withoutPeriod = reportQuerySchema.safeParse({
      ...raw,
      period: '30d',
      from: undefined,
      to: undefined,
      by: undefined,
      sort: undefined,
      dir: undefined,
    });
    const fallback = withoutPeriod.success ? withoutPeriod.data : reportQuerySchema.parse({});
    invariantResponse(await filtersBelongToBrand(brand.id, filtersOf(fallback)), 'Not found', 404);
    const dashboard = await loadDashboard(brand.id, fallback);
    return data(
      {
        dashboard,
        codeReports: await codeReportsOf(brand.id, dashboard, fallback),
        query: fallback,
        raw,
        fieldErrors,
      },
      { status: 400 },
    );
  }
  invariantResponse(await filtersBelongToBrand(brand.id, filtersOf(parsed.data)), 'Not found', 404);
  const dashboard = await loadDashboard(brand.id, parsed.data);
  return {
    dashboard,
    codeReports: await codeReportsOf(brand.id, dashboard, parsed.data),
    query: parsed.data,
    raw,
    fieldErrors: {} as Record<string, string[]>,
  };
}

/** "By source" and "by promo code", for the dashboard's period and filters (decision 054). */
function codeReportsOf(
  brandId: string,
  dashboard: Awaited<ReturnType<typeof loadDashboard>>,
  query: { offer?: string | null; member?: string | null },
) {
  return loadCodeReports({
    brandId,
    from: dashboard.period.from,
    to: dashboard.period.to,
    offerId: query.offer,
    memberId: query.member,
  });
}

const number = new Intl.NumberFormat('en-US');

function formatDay(day: string) {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export default function Reports() {
  const { dashboard, codeReports, query, raw, fieldErrors } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const keptNote = keptValuesNote(dashboard.breakdown ? query.by : null, filtersOf(query));
  const {
    period,
    previous,
    totals,
    previousTotals,
    series,
    breakdown,
    others,
    topMembers,
    filters,
  } = dashboard;
  const periodText = `${formatDay(period.from)} – ${formatDay(period.to)}`;
  const previousText = `${formatDay(previous.from)} – ${formatDay(previous.to)}`;
  const byLabel = dimensionLabel(query.by);
  const sortLink = (sort: SortKey) =>
    withParams(search, {
      sort,
      dir: query.sort === sort && query.dir === 'desc' ? 'asc' : 'desc',
    });
  const ariaSort = (sort: SortKey) =>
    query.sort === sort ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const hidden = Object.entries(raw).filter(
    ([key]) => !['period', 'from', 'to', 'offer', 'member'].includes(key),
  );
  return (
    <>
      <PageHeader
        title="Reports"
        description={`${periodText} · days in ${dashboard.timeZone} · compared with ${previousText}`}
        actions={
          <a href={`/brand/reports/export${search}`} className={buttonClass('secondary')} download>
            Download CSV of the {byLabel.toLowerCase()} breakdown
          </a>
        }
      />

      <div className="mb-4">
        {/* Keyed on the query, so the filters follow a "Filter by this" or "Remove" link too. */}
        <PeriodPicker
          key={search}
          label="Report period"
          values={{ period: raw.period ?? query.period, from: raw.from, to: raw.to }}
          fieldErrors={fieldErrors}
          keep={hidden}
        >
          <div className="sm:w-44">
            <SelectField
              id="offer"
              name="offer"
              label="Offer"
              defaultValue={query.offer ?? ''}
              options={[
                { value: '', label: 'All offers' },
                ...dashboard.offers.map((o) => ({ value: o.id, label: o.name })),
              ]}
            />
          </div>
          <div className="sm:w-44">
            <SelectField
              id="member"
              name="member"
              label="Member"
              defaultValue={query.member ?? ''}
              options={[
                { value: '', label: 'All members' },
                ...dashboard.members.map((m) => ({ value: m.id, label: m.name })),
              ]}
            />
          </div>
        </PeriodPicker>
      </div>

      {filters.length ? (
        <div className="mb-4 flex flex-wrap items-center gap-2 text-sm" aria-label="Filters">
          <span className="text-slate-600">Filtered to:</span>
          {filters.map((f) => (
            <span
              key={f.dimension}
              className="inline-flex items-center gap-2 rounded-full bg-brand-50 px-3 py-1 text-brand-800"
            >
              {f.dimensionLabel}: {f.label}
              <Link
                to={withParams(search, { [f.dimension]: undefined })}
                className="font-medium underline"
                aria-label={`Remove filter ${f.dimensionLabel}: ${f.label}`}
              >
                Remove
              </Link>
            </span>
          ))}
        </div>
      ) : null}

      {dashboard.weeks ? (
        <p className="mb-3 rounded-md bg-sky-50 p-3 text-sm text-sky-900" role="note">
          {[
            dashboard.weeks.cards ? 'the figures' : null,
            dashboard.weeks.breakdown ? 'the breakdown' : null,
            dashboard.weeks.top ? 'the top members' : null,
          ]
            .filter(Boolean)
            .join(', ')
            .replace(/^./, (c) => c.toUpperCase())}{' '}
          counted in whole weeks: {formatDay(dashboard.weeks.period.from)} –{' '}
          {formatDay(dashboard.weeks.period.to)}
          {dashboard.weeks.cards
            ? ` (compared with ${formatDay(dashboard.weeks.previous.from)} – ${formatDay(dashboard.weeks.previous.to)})`
            : ''}
          . Members and projects in one country or on one device are kept per week, not per day.
        </p>
      ) : null}

      {keptNote ? (
        <p className="mb-3 rounded-md bg-sky-50 p-3 text-sm text-sky-900" role="note">
          {keptNote}
        </p>
      ) : null}

      <FigureCards totals={totals} previous={previousTotals} previousLabel={previousText} />

      {dashboard.chartUnavailable ? (
        <Card className="mt-6">
          <p className="text-sm text-slate-600">
            No chart for these filters: a member or project in one country or on one device is
            counted per week.
          </p>
        </Card>
      ) : (
        <Card className="mt-6">
          <FiguresChart
            title={
              dashboard.granularity === 'hour'
                ? 'Clicks and conversions per hour'
                : 'Clicks and conversions per day'
            }
            unit={dashboard.granularity}
            points={series.map((p) => ({
              at: p.at,
              label: p.label,
              clicks: p.figures.clicks,
              conversions: p.figures.conversions,
            }))}
          />
          {dashboard.hourlyUnavailable ? (
            <p className="mt-2 text-xs text-slate-600">
              Per day: figures per hour are kept for the whole brand and per offer only; remove the
              other filters to see them per hour.
            </p>
          ) : null}
        </Card>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_18rem]">
        <section aria-labelledby="breakdown-title">
          <h2 id="breakdown-title" className="mb-2 text-lg font-semibold">
            Breakdown by {byLabel.toLowerCase()}
          </h2>
          <nav aria-label="Break down by" className="mb-3 overflow-x-auto">
            <ul className="flex flex-wrap gap-1 text-sm">
              {DIMENSIONS.map((d) => (
                <li key={d.id}>
                  {dashboard.breakdowns.includes(d.id) || query.by === d.id ? (
                    <Link
                      to={withParams(search, { by: d.id })}
                      aria-current={query.by === d.id ? 'page' : undefined}
                      className={`inline-block rounded-md px-2.5 py-1 font-medium ${query.by === d.id ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
                    >
                      {d.label}
                    </Link>
                  ) : (
                    <span
                      className="inline-block cursor-not-allowed rounded-md px-2.5 py-1 text-slate-400"
                      title="Not available with the current filters"
                    >
                      {d.label}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          {breakdown === null ? (
            <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
              The breakdown by {byLabel.toLowerCase()} is not available with these filters: figures
              are kept for one click attribute (device, country, referrer, a sub ID) at a time, and
              for members or projects with a device or a country. Remove a filter or choose another
              breakdown.
            </p>
          ) : (
            <Table caption={`Figures by ${byLabel.toLowerCase()}, ${periodText}`}>
              <thead>
                <tr>
                  <Th dense>{byLabel}</Th>
                  {SORTS.map((s) => (
                    <Th key={s.id} dense align="right" aria-sort={ariaSort(s.id)}>
                      <Link to={sortLink(s.id)} className="hover:underline">
                        {s.label}
                        {query.sort === s.id ? (query.dir === 'asc' ? ' ↑' : ' ↓') : ''}
                      </Link>
                    </Th>
                  ))}
                  <Th dense>
                    <span className="sr-only">Filter</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {breakdown.length === 0 ? (
                  <tr>
                    <Td colSpan={SORTS.length + 2} className="text-slate-600">
                      No clicks or conversions in this period.
                    </Td>
                  </tr>
                ) : (
                  breakdown.map((row) => (
                    <tr key={row.key} data-key={row.key}>
                      <Th dense scope="row" className="bg-white font-medium text-slate-900">
                        {row.label}
                      </Th>
                      <Td dense align="right">
                        {number.format(row.figures.clicks)}
                      </Td>
                      <Td dense align="right">
                        {number.format(row.figures.uniqueClicks)}
                      </Td>
                      <Td dense align="right">
                        {number.format(row.figures.conversions)}
                      </Td>
                      <Td dense align="right">
                        {formatRate(conversionRate(row.figures))}
                      </Td>
                      <Td dense align="right">
                        {formatMoneyByCurrency(row.figures.sales)}
                      </Td>
                      <Td dense align="right">
                        {formatMoneyByCurrency(row.figures.commission)}
                      </Td>
                      <Td dense align="right">
                        {formatEpc(earningsPerClick(row.figures))}
                      </Td>
                      <Td dense>
                        {query[query.by] === undefined && dashboard.rowsFilterable ? (
                          <Link
                            to={withParams(search, { [query.by]: row.key })}
                            className="whitespace-nowrap text-brand-700 hover:underline"
                            aria-label={`Filter by ${byLabel.toLowerCase()} ${row.label}`}
                          >
                            Filter by this
                          </Link>
                        ) : null}
                      </Td>
                    </tr>
                  ))
                )}
                {others ? (
                  <tr data-key="(all others)">
                    <Th dense scope="row" className="bg-white font-medium text-slate-600 italic">
                      All others
                    </Th>
                    <Td dense align="right">
                      {number.format(others.clicks)}
                    </Td>
                    <Td dense align="right">
                      {number.format(others.uniqueClicks)}
                    </Td>
                    <Td dense align="right">
                      {number.format(others.conversions)}
                    </Td>
                    <Td dense align="right">
                      {formatRate(conversionRate(others))}
                    </Td>
                    <Td dense align="right">
                      {formatMoneyByCurrency(others.sales)}
                    </Td>
                    <Td dense align="right">
                      {formatMoneyByCurrency(others.commission)}
                    </Td>
                    <Td dense align="right">
                      {formatEpc(earningsPerClick(others))}
                    </Td>
                    <Td dense />
                  </tr>
                ) : null}
              </tbody>
            </Table>
          )}
          {others ? (
            <p className="mt-2 text-xs text-slate-600">
              The first {BREAKDOWN_ROWS} rows at most and all others together, so the rows add up to
              the totals; the CSV download has every row kept and one for all others.
            </p>
          ) : null}
        </section>

        <Card>
          <h2 className="text-base font-semibold">Top members by commission</h2>
          {topMembers === null ? (
            <p className="mt-3 text-sm text-slate-600">Not available with these filters.</p>
          ) : topMembers.length ? (
            <ol className="mt-3 space-y-2 text-sm">
              {topMembers.map((m) => (
                <li key={m.key} className="flex justify-between gap-2">
                  <Link to={`/brand/members/${m.key}`} className="text-brand-700 hover:underline">
                    {m.label}
                  </Link>
                  <span className="tabular-nums">
                    {formatMoneyByCurrency(m.figures.commission)} ·{' '}
                    {number.format(m.figures.clicks)} clicks
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-3 text-sm text-slate-600">No member activity in this period.</p>
          )}
        </Card>
      </div>
      <CodeReportTables reports={codeReports} />
    </>
  );
}
