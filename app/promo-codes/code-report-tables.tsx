import { Table, Td, Th } from '~/components/ui/table';
import { SOURCE_LABELS } from '~/conversions/conversion-filter';
import { formatMoneyByCurrency } from '~/reporting/figures';
import type { CodeReports } from './code-reports.server';

const number = new Intl.NumberFormat('en-US');

const sourceLabel = (key: string) =>
  (SOURCE_LABELS as Record<string, string | undefined>)[key] ?? key;

/** The figures both tables show, in the same order as their headings (FigureHeads). */
interface Figures {
  conversions: number;
  sales: Parameters<typeof formatMoneyByCurrency>[0];
  commission: Parameters<typeof formatMoneyByCurrency>[0];
}

function FigureHeads() {
  return (
    <>
      <Th dense align="right">
        Conversions
      </Th>
      <Th dense align="right">
        Sales
      </Th>
      <Th dense align="right">
        Commission
      </Th>
    </>
  );
}

function FigureCells({ row }: { row: Figures }) {
  return (
    <>
      <Td dense align="right">
        {number.format(row.conversions)}
      </Td>
      <Td dense align="right">
        {formatMoneyByCurrency(row.sales)}
      </Td>
      <Td dense align="right">
        {formatMoneyByCurrency(row.commission)}
      </Td>
    </>
  );
}

/** The Reports page's "by source" and "by promo code" tables (decision 054). */
export function CodeReportTables({ reports }: { reports: CodeReports }) {
  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="by-source-title">
        <h2 id="by-source-title" className="mb-2 text-lg font-semibold">
          Conversions by source
        </h2>
        <Table caption="Conversions by source">
          <thead>
            <tr>
              <Th dense>Source</Th>
              <FigureHeads />
              <Th dense align="right">
                Refused
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {reports.bySource.length === 0 ? (
              <tr>
                <Td dense colSpan={5}>
                  No conversions in this period.
                </Td>
              </tr>
            ) : (
              reports.bySource.map((row) => (
                <tr key={row.key}>
                  <Td dense>{sourceLabel(row.key)}</Td>
                  <FigureCells row={row} />
                  <Td dense align="right">
                    {number.format(row.refused)}
                  </Td>
                </tr>
              ))
            )}
          </tbody>
        </Table>
      </section>
      <section aria-labelledby="by-code-title">
        <h2 id="by-code-title" className="mb-2 text-lg font-semibold">
          Conversions by promo code
        </h2>
        <Table caption="Conversions by promo code">
          <thead>
            <tr>
              <Th dense>Promo code</Th>
              <Th dense>Member</Th>
              <FigureHeads />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {reports.byCode.length === 0 ? (
              <tr>
                <Td dense colSpan={5}>
                  No conversions by promo code in this period.
                </Td>
              </tr>
            ) : (
              reports.byCode.map((row) => (
                <tr key={row.key}>
                  <Td dense>
                    <span className="font-mono">{row.code}</span>
                    {row.active ? null : (
                      <span className="ml-1 text-xs text-slate-500">(deactivated)</span>
                    )}
                  </Td>
                  <Td dense>{row.memberName}</Td>
                  <FigureCells row={row} />
                </tr>
              ))
            )}
          </tbody>
        </Table>
      </section>
    </div>
  );
}
