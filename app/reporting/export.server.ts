/**
 * The CSV of a breakdown for the current filter, streamed from a server-side cursor: rows are
 * read batch by batch as the download goes (docs/decisions/016-streamed-csv-exports.md). One row
 * per value and currency (a value seen on offers in two currencies has a row for each, with the
 * clicks and money of those offers); money in major units with its currency; ISO dates.
 */
import { cursor } from '../../db/cursor';
import { csvStream, spreadsheetText, type CsvCell } from '../csv/csv-stream.server';
import { currencyExponent, formatMinor } from '../money/money';
import { brandTimeZone } from './dashboard.server';
import { dimensionLabel, type SortKey } from './dimensions';
import { conversionRate, emptyFigures } from './figures';
import {
  addRow,
  aggregateQuery,
  countedInWeeks,
  labelsFor,
  OTHER_VALUE,
  weeksOf,
  type AggregateRow,
  type Scope,
} from './figures.server';
import { resolvePeriod } from './period';
import { filtersOf, type ReportQuery } from './report-query';

/** Commission per click in major units, to a hundredth of the minor unit ("0.0042" USD). */
function epc(commissionMinor: number, clicks: number, currency: string): string {
  const hundredths = BigInt(Math.round((commissionMinor * 100) / clicks));
  const exponent = currencyExponent(currency) + 2;
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  const scale = 10n ** BigInt(exponent);
  return `${negative ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(exponent, '0')}`;
}

export async function breakdownCsv(
  brandId: string,
  query: ReportQuery,
  now = new Date(),
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const timeZone = await brandTimeZone(brandId);
  const period = resolvePeriod(query, timeZone, now);
  const scope: Scope = { brandId, timeZone, filters: filtersOf(query) };
  const rows = cursor<AggregateRow>(
    aggregateQuery(scope, period, {
      by: query.by,
      sort: query.sort as SortKey,
      direction: query.dir,
      includeOther: true,
    }),
    1000,
  );
  const header = [
    'period_start',
    'period_end',
    'dimension',
    'value',
    'label',
    'clicks',
    'unique_clicks',
    'conversions',
    'conversion_rate',
    'currency',
    'sales',
    'commission',
    'commission_pending',
    'commission_approved',
    'commission_paid',
    'earnings_per_click',
    'rejected',
    'reversed',
  ];
  const by = query.by;
  // Members or projects with a device or a country are counted in whole weeks: the CSV says which.
  const read = countedInWeeks(scope.filters, by) ? weeksOf(period) : period;
  async function* lines(): AsyncGenerator<CsvCell[][]> {
    for await (const batch of rows) {
      const labels = await labelsFor(brandId, by, [...new Set(batch.map((r) => r.key))]);
      yield batch.map((row) => {
        const f = emptyFigures();
        addRow(f, row);
        const currency = row.currency;
        const major = (minor: number | undefined) =>
          currency ? formatMinor(minor ?? 0, currency) : '';
        const rate = conversionRate(f);
        const other = row.key === OTHER_VALUE;
        const label = other
          ? 'All others (beyond the top values of each month)'
          : (labels.get(row.key) ?? (row.key === '' ? '(none)' : row.key));
        return [
          read.from,
          read.to,
          dimensionLabel(by),
          other ? '(all others)' : spreadsheetText(row.key),
          spreadsheetText(label),
          f.clicks,
          f.uniqueClicks,
          f.conversions,
          rate === null ? '' : rate.toFixed(4),
          currency,
          major(f.sales[currency]),
          major(f.commission[currency]),
          major(f.pending[currency]),
          major(f.approved[currency]),
          major(f.paid[currency]),
          currency && f.clicks > 0 ? epc(f.commission[currency] ?? 0, f.clicks, currency) : '',
          f.rejected,
          f.reversed,
        ];
      });
    }
  }
  const body = csvStream(header, lines(), (cells) => cells);
  return { filename: `offerlink-${by}-${period.from}-${period.to}.csv`, body };
}
