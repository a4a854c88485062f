import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useRevalidateWhile } from '~/components/use-revalidate-while';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { Card, EmptyState } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { Table, Td, Th } from '~/components/ui/table';
import { formatMoney } from '~/money/money';
import { amountsDue, dueTotals } from '~/payouts/payouts-overview.server';
import { runRollupNow } from '~/payouts/payout-action.server';
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

/** "Run now": queues the brand's payout rollup as a job; the page follows its progress. */
export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'payoutsRefresh');
  await runRollupNow(brand.id, user.id);
  return { queued: true };
}

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
  // While a run is queued or running, reload the figures every second to show its progress.
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

export default function PayoutsOverview() {
  const { totals, due, run } = useLoaderData<typeof loader>();
  const { search } = useLocation();
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
                {plural(t.members, 'member')}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {due.total === 0 ? (
        <EmptyState title="Nothing is due">
          Approved commissions appear here once the rollup has put them in statements.
        </EmptyState>
      ) : (
        <>
          <h2 className="mb-2 text-lg font-semibold text-slate-900">Amount due by member</h2>
          <Table caption="Amount due by member">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th>Payout email</Th>
                <Th>Currency</Th>
                <Th align="right">Due now</Th>
                <Th align="right">Carried forward</Th>
                <Th>Statements</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {due.members.map((m) => (
                <tr key={`${m.memberId}:${m.currency}`}>
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
                    {formatMoney(m.carriedMinor, m.currency)}
                  </Td>
                  <Td>
                    <Link
                      to={`/brand/payouts/statements?member=${m.memberId}`}
                      className="font-medium text-brand-700 hover:underline"
                      aria-label={`${m.name}’s statements`}
                    >
                      View statements
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            page={due.page}
            pageCount={due.pageCount}
            search={search.slice(1)}
            label="Amounts due pages"
          />
        </>
      )}
    </>
  );
}
