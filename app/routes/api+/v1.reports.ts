/**
 * GET /api/v1/reports: the Reports page's totals (against the previous period), series and
 * breakdown for a period, from the reporting module (app/reporting), never the rollup tables.
 */
import { z } from 'zod';
import { DIMENSION_IDS } from '~/reporting/dimensions';
import { refinePeriod } from '~/reporting/period';
import { reportQuerySchema } from '~/reporting/report-query';
import { loadBrandReport } from '~/reporting/report.server';
import { ApiProblem } from '~/api/problem.server';
import { figuresRepresentation, toFiguresRepresentation } from '~/api/representations';
import { apiOperation, apiResource } from '~/api/route.server';

const query = z
  .object({
    ...reportQuerySchema.shape,
    time_zone: z.string().max(64).optional().meta({
      description:
        'The brand’s reporting time zone (IANA, like Europe/Berlin). Figures are kept per day of that zone; another zone is refused with the zone to use.',
    }),
  })
  .superRefine(refinePeriod);

const period = z
  .object({
    from: z.string().meta({ format: 'date', description: 'First day, in the time zone.' }),
    to: z.string().meta({ format: 'date', description: 'Last day, included.' }),
  })
  .meta({ id: 'ReportPeriod' });

const row = z
  .object({ key: z.string(), label: z.string(), figures: figuresRepresentation })
  .meta({ id: 'ReportRow' });

const reportRepresentation = z
  .object({
    object: z.literal('report'),
    time_zone: z.string(),
    period,
    previous_period: period,
    granularity: z.enum(['day', 'hour']),
    totals: figuresRepresentation,
    previous_totals: figuresRepresentation,
    series: z
      .array(
        z.object({
          at: z.string().meta({ description: 'The day, or the hour (YYYY-MM-DDTHH).' }),
          figures: figuresRepresentation,
        }),
      )
      .meta({ description: 'Empty when these filters have no chart (`chart_unavailable`).' }),
    chart_unavailable: z.boolean(),
    by: z.enum(DIMENSION_IDS),
    breakdown: z.array(row).nullable().meta({
      description:
        'The first 100 rows, sorted as asked; null when the filters cannot be broken down this way (see `breakdowns`).',
    }),
    others: figuresRepresentation.nullable().meta({
      description: 'The rows past the first 100 together, so the breakdown adds up to the totals.',
    }),
    breakdowns: z.array(z.enum(DIMENSION_IDS)).meta({
      description: 'The breakdowns these filters allow.',
    }),
    top_members: z.array(row).nullable(),
    weeks: z.object({ period, previous_period: period }).nullable().meta({
      description:
        'Set when some figures are counted in whole ISO weeks (a member or project with a device or country filter): the weeks read.',
    }),
  })
  .meta({ id: 'Report' });

const figuresRows = (
  rows:
    { key: string; label: string; figures: Parameters<typeof toFiguresRepresentation>[0] }[] | null,
) =>
  rows?.map((r) => ({ key: r.key, label: r.label, figures: toFiguresRepresentation(r.figures) })) ??
  null;

const resource = apiResource('/reports', [
  apiOperation({
    method: 'get',
    scope: 'reports:read',
    operationId: 'getReport',
    summary: 'Get a report',
    description:
      'The Reports page for a period: a preset (`today`, `7d`, `30d`, `90d`, `this_month`, `last_month`) or `custom` with `from` and `to`; broken down `by` a dimension, filtered by any of them (ids for offer, member, link, project).',
    tags: ['Reports'],
    query,
    response: reportRepresentation,
    handler: async ({ caller, query }) => {
      const { time_zone: timeZone, ...reportQuery } = query;
      const result = await loadBrandReport(caller.brandId, reportQuery, { timeZone });
      if (!result.ok && result.reason === 'not_found') {
        // Checked by the reporting module (the page's rule: a malformed id is a 404 there too).
        throw new ApiProblem('not_found', `No ${result.filter} with this id in this brand.`, [
          { field: result.filter, message: `Not one of the brand’s ${result.filter}s.` },
        ]);
      }
      if (!result.ok) {
        throw new ApiProblem(
          'validation',
          `Reports are kept in the brand’s time zone, ${result.timeZone}; ask in it or leave time_zone out.`,
          [{ field: 'time_zone', message: `Use ${result.timeZone}.` }],
        );
      }
      const r = result.report;
      return {
        object: 'report' as const,
        time_zone: r.timeZone,
        period: r.period,
        previous_period: r.previous,
        granularity: r.granularity,
        totals: toFiguresRepresentation(r.totals),
        previous_totals: toFiguresRepresentation(r.previousTotals),
        series: r.series.map((p) => ({ at: p.at, figures: toFiguresRepresentation(p.figures) })),
        chart_unavailable: r.chartUnavailable,
        by: query.by,
        breakdown: figuresRows(r.breakdown),
        others: r.others ? toFiguresRepresentation(r.others) : null,
        breakdowns: r.breakdowns,
        top_members: figuresRows(r.topMembers),
        weeks: r.weeks ? { period: r.weeks.period, previous_period: r.weeks.previous } : null,
      };
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
