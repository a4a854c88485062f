import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import { EmptyState } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { formatMoney } from '~/money/money';
import {
  statementFilterFrom,
  listStatements,
  statementPeriods,
} from '~/payouts/payouts-overview.server';
import { periodLabel } from '~/payouts/payouts-page-schemas';
import { STATEMENT_STATUS_LABELS } from '~/payouts/schemas';
import { PayoutEmailBadge, StatementStatusBadge } from '~/payouts/statement-status-badge';

export const meta: MetaFunction = () => [{ title: 'Statements · Payouts · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const { filter, member } = await statementFilterFrom(request, brand.id);
  const [list, periods] = await Promise.all([
    listStatements(brand.id, filter),
    statementPeriods(brand.id),
  ]);
  return { ...list, periods, filter, member };
}

const statusOptions = [
  { value: '', label: 'All statuses' },
  ...Object.entries(STATEMENT_STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

export default function StatementsPage() {
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportQuery = new URLSearchParams();
  if (data.filter.period) exportQuery.set('period', data.filter.period);
  if (data.filter.status) exportQuery.set('status', data.filter.status);
  if (data.filter.member) exportQuery.set('member', data.filter.member);
  const qs = exportQuery.toString() ? `?${exportQuery}` : '';
  const filtered = Boolean(data.filter.period || data.filter.status || data.filter.member);
  return (
    <>
      <Form
        method="get"
        role="search"
        aria-label="Filter statements"
        className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        {data.filter.member ? (
          <input type="hidden" name="member" value={data.filter.member} />
        ) : null}
        <div className="sm:w-56">
          <label htmlFor="statement-period" className="block text-sm font-medium text-slate-800">
            Period
          </label>
          <select
            id="statement-period"
            name="period"
            defaultValue={data.filter.period}
            className={`mt-1 ${inputClass}`}
          >
            <option value="">All periods</option>
            {data.periods.map((p) => (
              <option key={p} value={p}>
                {periodLabel(`${p}-01`)}
              </option>
            ))}
          </select>
        </div>
        <div className="sm:w-56">
          <label htmlFor="statement-status" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select
            id="statement-status"
            name="status"
            defaultValue={data.filter.status}
            className={`mt-1 ${inputClass}`}
          >
            {statusOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass('secondary')}>
            Show statements
          </button>
          {filtered ? (
            <Link to="/brand/payouts/statements" className={buttonClass('ghost')}>
              Clear
            </Link>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2 sm:ml-auto">
          <a
            href={`/brand/payouts/statements.csv${qs}`}
            className={buttonClass('secondary')}
            download
          >
            Export statements (CSV)
          </a>
          <a href={`/brand/payouts/lines.csv${qs}`} className={buttonClass('secondary')} download>
            Export lines (CSV)
          </a>
        </div>
      </Form>
      {data.member ? (
        <p className="mb-2 text-sm text-slate-700">
          Statements of <strong>{data.member.name}</strong>
        </p>
      ) : null}

      <p className="mb-4 text-sm text-slate-600">
        A member is paid their balance in a currency: the net of all their due statements (a
        clawback’s negative statement lowers it). Mark it paid from a statement’s page or, for many
        members at once, from{' '}
        <Link to="/brand/payouts" className="font-medium text-brand-700 hover:underline">
          Amounts due
        </Link>
        .
      </p>

      {data.total === 0 ? (
        <EmptyState title={filtered ? 'No statements match' : 'No statements yet'}>
          {filtered
            ? 'Try another period or status.'
            : 'Statements are built by the payout rollup from approved commissions.'}
        </EmptyState>
      ) : (
        <>
          <Table caption="Statements">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th>Period</Th>
                <Th>Currency</Th>
                <Th align="right">Total</Th>
                <Th>Status</Th>
                <Th align="right">Lines</Th>
                <Th>Payout email</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.statements.map((s) => {
                const label = `${s.memberName} · ${periodLabel(s.periodStart)} · ${s.currency}`;
                return (
                  <tr key={s.id}>
                    <Td className="font-medium">
                      <Link
                        to={`/brand/payouts/statements/${s.id}`}
                        className="text-brand-700 hover:underline"
                        aria-label={`Open statement ${label}`}
                      >
                        {s.memberName}
                      </Link>
                    </Td>
                    <Td>{periodLabel(s.periodStart)}</Td>
                    <Td>{s.currency}</Td>
                    <Td align="right" className="font-medium">
                      {formatMoney(s.amountMinor, s.currency)}
                    </Td>
                    <Td>
                      <StatementStatusBadge status={s.status} />
                      {s.paidOn ? (
                        <span className="ml-1 text-xs text-slate-500">on {s.paidOn}</span>
                      ) : null}
                    </Td>
                    <Td align="right">{s.lines}</Td>
                    <Td>
                      <PayoutEmailBadge given={s.hasPayoutEmail} />
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination
            page={data.page}
            pageCount={data.pageCount}
            search={search.slice(1)}
            label="Statement pages"
          />
        </>
      )}
    </>
  );
}
