/**
 * The CSV of a breakdown for the current filter, streamed from a server-side cursor: rows are
 * read batch by batch as the download goes (docs/decisions/016-streamed-csv-exports.md). One row
 * per value and currency: a value with conversions in two currencies has two rows (its clicks on
 * each); money in major units with its currency; periods as ISO dates.
 */
import { cursor } from '../../db/cursor';
import { csvStream, spreadsheetText, type CsvCell } from '../csv/csv-stream.server';
import { currencyExponent, formatMinor } from '../money/money';
import { brandTimeZone } from './dashboard.server';
import { dimensionLabel, type SortKey } from './dimensions';
import { conversionRate, emptyFigures, type Figures } from './figures';
import { addRow, aggregateQuery, labelsFor, type Scope } from './figures.server';
import { resolvePeriod } from './period';
import { filtersOf, type ReportQuery } from './report-query';

interface Row {
  key: string;
  currency: string;
  clicks: string;
  unique_clicks: string;
  bot_clicks: string;
  conversions: string;
  sales: string;
  commission: string;
  pending: string;
  approved: string;
  paid: string;
  rejected: string;
  reversed: string;
}

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
  const rows = cursor<Row>(
    aggregateQuery(scope, period, {
      by: query.by,
      sort: query.sort as SortKey,
      direction: query.dir,
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
  // Rows come ordered by value: a value's click row (currency '') first, then one row per
  // currency. They are turned into lines a value at a time, labels looked up a batch at a time.
  async function* lines(): AsyncGenerator<CsvCell[][]> {
    let key: string | null = null;
    let clicks = emptyFigures();
    let money: Row[] = [];
    const flush = (labels: Map<string, string>): CsvCell[][] => {
      if (key === null) return [];
      const label = labels.get(key) ?? (key === '' ? '(none)' : key);
      const base = [
        period.from,
        period.to,
        dimensionLabel(by),
        spreadsheetText(key),
        spreadsheetText(label),
      ];
      const perCurrency = money.length ? money : [null];
      return perCurrency.map((row) => {
        const f: Figures = {
          ...emptyFigures(),
          clicks: clicks.clicks,
          uniqueClicks: clicks.uniqueClicks,
        };
        if (row) addRow(f, row);
        const currency = row?.currency ?? '';
        const major = (minor: number | undefined) =>
          currency ? formatMinor(minor ?? 0, currency) : '';
        const rate = conversionRate(f);
        return [
          ...base,
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
    };
    let labels = new Map<string, string>();
    for await (const batch of rows) {
      const previous = labels;
      labels = await labelsFor(brandId, by, [...new Set(batch.map((r) => r.key))]);
      // The value carried over from the previous batch keeps its label.
      if (key !== null && previous.has(key)) labels.set(key, previous.get(key)!);
      const out: CsvCell[][] = [];
      for (const row of batch) {
        if (row.key !== key) {
          out.push(...flush(labels));
          key = row.key;
          clicks = emptyFigures();
          money = [];
        }
        if (row.currency === '') addRow(clicks, row);
        else money.push(row);
      }
      // The last value of the batch may continue in the next one: it is written later.
      yield out;
    }
    yield flush(labels);
  }
  const body = csvStream(header, lines(), (cells) => cells);
  return { filename: `offerlink-${by}-${period.from}-${period.to}.csv`, body };
}
