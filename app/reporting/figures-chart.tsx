import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface ChartPoint {
  at: string;
  label: string;
  clicks: number;
  conversions: number;
}

const number = new Intl.NumberFormat('en-US');

/**
 * Clicks (bars) and conversions (line) over time, drawn with recharts (decision 029). The same
 * figures follow as a table, for screen readers and for anyone who wants the numbers.
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
  return (
    <figure aria-labelledby="figures-chart-title">
      <figcaption id="figures-chart-title" className="mb-2 text-base font-semibold">
        {title}
      </figcaption>
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
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis yAxisId="clicks" allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
            <YAxis
              yAxisId="conversions"
              orientation="right"
              allowDecimals={false}
              tick={{ fontSize: 12 }}
              width={40}
            />
            <Tooltip formatter={(value) => number.format(Number(value))} />
            <Legend />
            <Bar
              yAxisId="clicks"
              dataKey="clicks"
              name="Clicks"
              fill="#6366f1"
              isAnimationActive={false}
            />
            <Line
              yAxisId="conversions"
              dataKey="conversions"
              name="Conversions"
              stroke="#059669"
              strokeWidth={2}
              dot={false}
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
