import type { ReactNode } from 'react';
import { formatMoney } from '~/money/money';
import { FigureCards } from '~/reporting/figure-cards';
import { formatMoneyByCurrency, type Figures } from '~/reporting/figures';
import { FiguresChart } from '~/reporting/figures-chart';
import type { Period } from '~/reporting/period';
import { formatPeriod, PeriodPicker } from '~/reporting/period-picker';
import { CREATOR_PRESETS } from './schemas';
import { clearingMessage, formatDayLong, minimumPayoutMessage, type AmountDue } from './earnings';

const number = new Intl.NumberFormat('en-US');

/** "7 Nov": a chart day as the creator pages write days ("7 Nov 2026"), without the year. */
const chartDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

interface PendingView {
  currency: string;
  pendingMinor: number;
  pendingCount: number;
  schedule: { day: string; amountMinor: number; count: number }[];
}

/**
 * "When do I get paid": the amount due with whether it reaches the brand's minimum payout (not
 * on an offer's page: statements cover every offer), and when pending earnings clear the holding
 * period, soonest first. Money as it stands now, whatever the period.
 */
export function EarningsStanding({
  due,
  pending,
  showDue = true,
  children,
}: {
  due: AmountDue[];
  pending: PendingView[];
  showDue?: boolean;
  /** More to say (the offer page points to the dashboard's amount due). */
  children?: ReactNode;
}) {
  const nothing = (!showDue || due.length === 0) && pending.length === 0;
  return (
    <section
      aria-labelledby="when-paid"
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="when-paid" className="text-lg font-semibold">
        When you get paid
      </h2>
      {nothing ? (
        <p className="mt-1 text-sm text-slate-600">
          Nothing pending or due yet. Earnings appear here once a sale through your links is
          reported.
        </p>
      ) : null}
      {showDue && due.length ? (
        <ul className="mt-3 space-y-3" aria-label="Amount due">
          {due.map((d) => (
            <li key={d.currency} data-due={d.currency}>
              <p className="text-sm text-slate-600">
                Amount due{due.length > 1 ? ` in ${d.currency}` : ''}
              </p>
              <p className="text-2xl font-semibold tabular-nums">
                {formatMoney(d.dueMinor, d.currency)}
              </p>
              <p
                className={`mt-1 text-sm ${d.reachesMinimum ? 'text-emerald-800' : 'text-slate-700'}`}
              >
                {minimumPayoutMessage(d)}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {pending.length ? (
        <ul className="mt-3 space-y-3" aria-label="Pending earnings">
          {pending.map((p) => (
            <li key={p.currency} data-pending={p.currency}>
              <p className="text-sm text-slate-600">
                Pending{pending.length > 1 ? ` in ${p.currency}` : ''}:{' '}
                <span className="font-semibold text-slate-900 tabular-nums">
                  {formatMoney(p.pendingMinor, p.currency)}
                </span>{' '}
                from {number.format(p.pendingCount)} sale{p.pendingCount === 1 ? '' : 's'} in the
                holding period
              </p>
              <ul className="mt-1 space-y-0.5 text-sm">
                {p.schedule.map((s) => (
                  <li key={s.day}>
                    <time dateTime={s.day} title={formatDayLong(s.day)}>
                      {clearingMessage(s.amountMinor, p.currency, s.day)}
                    </time>
                  </li>
                ))}
              </ul>
              {p.schedule.length > 0 &&
              p.schedule.reduce((n, s) => n + s.count, 0) < p.pendingCount ? (
                <p className="mt-0.5 text-xs text-slate-500">and more on later days</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
      <p className="mt-3 text-xs text-slate-500">
        Pending earnings are approved once the brand’s holding period has passed, then added to your
        monthly statement; the brand pays statements that reach its minimum payout.
      </p>
    </section>
  );
}

/** A link's own figures for the period: clicks, unique clicks, conversions, earnings. */
export function LinkFigures({
  figures,
  label,
  currency,
}: {
  figures: Figures;
  label: string;
  /** The offer's currency, for "$0.00" when the link has earned nothing yet. */
  currency?: string;
}) {
  const cells = [
    { label: 'Clicks', value: number.format(figures.clicks) },
    { label: 'Unique', value: number.format(figures.uniqueClicks) },
    { label: 'Conversions', value: number.format(figures.conversions) },
    { label: 'Earnings', value: formatMoneyByCurrency(figures.commission, currency) },
  ];
  return (
    <dl
      aria-label={`Figures of ${label}`}
      className="grid grid-cols-4 gap-2 rounded-md bg-slate-50 p-2 text-center"
    >
      {cells.map((c) => (
        <div key={c.label} data-link-figure={c.label}>
          <dt className="text-[11px] font-medium text-slate-600">{c.label}</dt>
          <dd className="text-sm font-semibold break-words tabular-nums">{c.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The figures of a period, as the creator's dashboard and offer pages show them: the period and
 * its picker, the figure cards (earnings split by status) and the daily chart.
 */
export function CreatorPeriodFigures({
  title,
  period,
  timeZone,
  values,
  fieldErrors,
  totals,
  currency,
  series,
}: {
  title: string;
  period: Period;
  timeZone: string;
  /** The period query as typed (or the defaults), for the picker. */
  values: { period?: string; from?: string; to?: string };
  fieldErrors: Record<string, string[] | undefined>;
  totals: Figures;
  currency?: string;
  series: { at: string; label: string; figures: Figures }[];
}) {
  return (
    <section aria-labelledby="figures" className="space-y-3">
      <div>
        <h2 id="figures" className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-600" data-testid="period">
          {formatPeriod(period)} · days in {timeZone}
        </p>
      </div>
      <PeriodPicker presets={CREATOR_PRESETS} values={values} fieldErrors={fieldErrors} />
      <FigureCards totals={totals} currency={currency} commissionLabel="Earnings" split="cards" />
      <div className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:p-4">
        <FiguresChart
          title="Clicks and conversions per day"
          unit="day"
          points={series.map((p) => ({
            at: p.at,
            label: chartDay.format(new Date(`${p.at}T12:00:00Z`)),
            clicks: p.figures.clicks,
            conversions: p.figures.conversions,
          }))}
        />
      </div>
    </section>
  );
}
