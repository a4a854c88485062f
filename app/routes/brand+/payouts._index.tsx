import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from '@remix-run/react';
import { RefreshWithoutScript, useRevalidateWhile } from '~/components/use-revalidate-while';
import { assertCan, requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { ErrorList } from '~/components/ui/field';
import { Card, EmptyState } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { useSelection } from '~/components/use-selection';
import { parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { formatMoney } from '~/money/money';
import { MarkPaidFields } from '~/payouts/mark-paid-fields';
import { markPaidAndNotify } from '~/payouts/mark-paid.server';
import { amountsDue, dueTotals } from '~/payouts/payouts-overview.server';
import { payoutRefusal, runRollupNow } from '~/payouts/payout-action.server';
import {
  balanceKey,
  encodeShown,
  markBalancesPaidFormSchema,
  periodLabel,
  revalidateAfterRefusal,
  shownOfBalance,
} from '~/payouts/payouts-page-schemas';
import { latestRollupRuns } from '~/payouts/rollup.server';
import { PayoutEmailBadge } from '~/payouts/statement-status-badge';

export const meta: MetaFunction = () => [{ title: 'Payouts · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1') || 1;
  const [totals, due, [run]] = await Promise.all([
    dueTotals(brand.id),
    amountsDue(brand.id, page),
    latestRollupRuns(brand.id, 1),
  ]);
  return {
    totals,
    due,
    run: run
      ? {
          status: run.status,
          step: run.step,
          approved: run.approvedCount,
          placed: run.linesPlacedCount,
          statements: run.statementsTouchedCount,
          error: run.error,
          queuedAt: run.queuedAt.toISOString(),
          finishedAt: run.finishedAt?.toISOString() ?? null,
        }
      : null,
  };
}

/**
 * "Run now" (queues the brand's payout rollup as a job; the page follows its progress), or
 * `intent=mark-paid`: the selected members' balances, each with the statements and totals the
 * page showed for it, with the payment's date, method and reference (decisions 036, 037).
 */
export async function action({ request }: ActionFunctionArgs) {
  // Two forms needing different rules (decision 042): the guard lets members in, the intent decides.
  const access = await requireBrandRole(request, 'read');
  const { brand, user } = access;
  const form = await request.formData();
  assertCan(access, form.get('intent') === 'mark-paid' ? 'payouts' : 'payoutsRefresh');
  if (form.get('intent') !== 'mark-paid') {
    await runRollupNow(brand.id, user.id);
    return { intent: 'run-now', queued: true };
  }
  const parsed = parseForm(markBalancesPaidFormSchema, form);
  if (!parsed.ok) {
    return badRequest({
      intent: 'mark-paid',
      ok: false as const,
      formError: parsed.fieldErrors.balance?.[0] ?? 'Check the payment details.',
      fieldErrors: parsed.fieldErrors,
    });
  }
  const { balance, ...payment } = parsed.data;
  const shown = [...new Set(balance)].map((key) => shownOfBalance(form, key));
  if (shown.some((s) => s === null)) {
    return badRequest({
      intent: 'mark-paid',
      ok: false as const,
      formError: 'Reload the page: the statements it showed for a member are missing.',
      fieldErrors: {},
    });
  }
  try {
    const result = await markPaidAndNotify(
      brand.id,
      user.id,
      shown.flatMap((list) => list ?? []),
      payment,
      // Members without a PayPal address were not in the PayPal file (decision 036).
      { paypalOnlyWithAddress: true },
    );
    const n = result.payouts.length;
    const emails = result.emailsQueued;
    return {
      intent: 'mark-paid',
      ok: true as const,
      done: `Marked ${n} ${n === 1 ? 'payment' : 'payments'} paid (${result.statements.length} ${
        result.statements.length === 1 ? 'statement' : 'statements'
      }). ${
        emails === 0
          ? 'No creator is emailed (they turned payment emails off).'
          : `${emails} ${emails === 1 ? 'creator is' : 'creators are'} emailed.`
      }`,
    };
  } catch (error) {
    return payoutRefusal(error, 'mark-paid');
  }
}

export const shouldRevalidate = revalidateAfterRefusal;

type ActionData =
  | { intent: 'run-now'; queued: true }
  | { intent: 'mark-paid'; ok: true; done: string }
  | { intent: 'mark-paid'; ok: false; formError: string; fieldErrors: Record<string, string[]> };

const time = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function RollupCard({ run }: { run: LoaderData['run'] }) {
  const navigation = useNavigation();
  const active = run?.status === 'queued' || run?.status === 'running';
  // While a run is queued or running, reload the figures every second to show its progress
  // (without JavaScript, the page every 2 s).
  useRevalidateWhile(active);
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST';
  let message: string;
  if (!run) message = 'The rollup has not run yet. It runs every hour.';
  else if (run.status === 'queued') message = 'Rollup queued: it starts in a moment…';
  else if (run.status === 'running') message = `Rollup running: ${run.step ?? 'working'}…`;
  else if (run.status === 'failed')
    message = `The last rollup failed${run.error ? `: ${run.error}` : ''}. It is retried automatically.`;
  else
    message = `Last rollup finished ${run.finishedAt ? time.format(new Date(run.finishedAt)) : ''} UTC: ${plural(run.approved, 'commission')} approved, ${plural(run.placed, 'line')} placed, ${plural(run.statements, 'statement')} updated.`;
  return (
    <Card className="mb-6">
      <RefreshWithoutScript active={active} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Payout rollup</h2>
          <p className="mt-1 text-sm text-slate-600">
            Approves commissions whose holding period has passed and builds each member’s monthly
            statements. It runs every hour; run it now to see the latest figures.
          </p>
          <p role="status" aria-live="polite" className="mt-2 text-sm font-medium text-slate-800">
            {message}
          </p>
        </div>
        <Form method="post" className="shrink-0">
          <Button
            type="submit"
            variant="secondary"
            className="whitespace-nowrap"
            disabled={submitting || active}
          >
            {active ? 'Rollup in progress' : 'Run now'}
          </Button>
        </Form>
      </div>
    </Card>
  );
}

/** A balance's state in words: due, below the minimum, or to recover from future earnings. */
function balanceNote(m: LoaderData['due']['members'][number]): string | null {
  if (m.payableMinor > 0) return null;
  if (m.carriedMinor < 0) return 'To recover from their next earnings';
  if (m.carriedMinor === 0) return 'Nothing to pay';
  return m.minimumMinor > 0
    ? `Below the ${formatMoney(m.minimumMinor, m.currency)} minimum`
    : 'Nothing to pay yet';
}

export default function PayoutsOverview() {
  const { totals, due, run } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const { search } = useLocation();
  const payableKeys = due.members
    .filter((m) => m.payableMinor > 0)
    .map((m) => balanceKey(m.memberId, m.currency));
  const selection = useSelection(payableKeys);
  const markPaid = actionData?.intent === 'mark-paid' ? actionData : null;
  const busy =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === 'mark-paid';
  return (
    <>
      <RollupCard run={run} />
      {totals.length ? (
        <ul
          aria-label="Totals by currency"
          className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          {totals.map((t) => (
            <li
              key={t.currency}
              className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
            >
              <p className="text-sm text-slate-600">Due now in {t.currency}</p>
              <p className="mt-1 text-2xl font-semibold text-slate-900">
                {formatMoney(t.payableMinor, t.currency)}
              </p>
              <p className="mt-1 text-xs text-slate-500">
                {formatMoney(t.carriedMinor, t.currency)} carried forward ·{' '}
                {t.toRecoverMinor < 0
                  ? `${formatMoney(t.toRecoverMinor, t.currency)} to recover · `
                  : ''}
                {plural(t.members, 'member')}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {markPaid?.ok ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 px-4 py-3 text-sm text-green-800 ring-1 ring-green-600/20"
        >
          {markPaid.done}
        </p>
      ) : null}
      {due.total === 0 ? (
        <EmptyState title="Nothing is due">
          Approved commissions appear here once the rollup has put them in statements.
        </EmptyState>
      ) : (
        <Form method="post" aria-label="Mark members paid" noValidate>
          <input type="hidden" name="intent" value="mark-paid" />
          <h2 className="mb-1 text-lg font-semibold text-slate-900">Amount due by member</h2>
          <p className="mb-2 text-sm text-slate-600">
            Each member’s balance in a currency is the net of all their unpaid statements: a
            clawback of a sale already paid lowers it, and a negative balance is taken from their
            next earnings.
          </p>
          <Table caption="Amount due by member">
            <thead>
              <tr>
                <Th className="w-10">
                  <input
                    type="checkbox"
                    aria-label="Select every member due on this page"
                    className="h-4 w-4 rounded border-slate-300"
                    checked={selection.allSelected}
                    disabled={payableKeys.length === 0}
                    onChange={(e) => selection.toggleAll(e.currentTarget.checked)}
                  />
                </Th>
                <Th>Member</Th>
                <Th>Payout email</Th>
                <Th>Currency</Th>
                <Th align="right">Due now</Th>
                <Th align="right">Carried forward</Th>
                <Th>Statements</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {due.members.map((m) => {
                const key = balanceKey(m.memberId, m.currency);
                const note = balanceNote(m);
                return (
                  <tr key={key}>
                    <Td>
                      {m.payableMinor > 0 ? (
                        <>
                          <input
                            type="checkbox"
                            name="balance"
                            value={key}
                            aria-label={`Select ${m.name} · ${m.currency} · ${formatMoney(m.payableMinor, m.currency)}`}
                            className="h-4 w-4 rounded border-slate-300"
                            checked={selection.isSelected(key)}
                            onChange={(e) => selection.toggle(key, e.currentTarget.checked)}
                          />
                          <input
                            type="hidden"
                            name={`shown:${key}`}
                            value={encodeShown(m.statements)}
                          />
                        </>
                      ) : null}
                    </Td>
                    <Td>
                      <div className="font-medium text-slate-900">{m.name}</div>
                      <div className="text-xs text-slate-500">{m.email}</div>
                    </Td>
                    <Td>
                      <PayoutEmailBadge given={m.hasPayoutEmail} />
                    </Td>
                    <Td>{m.currency}</Td>
                    <Td align="right" className="font-medium">
                      {formatMoney(m.payableMinor, m.currency)}
                    </Td>
                    <Td align="right" className="text-slate-600">
                      <div className={m.carriedMinor < 0 ? 'text-red-700' : undefined}>
                        {formatMoney(m.carriedMinor, m.currency)}
                      </div>
                      {note ? <div className="text-xs text-slate-500">{note}</div> : null}
                    </Td>
                    <Td>
                      <Link
                        to={`/brand/payouts/statements?member=${m.memberId}`}
                        className="font-medium text-brand-700 hover:underline"
                        aria-label={`${m.name}’s statements`}
                      >
                        View statements
                      </Link>
                      {m.statements.length > 1 ? (
                        <div className="text-xs text-slate-500">
                          Net of{' '}
                          {m.statements
                            .map(
                              (st) =>
                                `${periodLabel(st.periodStart)} ${formatMoney(st.amountMinor, m.currency)}`,
                            )
                            .join(', ')}
                        </div>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination
            page={due.page}
            pageCount={due.pageCount}
            search={search.slice(1)}
            label="Amounts due pages"
          />
          {payableKeys.length ? (
            <Card className="mt-6">
              <h2 className="text-base font-semibold text-slate-900">Mark paid</h2>
              <p className="mb-4 mt-1 text-sm text-slate-600">
                Record a payment you made outside Offerlink to each selected member: their balance
                due now, which settles all their unpaid statements in that currency. A paid
                statement never changes again; each creator gets one email unless they turned it
                off. Members marked “Needs payout details” were not in the PayPal file.
              </p>
              {markPaid && !markPaid.ok ? (
                <div className="mb-4">
                  <ErrorList errors={[markPaid.formError]} />
                </div>
              ) : null}
              <MarkPaidFields
                idPrefix="bulk"
                fieldErrors={markPaid && !markPaid.ok ? markPaid.fieldErrors : undefined}
              />
              <div className="mt-4">
                <Button type="submit" disabled={busy}>
                  {selection.ids.length === 0
                    ? 'Mark selected members paid'
                    : `Mark ${selection.ids.length} ${selection.ids.length === 1 ? 'member' : 'members'} paid`}
                </Button>
              </div>
            </Card>
          ) : markPaid && !markPaid.ok ? (
            <div className="mt-4">
              <ErrorList errors={[markPaid.formError]} />
            </div>
          ) : null}
        </Form>
      )}
    </>
  );
}
