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
import {
  encodeShown,
  markPaidFormSchema,
  periodLabel,
  rejectFormSchema,
  revalidateAfterRefusal,
} from '~/payouts/payouts-page-schemas';
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
  const { statementId: formStatement, shown, ...payment } = parsed.data;
  // The form pays this page's statement (with the member's other unpaid ones in its currency:
  // their net is what is owed); a form naming another statement is not found here.
  invariantResponse(
    formStatement === statementId && shown.some((s) => s.id === statementId),
    'Statement not found',
  );
  try {
    // The page says when the member has no PayPal address and starts at another method; PayPal
    // chosen here anyway is the brand's deliberate choice (decision 036).
    const result = await markPaidAndNotify(brand.id, user.id, shown, payment);
    const n = result.statements.length;
    const what = n === 1 ? 'Statement marked paid.' : `${n} statements marked paid (one payment).`;
    return {
      intent: 'mark-paid',
      ok: true as const,
      done:
        result.emailsQueued > 0
          ? `${what} The creator is emailed.`
          : `${what} The creator turned payment emails off, so none is sent.`,
    };
  } catch (error) {
    return payoutRefusal(error, 'mark-paid');
  }
}

export const shouldRevalidate = revalidateAfterRefusal;

type ActionData =
  | { intent: string; ok: true; done: string; conversionId?: string }
  | {
      intent: string;
      ok: false;
      formError: string;
      fieldErrors: Record<string, string[]>;
      conversionId?: string;
      code?: string;
    };

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function StatementPage() {
  const {
    statement: s,
    balance,
    lines,
    totalLines,
    page,
    pageCount,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const period = periodLabel(s.periodStart);
  const money = (minor: number) => formatMoney(minor, s.currency);
  // What Mark paid pays: the member's balance, the net of all their unpaid statements in this
  // currency (this one among them), due when the statements are open (decision 036).
  const netMinor = balance.reduce((sum, b) => sum + b.amountMinor, 0);
  const payable = s.status === 'open' && netMinor > 0;
  const others = balance.filter((b) => b.id !== s.id);
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
      {actionData && !actionData.ok && actionData.intent === 'mark-paid' && !payable ? (
        // The payment was refused and the statement is no longer payable (its figures changed):
        // the message stays in view with the new figures.
        <div className="mb-4">
          <ErrorList errors={[actionData.formError]} />
        </div>
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
          {netMinor < 0
            ? `Carried forward: ${s.memberName}’s unpaid balance in ${s.currency} is ${money(netMinor)} (clawbacks larger than what they earned since), so nothing is payable. It is taken from their next earnings.`
            : `Carried forward: ${s.memberName}’s unpaid balance in ${s.currency} is ${money(netMinor)}, ${netMinor === 0 ? 'nothing to pay' : `below your ${money(s.minimumMinor)} minimum payout`}, so this statement is not payable yet. It rolls on with the next ones.`}
          {others.length ? ` The balance is the net of ${balance.length} unpaid statements.` : ''}
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
          {s.payout && s.payout.statements > 1 ? (
            <p className="mt-1 text-sm text-slate-700">
              Settled by a payment of {money(s.payout.amountMinor)}: the net of{' '}
              {s.payout.statements} statements.
            </p>
          ) : null}
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
              Record the payment of {money(netMinor)} to {s.memberName}.{' '}
              {s.notifyPaid
                ? 'They are emailed once.'
                : 'They turned payment emails off, so no email is sent.'}
            </p>
            {others.length ? (
              <div className="mb-4 text-sm text-slate-700">
                <p>
                  That is {s.memberName}’s balance in {s.currency}: the net of their{' '}
                  {balance.length} unpaid statements, all marked paid together.
                </p>
                <ul aria-label="Statements this payment settles" className="mt-1 list-disc pl-5">
                  {balance.map((b) => (
                    <li key={b.id}>
                      {periodLabel(b.periodStart)}: {money(b.amountMinor)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {!s.hasPayoutEmail ? (
              <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                {s.memberName} has not given a PayPal address, so they are not in the PayPal file.
                Record how you paid them.
              </p>
            ) : null}
            <input type="hidden" name="statementId" value={s.id} />
            <input type="hidden" name="shown" value={encodeShown(balance)} />
            {actionData && !actionData.ok && actionData.intent === 'mark-paid' ? (
              <div className="mb-4">
                <ErrorList errors={[actionData.formError]} />
              </div>
            ) : null}
            <MarkPaidFields
              idPrefix="statement"
              defaultMethod={s.hasPayoutEmail ? undefined : 'bank_transfer'}
              methodHint={s.hasPayoutEmail ? undefined : 'No PayPal address given.'}
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
