import {
  Bar,
  CartesianGrid,
  ComposedChart,
  LabelList,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import { integerAxis, isSparse } from './chart-axis';

export interface ChartPoint {
  at: string;
  label: string;
  clicks: number;
  conversions: number;
}

const number = new Intl.NumberFormat('en-US');

/** The two series' colours (Tailwind's indigo-500 and emerald-600, as in the legend). */
const CLICKS_COLOUR = '#6366f1';
const CONVERSIONS_COLOUR = '#059669';

/** A dot on the conversions line where there are some (a sparse series only). */
function ConversionDot(props: DotItemDotProps) {
  const { cx, cy, index, value } = props;
  if (!value || cx == null || cy == null) return <g key={`dot-${index}`} />;
  return <circle key={`dot-${index}`} cx={cx} cy={cy} r={3.5} fill={CONVERSIONS_COLOUR} />;
}

/**
 * Clicks (bars) and conversions (line) over time, drawn with recharts (decision 029). The same
 * figures follow as a table, for screen readers and for anyone who wants the numbers.
 *
 * Each count axis runs from 0 to a whole number just above its data (`integerAxis`: one click
 * reads 0–1, not 0–4 with a quarter-high bar). When only a few days have data, their bars carry
 * their count and the line a dot, so a quiet period still reads at a glance. The legend is HTML
 * above the drawing: it takes its own room and cannot be drawn over the axis dates.
 */
export function FiguresChart({
  title,
  points,
  unit,
}: {
  title: string;
  points: ChartPoint[];
  unit: 'day' | 'hour';
}) {
  const clicksAxis = integerAxis(Math.max(0, ...points.map((p) => p.clicks)));
  const conversionsAxis = integerAxis(Math.max(0, ...points.map((p) => p.conversions)));
  const sparseClicks = isSparse(points.map((p) => p.clicks));
  const sparseConversions = isSparse(points.map((p) => p.conversions));
  return (
    <figure aria-labelledby="figures-chart-title">
      <figcaption id="figures-chart-title" className="mb-2 text-base font-semibold">
        {title}
      </figcaption>
      <ul
        aria-label="Chart legend"
        data-testid="chart-legend"
        className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700"
      >
        <li className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-500" />
          Clicks <span className="text-slate-500">(bars, left scale)</span>
        </li>
        <li className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-0.5 w-4 rounded bg-emerald-600" />
          Conversions <span className="text-slate-500">(line, right scale)</span>
        </li>
      </ul>
      <div
        className="h-72 w-full"
        role="img"
        aria-label={`${title}: chart of clicks and conversions per ${unit}`}
      >
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 800, height: 288 }}
        >
          <ComposedChart data={points} margin={{ top: 18, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid yAxisId="clicks" strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis
              yAxisId="clicks"
              allowDecimals={false}
              domain={clicksAxis.domain}
              ticks={clicksAxis.ticks}
              interval={0}
              tick={{ fontSize: 12, fill: CLICKS_COLOUR }}
              width={48}
            />
            <YAxis
              yAxisId="conversions"
              orientation="right"
              allowDecimals={false}
              domain={conversionsAxis.domain}
              ticks={conversionsAxis.ticks}
              interval={0}
              tick={{ fontSize: 12, fill: CONVERSIONS_COLOUR }}
              width={40}
            />
            <Tooltip formatter={(value) => number.format(Number(value))} />
            <Bar
              yAxisId="clicks"
              dataKey="clicks"
              name="Clicks"
              fill={CLICKS_COLOUR}
              maxBarSize={48}
              isAnimationActive={false}
            >
              {sparseClicks ? (
                <LabelList
                  dataKey="clicks"
                  position="top"
                  fontSize={12}
                  fill="#334155"
                  formatter={(value) => (Number(value) > 0 ? number.format(Number(value)) : '')}
                />
              ) : null}
            </Bar>
            <Line
              yAxisId="conversions"
              dataKey="conversions"
              name="Conversions"
              stroke={CONVERSIONS_COLOUR}
              strokeWidth={2}
              dot={sparseConversions ? ConversionDot : false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-brand-700">
          Show the chart’s figures as a table
        </summary>
        <table className="mt-2 min-w-full text-sm">
          <caption className="sr-only">
            {title}, per {unit}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 text-left font-medium text-slate-600">
                {unit === 'day' ? 'Day' : 'Hour'}
              </th>
              <th scope="col" className="py-1 text-right font-medium text-slate-600">
                Clicks
              </th>
              <th scope="col" className="py-1 text-right font-medium text-slate-600">
                Conversions
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at} data-at={p.at}>
                <td className="py-0.5">{p.label}</td>
                <td className="py-0.5 text-right tabular-nums">{number.format(p.clicks)}</td>
                <td className="py-0.5 text-right tabular-nums">{number.format(p.conversions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
