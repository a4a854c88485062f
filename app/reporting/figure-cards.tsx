import {
  change,
  conversionRate,
  earningsPerClick,
  formatEpc,
  formatMoneyByCurrency,
  formatRate,
  moneySortValue,
  UNIQUE_CLICKS_HINT,
  UNIQUE_CLICKS_MEANING,
  type Figures,
} from './figures';

const number = new Intl.NumberFormat('en-US');

function Change({ current, previous }: { current: number; previous: number }) {
  const c = change(current, previous);
  if (c === null) return <span className="text-slate-500">new</span>;
  if (c === 0) return <span className="text-slate-500">no change</span>;
  const up = c > 0;
  return (
    <span className={up ? 'text-emerald-700' : 'text-rose-700'}>
      <span aria-hidden>{up ? '▲' : '▼'}</span> {up ? '+' : '−'}
      {Math.abs(c * 100).toFixed(1)}%
    </span>
  );
}

/**
 * The headline figures of a scope, each with its change against the previous period when one is
 * given. Used by the reports page, the offer page and the member page alike, and by the
 * creator's dashboard (commission named "Earnings", its split by status as cards).
 */
export function FigureCards({
  totals,
  previous,
  previousLabel = 'the previous period',
  currency,
  commissionLabel = 'Commission',
  split = 'line',
}: {
  totals: Figures;
  previous?: Figures;
  previousLabel?: string;
  currency?: string;
  commissionLabel?: string;
  /** The commission by status: a line under the cards, or cards of their own. */
  split?: 'line' | 'cards';
}) {
  const rate = conversionRate(totals);
  const previousRate = previous ? conversionRate(previous) : null;
  const cards: {
    label: string;
    value: string;
    now: number;
    before?: number;
    hint?: string;
    meaning?: string;
  }[] = [
    {
      label: 'Clicks',
      value: number.format(totals.clicks),
      now: totals.clicks,
      before: previous?.clicks,
    },
    {
      label: 'Unique clicks',
      value: number.format(totals.uniqueClicks),
      now: totals.uniqueClicks,
      before: previous?.uniqueClicks,
      hint: UNIQUE_CLICKS_HINT,
      meaning: UNIQUE_CLICKS_MEANING,
    },
    {
      label: 'Conversions',
      value: number.format(totals.conversions),
      now: totals.conversions,
      before: previous?.conversions,
    },
    {
      label: 'Conversion rate',
      value: formatRate(rate),
      now: rate ?? 0,
      before: previous ? (previousRate ?? 0) : undefined,
    },
    {
      label: 'Sales',
      value: formatMoneyByCurrency(totals.sales, currency),
      now: moneySortValue(totals.sales),
      before: previous ? moneySortValue(previous.sales) : undefined,
    },
    {
      label: commissionLabel,
      value: formatMoneyByCurrency(totals.commission, currency),
      now: moneySortValue(totals.commission),
      before: previous ? moneySortValue(previous.commission) : undefined,
    },
    {
      label: 'Earnings per click',
      value: formatEpc(earningsPerClick(totals), currency),
      now: moneySortValue(earningsPerClick(totals)),
      before: previous ? moneySortValue(earningsPerClick(previous)) : undefined,
    },
  ];
  return (
    <div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {cards.map((card) => (
          <div
            key={card.label}
            className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
            data-figure={card.label}
          >
            <dt className="text-xs font-medium text-slate-600">{card.label}</dt>
            <dd className="mt-1 text-xl font-semibold break-words tabular-nums">{card.value}</dd>
            {card.before !== undefined ? (
              <dd className="mt-1 text-xs" title={`Against ${previousLabel}`}>
                <Change current={card.now} previous={card.before} />
                <span className="sr-only"> against {previousLabel}</span>
              </dd>
            ) : null}
            {card.hint ? (
              <dd className="mt-1 text-[11px] leading-tight text-slate-500" title={card.meaning}>
                {card.hint}
                <span className="sr-only">. {card.meaning}</span>
              </dd>
            ) : null}
          </div>
        ))}
      </dl>
      {split === 'cards' ? (
        <dl
          aria-label={`${commissionLabel} by status`}
          className="mt-3 grid grid-cols-3 gap-3 sm:max-w-xl"
        >
          {[
            { label: 'Pending', value: totals.pending, hint: 'in the holding period' },
            { label: 'Approved', value: totals.approved, hint: 'not paid yet' },
            { label: 'Paid', value: totals.paid, hint: 'in a paid statement' },
          ].map((card) => (
            <div
              key={card.label}
              className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
              data-figure={card.label}
            >
              <dt className="text-xs font-medium text-slate-600">{card.label}</dt>
              <dd className="mt-1 text-base font-semibold break-words tabular-nums">
                {formatMoneyByCurrency(card.value, currency)}
              </dd>
              <dd className="text-xs text-slate-500">{card.hint}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {split === 'line' ? (
        <p className="mt-2 text-xs text-slate-600">
          Commission pending {formatMoneyByCurrency(totals.pending, currency)} · approved{' '}
          {formatMoneyByCurrency(totals.approved, currency)} · paid{' '}
          {formatMoneyByCurrency(totals.paid, currency)}
          {totals.rejected || totals.reversed
            ? ` · ${number.format(totals.rejected)} rejected, ${number.format(totals.reversed)} reversed`
            : ''}
        </p>
      ) : totals.rejected || totals.reversed ? (
        <p className="mt-2 text-xs text-slate-600">
          Not counted: {number.format(totals.rejected)} rejected, {number.format(totals.reversed)}{' '}
          reversed
        </p>
      ) : null}
    </div>
  );
}
