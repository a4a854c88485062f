import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { KeysetPagination } from '~/components/ui/pagination';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { formatDayTime, rejectReasonLabel } from '~/creators/creator-money';
import { getCreatorStatement } from '~/creators/creator-payments.server';
import { formatDayLong, minimumPayoutMessage } from '~/creators/earnings';
import { getCreatorEarnings } from '~/creators/earnings.server';
import { invariantResponse } from '~/http.server';
import { formatMoney } from '~/money/money';
import { periodLabel } from '~/payouts/payouts-page-schemas';
import { PAYMENT_METHOD_LABELS, lineStatusLabel, lineStatusOf } from '~/payouts/schemas';
import { StatementStatusBadge } from '~/payouts/statement-status-badge';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${periodLabel(data.statement.periodStart)} statement · Offerlink`
      : 'Statement · Offerlink',
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const after = new URL(request.url).searchParams.get('after');
  const found = await getCreatorStatement(brand.id, member.id, params.statementId ?? '', after);
  invariantResponse(found, 'Statement not found');
  const earnings =
    found.statement.status === 'carried_forward'
      ? await getCreatorEarnings(brand.id, member.id)
      : null;
  const owed = earnings?.due.find((d) => d.currency === found.statement.currency);
  const carried = owed ? minimumPayoutMessage(owed) : null;
  return { brand, ...found, carried, paged: Boolean(after) };
}

/** The page's words for a line's status (lineStatusOf: an approved line of a paid statement is paid). */
const lineStatus: Record<string, string> = {
  paid: 'Paid',
  approved: 'Approved',
  reversed: 'Reversed later',
  rejected: 'Rejected',
  pending: 'Pending',
  adjustment: 'Clawback',
};

export default function CreatorStatement() {
  const { brand, statement, lines, next, paged, carried } = useLoaderData<typeof loader>();
  const period = periodLabel(statement.periodStart);
  const money = (minor: number) => formatMoney(minor, statement.currency);
  const base = `/creator/${brand.id}/payments`;
  return (
    <div className="space-y-5">
      <div>
        <Link to={base} className="text-sm font-medium text-brand-700">
          ← Payments
        </Link>
        <div className="mt-2 flex items-start justify-between gap-3">
          <h1 className="text-2xl font-bold tracking-tight">{period} statement</h1>
          <StatementStatusBadge status={statement.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {brand.name} · {statement.currency}
        </p>
      </div>

      <section
        aria-label="Statement total"
        className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <p className="text-3xl font-bold tabular-nums">{money(statement.amountMinor)}</p>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-slate-500">Commissions</dt>
            <dd className="tabular-nums">{money(statement.commissionsMinor)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Adjustments</dt>
            <dd className="tabular-nums">{money(statement.adjustmentsMinor)}</dd>
          </div>
        </dl>
        {statement.status === 'paid' ? (
          <p className="mt-3 rounded-md bg-green-50 p-3 text-sm text-green-900">
            Paid on {formatDayLong(statement.paidOn!)}
            {statement.paymentMethod ? ` by ${PAYMENT_METHOD_LABELS[statement.paymentMethod]}` : ''}
            {statement.paymentReference ? (
              <span className="block break-all">Reference {statement.paymentReference}</span>
            ) : null}
          </p>
        ) : null}
        {statement.status === 'open' ? (
          <p className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            Due: {brand.name} pays it at their next payout.
          </p>
        ) : null}
        {statement.status === 'carried_forward' && carried ? (
          <p className="mt-3 rounded-md bg-slate-50 p-3 text-sm text-slate-800">
            Carried forward to a later payout: {carried}.
          </p>
        ) : null}
        <p className="mt-3 text-sm">
          <a
            href={`${base}/lines.csv?statement=${statement.id}`}
            download
            className="font-medium text-brand-700 underline"
          >
            Download this statement’s lines (CSV)
          </a>
        </p>
      </section>

      <section aria-labelledby="lines">
        <h2 id="lines" className="text-lg font-semibold">
          Lines
        </h2>
        {lines.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">This statement has no lines.</p>
        ) : (
          <ul className="mt-3 grid gap-3 lg:grid-cols-2" aria-label="Statement lines">
            {lines.map((line) => (
              <li
                key={line.id}
                aria-label={`${line.kind === 'adjustment' ? 'Clawback' : 'Commission'} ${line.orderRef ?? ''}`.trim()}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-semibold break-words">{line.offerName ?? 'Offer'}</p>
                    <p className="text-sm text-slate-600">
                      <time dateTime={line.at}>{formatDayTime(line.at)} UTC</time>
                      {' · '}Order {line.orderRef ?? '—'}
                    </p>
                  </div>
                  <p
                    className={`shrink-0 font-semibold tabular-nums ${line.amountMinor < 0 ? 'text-red-700' : ''}`}
                  >
                    {money(line.amountMinor)}
                  </p>
                </div>
                <p className="mt-2 text-sm text-slate-700">
                  {line.kind === 'adjustment' ? (
                    <span className="font-medium">Clawback</span>
                  ) : (
                    <>
                      {line.saleMinor == null ? null : <>Sale {money(line.saleMinor)} · </>}
                      <span className="font-medium">
                        {lineStatus[lineStatusOf(line.status, statement.status)] ??
                          lineStatusLabel(line.status)}
                      </span>
                    </>
                  )}
                  {rejectReasonLabel(line.rejectReason) ? (
                    <> · {rejectReasonLabel(line.rejectReason)}</>
                  ) : null}
                </p>
                {line.note ? (
                  <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-600">
                    {line.note}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <KeysetPagination
          label="More lines"
          first={paged ? '?' : undefined}
          firstLabel="First lines"
          next={next ? `?after=${encodeURIComponent(next)}` : undefined}
          nextLabel="More lines"
          className="mt-3"
        />
      </section>
    </div>
  );
}
