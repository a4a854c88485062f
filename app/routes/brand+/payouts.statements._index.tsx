import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { Card, EmptyState } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { useSelection } from '~/components/use-selection';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { formatMoney } from '~/money/money';
import { MarkPaidFields } from '~/payouts/mark-paid-fields';
import { markPaidAndNotify } from '~/payouts/mark-paid.server';
import { payoutRefusal } from '~/payouts/payout-action.server';
import {
  statementFilterFrom,
  listStatements,
  statementPeriods,
} from '~/payouts/payouts-overview.server';
import { markPaidFormSchema, periodLabel } from '~/payouts/payouts-page-schemas';
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

/** Mark paid: the selected statements, with the payment's date, method and reference. */
export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'payouts');
  const parsed = parseForm(markPaidFormSchema, await request.formData());
  if (!parsed.ok) {
    return badRequest({
      intent: 'mark-paid',
      ok: false as const,
      formError: parsed.fieldErrors.statementId?.[0] ?? 'Check the payment details.',
      fieldErrors: parsed.fieldErrors,
    });
  }
  try {
    const { statementId, ...payment } = parsed.data;
    const result = await markPaidAndNotify(brand.id, user.id, statementId, payment);
    return { intent: 'mark-paid', ok: true as const, ...summary(result) };
  } catch (error) {
    return payoutRefusal(error, 'mark-paid');
  }
}

function summary(result: { paid: unknown[]; emailsQueued: number }) {
  const n = result.paid.length;
  const emails = result.emailsQueued;
  return {
    done: `Marked ${n} ${n === 1 ? 'statement' : 'statements'} paid. ${
      emails === 0
        ? 'No creator is emailed (they turned payment emails off).'
        : `${emails} ${emails === 1 ? 'creator is' : 'creators are'} emailed.`
    }`,
  };
}

type ActionData =
  | { intent: string; ok: true; done: string }
  | { intent: string; ok: false; formError: string; fieldErrors: Record<string, string[]> };

const statusOptions = [
  { value: '', label: 'All statuses' },
  ...Object.entries(STATEMENT_STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

export default function StatementsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const payableIds = data.statements
    .filter((s) => s.status === 'open' && s.amountMinor > 0)
    .map((s) => s.id);
  const selection = useSelection(payableIds);
  const exportQuery = new URLSearchParams();
  if (data.filter.period) exportQuery.set('period', data.filter.period);
  if (data.filter.status) exportQuery.set('status', data.filter.status);
  if (data.filter.member) exportQuery.set('member', data.filter.member);
  const qs = exportQuery.toString() ? `?${exportQuery}` : '';
  const filtered = Boolean(data.filter.period || data.filter.status || data.filter.member);
  const busy = navigation.state === 'submitting';
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

      {actionData?.ok ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          {actionData.done}
        </p>
      ) : null}

      {data.total === 0 ? (
        <EmptyState title={filtered ? 'No statements match' : 'No statements yet'}>
          {filtered
            ? 'Try another period or status.'
            : 'Statements are built by the payout rollup from approved commissions.'}
        </EmptyState>
      ) : (
        <Form method="post" aria-label="Mark statements paid" noValidate>
          <Table caption="Statements">
            <thead>
              <tr>
                <Th className="w-10">
                  <input
                    type="checkbox"
                    aria-label="Select every due statement on this page"
                    className="h-4 w-4 rounded border-slate-300"
                    checked={selection.allSelected}
                    disabled={payableIds.length === 0}
                    onChange={(e) => selection.toggleAll(e.currentTarget.checked)}
                  />
                </Th>
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
                const payable = s.status === 'open' && s.amountMinor > 0;
                return (
                  <tr key={s.id}>
                    <Td>
                      {payable ? (
                        <input
                          type="checkbox"
                          name="statementId"
                          value={s.id}
                          aria-label={`Select ${label}`}
                          className="h-4 w-4 rounded border-slate-300"
                          checked={selection.isSelected(s.id)}
                          onChange={(e) => selection.toggle(s.id, e.currentTarget.checked)}
                        />
                      ) : null}
                    </Td>
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
          <Card className="mt-6">
            <h2 className="text-base font-semibold text-slate-900">Mark paid</h2>
            <p className="mb-4 mt-1 text-sm text-slate-600">
              Record a payment you made outside Offerlink for the selected due statements. A paid
              statement never changes again; each creator gets one email unless they turned it off.
            </p>
            {actionData && !actionData.ok ? (
              <div className="mb-4">
                <ErrorList errors={[actionData.formError]} />
              </div>
            ) : null}
            <MarkPaidFields
              idPrefix="bulk"
              fieldErrors={actionData && !actionData.ok ? actionData.fieldErrors : undefined}
            />
            <div className="mt-4">
              <Button type="submit" disabled={busy || selection.ids.length === 0}>
                {selection.ids.length === 0
                  ? 'Select statements to mark paid'
                  : `Mark ${selection.ids.length} ${selection.ids.length === 1 ? 'statement' : 'statements'} paid`}
              </Button>
            </div>
          </Card>
        </Form>
      )}
    </>
  );
}
