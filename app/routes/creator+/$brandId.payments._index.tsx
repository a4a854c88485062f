import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { KeysetPagination } from '~/components/ui/pagination';
import { EmptyState } from '~/components/ui/layout';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { listCreatorStatements } from '~/creators/creator-payments.server';
import { formatDayLong, minimumPayoutMessage } from '~/creators/earnings';
import { getCreatorEarnings } from '~/creators/earnings.server';
import { getPayoutSettings } from '~/creators/payout-settings.server';
import { formatMoney } from '~/money/money';
import { periodLabel } from '~/payouts/payouts-page-schemas';
import { PAYMENT_METHOD_LABELS } from '~/payouts/schemas';
import { StatementStatusBadge } from '~/payouts/statement-status-badge';

export const meta: MetaFunction = () => [{ title: 'Payments · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const after = new URL(request.url).searchParams.get('after');
  const [earnings, page, settings] = await Promise.all([
    getCreatorEarnings(brand.id, member.id),
    listCreatorStatements(brand.id, member.id, after),
    getPayoutSettings(member.id),
  ]);
  return {
    brand,
    due: earnings.due,
    hasPayoutEmail: Boolean(settings.payoutEmail),
    paged: Boolean(after),
    ...page,
  };
}

export default function CreatorPayments() {
  const { brand, due, hasPayoutEmail, statements, next, paged } = useLoaderData<typeof loader>();
  const base = `/creator/${brand.id}/payments`;
  const dueIn = (currency: string) => due.find((d) => d.currency === currency);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Payments</h1>
        <p className="mt-1 text-sm text-slate-600">
          {brand.name} puts your approved commissions into one statement a month and pays the
          statements that are due.
        </p>
      </div>

      <section aria-labelledby="due" className="space-y-3">
        <h2 id="due" className="text-lg font-semibold">
          Amount due
        </h2>
        {due.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing is waiting to be paid.</p>
        ) : (
          <ul className="space-y-3">
            {due.map((d) => (
              <li
                key={d.currency}
                aria-label={`Amount due in ${d.currency}`}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <p className="text-2xl font-bold tabular-nums">
                  {formatMoney(d.dueMinor, d.currency)}
                  <span className="ml-2 text-sm font-normal text-slate-500">{d.currency}</span>
                </p>
                <p
                  className={`mt-1 text-sm ${d.reachesMinimum ? 'text-green-800' : 'text-slate-700'}`}
                >
                  {minimumPayoutMessage(d)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {!hasPayoutEmail ? (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            Paid by PayPal? Add your PayPal email in your{' '}
            <Link to={`/creator/${brand.id}/settings`} className="font-medium underline">
              settings
            </Link>{' '}
            so nothing holds up your payment.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="history" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <h2 id="history" className="text-lg font-semibold">
            Payment history
          </h2>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <a
              href={`${base}/statements.csv`}
              download
              className="font-medium text-brand-700 underline"
            >
              Download statements (CSV)
            </a>
            <a href={`${base}/lines.csv`} download className="font-medium text-brand-700 underline">
              Download statement lines (CSV)
            </a>
          </div>
        </div>
        {statements.length === 0 ? (
          <EmptyState title="No statements yet">
            Your first statement appears once a commission is approved (after its holding period).
          </EmptyState>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2" aria-label="Statements">
            {statements.map((s) => {
              const period = periodLabel(s.periodStart);
              const owed = dueIn(s.currency);
              return (
                <li
                  key={s.id}
                  aria-label={`Statement ${period} ${s.currency}`}
                  className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                >
                  <div className="flex items-start justify-between gap-3">
                    <div>
                      <h3 className="font-semibold">
                        <Link to={`${base}/${s.id}`} className="text-brand-700 hover:underline">
                          {period}
                          <span className="sr-only"> statement, {s.currency}</span>
                        </Link>
                      </h3>
                      <p className="text-xl font-bold tabular-nums">
                        {formatMoney(s.amountMinor, s.currency)}
                        <span className="ml-1.5 text-xs font-normal text-slate-500">
                          {s.currency}
                        </span>
                      </p>
                    </div>
                    <StatementStatusBadge status={s.status} />
                  </div>
                  {s.status === 'paid' ? (
                    <p className="mt-2 text-sm text-slate-700">
                      Paid on {formatDayLong(s.paidOn!)}
                      {s.paymentMethod ? ` by ${PAYMENT_METHOD_LABELS[s.paymentMethod]}` : ''}
                      {s.paymentReference ? (
                        <span className="block break-all text-slate-600">
                          Reference {s.paymentReference}
                        </span>
                      ) : null}
                    </p>
                  ) : null}
                  {s.status === 'carried_forward' && owed ? (
                    <p className="mt-2 text-sm text-slate-700">
                      Carried forward to a later payout: {minimumPayoutMessage(owed)}.
                    </p>
                  ) : null}
                  {s.status === 'open' ? (
                    <p className="mt-2 text-sm text-slate-700">
                      Due: {brand.name} pays it at their next payout.
                    </p>
                  ) : null}
                  <p className="mt-2 text-sm">
                    <Link to={`${base}/${s.id}`} className="font-medium text-brand-700 underline">
                      {s.lines} line{s.lines === 1 ? '' : 's'}
                      <span className="sr-only">
                        {' '}
                        of the {period} {s.currency} statement
                      </span>
                    </Link>
                  </p>
                </li>
              );
            })}
          </ul>
        )}
        <KeysetPagination
          label="More statements"
          first={paged ? base : undefined}
          firstLabel="Newest"
          next={next ? `?after=${encodeURIComponent(next)}` : undefined}
          nextLabel="Older statements"
        />
      </section>
    </div>
  );
}
