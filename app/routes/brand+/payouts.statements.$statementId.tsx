import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { assertCan, requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { ErrorList } from '~/components/ui/field';
import { Card, BackLink } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm } from '~/forms/parse-form';
import { badRequest, invariantResponse } from '~/http.server';
import { formatMoney } from '~/money/money';
import { MarkPaidFields } from '~/payouts/mark-paid-fields';
import { markPaidAndNotify } from '~/payouts/mark-paid.server';
import { payoutRefusal, rejectStatementCommission } from '~/payouts/payout-action.server';
import { getStatement } from '~/payouts/payouts-overview.server';
import { markPaidFormSchema, periodLabel, rejectFormSchema } from '~/payouts/payouts-page-schemas';
import { RejectCommissionDialog } from '~/payouts/reject-commission-dialog';
import { PAYMENT_METHOD_LABELS, REJECT_REASON_LABELS, lineStatusLabel } from '~/payouts/schemas';
import { PayoutEmailBadge, StatementStatusBadge } from '~/payouts/statement-status-badge';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.statement.memberName} · ${periodLabel(data.statement.periodStart)} · Payouts · Offerlink`
      : 'Statement · Offerlink',
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1') || 1;
  const found = await getStatement(brand.id, params.statementId ?? '', page);
  invariantResponse(found, 'Statement not found');
  return found;
}

/** Reject one of the statement's commissions, or mark the statement paid. */
export async function action({ request, params }: ActionFunctionArgs) {
  // Two forms, two rules: rejecting a commission is a manager's, marking paid an admin's.
  const access = await requireBrandRole(request, 'read');
  const { brand, user } = access;
  const statementId = params.statementId ?? '';
  const form = await request.formData();
  assertCan(access, form.get('intent') === 'reject' ? 'conversions' : 'payouts');
  if (form.get('intent') === 'reject') {
    const parsed = parseForm(rejectFormSchema, form);
    const conversionId = String(form.get('conversionId') ?? '');
    if (!parsed.ok) {
      return badRequest({
        intent: 'reject',
        ok: false as const,
        conversionId,
        formError: 'Choose a reason for the rejection.',
        fieldErrors: parsed.fieldErrors,
      });
    }
    let result;
    try {
      result = await rejectStatementCommission(
        brand.id,
        user.id,
        statementId,
        parsed.data.conversionId,
        { reason: parsed.data.reason, note: parsed.data.note },
      );
    } catch (error) {
      return payoutRefusal(error, 'reject', { conversionId });
    }
    invariantResponse(result, 'Commission not found in this statement');
    return {
      intent: 'reject',
      ok: true as const,
      conversionId,
      done: `Commission rejected (${REJECT_REASON_LABELS[parsed.data.reason]}). The statement total is updated.`,
    };
  }
  const parsed = parseForm(markPaidFormSchema, form);
  if (!parsed.ok) {
    return badRequest({
      intent: 'mark-paid',
      ok: false as const,
      formError: 'Check the payment details.',
      fieldErrors: parsed.fieldErrors,
    });
  }
  const { statementId: ids, ...payment } = parsed.data;
  // The form names this page's statement; anything else is not found here.
  invariantResponse(ids.length === 1 && ids[0] === statementId, 'Statement not found');
  try {
    const result = await markPaidAndNotify(brand.id, user.id, ids, payment);
    return {
      intent: 'mark-paid',
      ok: true as const,
      done:
        result.emailsQueued > 0
          ? 'Statement marked paid. The creator is emailed.'
          : 'Statement marked paid. The creator turned payment emails off, so none is sent.',
    };
  } catch (error) {
    return payoutRefusal(error, 'mark-paid');
  }
}

type ActionData =
  | { intent: string; ok: true; done: string; conversionId?: string }
  | {
      intent: string;
      ok: false;
      formError: string;
      fieldErrors: Record<string, string[]>;
      conversionId?: string;
    };

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function StatementPage() {
  const { statement: s, lines, totalLines, page, pageCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const period = periodLabel(s.periodStart);
  const payable = s.status === 'open' && s.amountMinor > 0;
  return (
    <>
      <BackLink to="/brand/payouts/statements">All statements</BackLink>
      <div className="mb-6 flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="text-xl font-bold text-slate-900">
            {s.memberName} · {period} · {s.currency}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {s.memberEmail} · Payout email: <PayoutEmailBadge given={s.hasPayoutEmail} />
          </p>
        </div>
        <StatementStatusBadge status={s.status} />
      </div>

      {actionData?.ok ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          {actionData.done}
        </p>
      ) : null}

      <dl className="mb-6 grid gap-4 sm:grid-cols-3">
        {[
          ['Commissions', formatMoney(s.commissionsMinor, s.currency)],
          ['Adjustments', formatMoney(s.adjustmentsMinor, s.currency)],
          ['Statement total', formatMoney(s.amountMinor, s.currency)],
        ].map(([label, value]) => (
          <div
            key={label}
            role="group"
            aria-label={label}
            className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          >
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>

      {s.status === 'carried_forward' ? (
        <p className="mb-6 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">
          Carried forward: the member’s unpaid balance in {s.currency} is below your minimum payout
          (or not positive), so this statement is not payable yet. It rolls on with the next ones.
        </p>
      ) : null}

      {s.status === 'paid' ? (
        <Card className="mb-6">
          <h3 className="text-base font-semibold text-slate-900">Payment</h3>
          <p className="mt-1 text-sm text-slate-700">
            Paid on {s.paidOn} by {s.paymentMethod ? PAYMENT_METHOD_LABELS[s.paymentMethod] : '—'}
            {s.paymentReference ? ` · Reference ${s.paymentReference}` : ''}
            {s.paidBy ? ` · Marked paid by ${s.paidBy}` : ''}. A paid statement never changes; later
            corrections go to the member’s next statement.
          </p>
        </Card>
      ) : null}

      <h3 className="mb-2 text-lg font-semibold text-slate-900">
        Lines <span className="text-sm font-normal text-slate-500">({totalLines})</span>
      </h3>
      <Table caption="Statement lines">
        <thead>
          <tr>
            <Th>Date (UTC)</Th>
            <Th>Line</Th>
            <Th>Offer</Th>
            <Th>Order ID</Th>
            <Th align="right">Sale amount</Th>
            <Th align="right">Commission</Th>
            <Th>Status</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.map((line) => {
            const what = line.orderId ? `commission for order ${line.orderId}` : 'commission';
            return (
              <tr key={`${line.kind}:${line.id}`}>
                <Td className="whitespace-nowrap">{dateTime.format(new Date(line.at))}</Td>
                <Td>
                  {line.kind === 'commission' ? 'Commission' : 'Adjustment'}
                  {line.note ? <div className="text-xs text-slate-500">{line.note}</div> : null}
                </Td>
                <Td>{line.offerName ?? '—'}</Td>
                <Td className="font-mono text-xs">{line.orderId ?? '—'}</Td>
                <Td align="right">
                  {line.saleMinor == null ? '—' : formatMoney(line.saleMinor, s.currency)}
                </Td>
                <Td
                  align="right"
                  className={`font-medium ${line.amountMinor < 0 ? 'text-red-700' : ''}`}
                >
                  {formatMoney(line.amountMinor, s.currency)}
                </Td>
                <Td>{lineStatusLabel(line.status)}</Td>
                <Td align="right">
                  {line.kind === 'commission' &&
                  s.status !== 'paid' &&
                  (line.status === 'approved' || line.status === 'pending') ? (
                    <RejectCommissionDialog conversionId={line.conversionId} label={what} />
                  ) : null}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <Pagination page={page} pageCount={pageCount} search={search.slice(1)} label="Line pages" />

      {payable ? (
        <Card className="mt-6">
          <Form method="post" aria-label="Mark this statement paid" noValidate>
            <h3 className="text-base font-semibold text-slate-900">Mark paid</h3>
            <p className="mb-4 mt-1 text-sm text-slate-600">
              Record the payment of {formatMoney(s.amountMinor, s.currency)} to {s.memberName}.{' '}
              {s.notifyPaid
                ? 'They are emailed once.'
                : 'They turned payment emails off, so no email is sent.'}
            </p>
            <input type="hidden" name="statementId" value={s.id} />
            {actionData && !actionData.ok && actionData.intent === 'mark-paid' ? (
              <div className="mb-4">
                <ErrorList errors={[actionData.formError]} />
              </div>
            ) : null}
            <MarkPaidFields
              idPrefix="statement"
              fieldErrors={
                actionData && !actionData.ok && actionData.intent === 'mark-paid'
                  ? actionData.fieldErrors
                  : undefined
              }
            />
            <div className="mt-4">
              <Button type="submit" disabled={navigation.state === 'submitting'}>
                Mark statement paid
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </>
  );
}
