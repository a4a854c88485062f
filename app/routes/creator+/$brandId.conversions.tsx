import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { KeysetPagination } from '~/components/ui/pagination';
import { Button } from '~/components/ui/button';
import { inputClass } from '~/components/ui/field';
import { EmptyState } from '~/components/ui/layout';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import {
  creatorConversionFilter,
  listCreatorConversions,
} from '~/creators/creator-conversions.server';
import { listCreatorOffers } from '~/creators/creator-links.server';
import {
  CREATOR_CONVERSION_STATUSES,
  CREATOR_STATUS_HINTS,
  CREATOR_STATUS_LABELS,
  formatDayTime,
  rejectReasonLabel,
} from '~/creators/creator-money';
import { CreatorStatusBadge } from '~/creators/creator-status-badge';
import { formatDayLong } from '~/creators/earnings';
import { invariantResponse } from '~/http.server';
import { formatMoney } from '~/money/money';
import { periodLabel } from '~/payouts/payouts-page-schemas';

export const meta: MetaFunction = () => [{ title: 'Conversions · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const url = new URL(request.url);
  const filter = creatorConversionFilter(url.searchParams);
  const offers = await listCreatorOffers(brand.id, member.id);
  // Another creator's or another brand's offer reads as unknown.
  invariantResponse(
    !filter.offerId || offers.some((o) => o.id === filter.offerId),
    'Offer not found',
  );
  const after = url.searchParams.get('after');
  const page = await listCreatorConversions(brand.id, member.id, filter, after);
  return {
    brand,
    offers: offers.map((o) => ({ id: o.id, name: o.name })),
    filter,
    paged: Boolean(after),
    ...page,
  };
}

export default function CreatorConversions() {
  const { brand, offers, filter, rows, next, paged } = useLoaderData<typeof loader>();
  const base = `/creator/${brand.id}/conversions`;
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.offerId) query.set('offer', filter.offerId);
  const withAfter = (after: string) => {
    const q = new URLSearchParams(query);
    q.set('after', after);
    return `?${q}`;
  };
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Conversions</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every sale credited to you at {brand.name}, newest first: what it earned, where it stands,
          and why when it does not pay. Order references show their last characters only.
        </p>
      </div>

      <Form
        method="get"
        aria-label="Filter conversions"
        className="grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <label className="block text-sm font-medium text-slate-700">
          Status
          <select name="status" defaultValue={filter.status ?? ''} className={`mt-1 ${inputClass}`}>
            <option value="">Any status</option>
            {CREATOR_CONVERSION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CREATOR_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Offer
          <select name="offer" defaultValue={filter.offerId ?? ''} className={`mt-1 ${inputClass}`}>
            <option value="">Any offer</option>
            {offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" className="w-full sm:w-auto">
          Show conversions
        </Button>
      </Form>

      {rows.length === 0 ? (
        <EmptyState title={filter.status || filter.offerId ? 'None match' : 'No conversions yet'}>
          {filter.status || filter.offerId
            ? 'No conversions match this filter.'
            : 'When a shopper buys through one of your links, the sale shows here.'}
        </EmptyState>
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2" aria-label="Your conversions">
          {rows.map((c) => {
            const reason = rejectReasonLabel(c.rejectReason);
            return (
              <li
                key={c.id}
                aria-label={`Conversion ${c.orderRef ?? 'without order reference'}`}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-semibold break-words text-slate-900">
                      {c.offerName ?? 'Offer'}
                    </p>
                    <p className="text-sm text-slate-600">
                      <time dateTime={c.createdAt}>{formatDayTime(c.createdAt)} UTC</time>
                      {' · '}
                      <span>Order {c.orderRef ?? '—'}</span>
                    </p>
                  </div>
                  <CreatorStatusBadge status={c.status} />
                </div>
                <dl className="mt-3 grid max-w-md grid-cols-2 gap-2 text-sm">
                  <div>
                    <dt className="text-slate-500">Sale</dt>
                    <dd className="font-medium tabular-nums">
                      {c.saleMinor == null ? '—' : formatMoney(c.saleMinor, c.currency)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Your commission</dt>
                    <dd
                      className={`font-semibold tabular-nums ${
                        c.status === 'rejected' || c.status === 'reversed'
                          ? 'text-slate-500 line-through'
                          : 'text-slate-900'
                      }`}
                    >
                      {formatMoney(c.commissionMinor, c.currency)}
                    </dd>
                  </div>
                </dl>
                {c.status === 'pending' && c.clearsOn ? (
                  <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    Clears on <time dateTime={c.clearsOn}>{formatDayLong(c.clearsOn)}</time>
                    <span className="block text-xs text-amber-800">
                      After the holding period {brand.name} approves it and it goes into that
                      month’s statement.
                    </span>
                  </p>
                ) : null}
                {c.status === 'rejected' || c.status === 'reversed' ? (
                  <div className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
                    <p>
                      <span className="font-medium">
                        {c.status === 'rejected' ? 'Why it was rejected' : 'Why it was reversed'}:
                      </span>{' '}
                      {reason ?? (c.status === 'reversed' ? 'Refunded or cancelled' : '—')}
                    </p>
                    {c.note ? (
                      <p className="mt-1 break-words whitespace-pre-line">
                        <span className="font-medium">Note from {brand.name}:</span> {c.note}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                {(c.status === 'approved' || c.status === 'paid') && c.statementId ? (
                  <p className="mt-3 text-sm">
                    <Link
                      to={`/creator/${brand.id}/payments/${c.statementId}`}
                      className="font-medium text-brand-700 underline"
                    >
                      In the {periodLabel(c.statementPeriod!)} statement
                    </Link>
                  </p>
                ) : null}
                <p className="sr-only">{CREATOR_STATUS_HINTS[c.status]}</p>
              </li>
            );
          })}
        </ul>
      )}

      <KeysetPagination
        label="More conversions"
        first={paged ? (query.size ? `${base}?${query}` : base) : undefined}
        firstLabel="Newest"
        next={next ? withAfter(next) : undefined}
        nextLabel="Older conversions"
      />
    </div>
  );
}
