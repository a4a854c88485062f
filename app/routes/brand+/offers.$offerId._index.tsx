import { randomUUID } from 'node:crypto';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { useSelection } from '~/components/use-selection';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { EmptyState } from '~/components/ui/layout';
import { Table, Th } from '~/components/ui/table';
import { invariantResponse } from '~/http.server';
import { CopyLinkButton } from '~/links/copy-link-button';
import { findOfferForLinks } from '~/links/generate-links.server';
import { formatMoney } from '~/money/money';
import { listOfferLinks, listOfferMembers } from '~/links/offer-links.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offer.name ?? 'Offer'} · Links · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  const offer = await findOfferForLinks(brand.id, params.offerId ?? '');
  invariantResponse(offer, 'Offer not found');
  const url = new URL(request.url);
  const q = url.searchParams.get('q')?.slice(0, 200) ?? '';
  const page = Number(url.searchParams.get('page') ?? '1') || 1;
  const [table, offerMembers] = await Promise.all([
    listOfferLinks(brand.id, offer.id, { page, q }),
    listOfferMembers(brand.id, offer.id),
  ]);
  return {
    offer: {
      id: offer.id,
      name: offer.name,
      currency: offer.currency,
      payoutOptions: offer.payoutOptions,
    },
    table,
    q,
    offerMembers,
    // A fresh id per rendering of the page: the same Email Members form sent twice sends once.
    emailRequestId: randomUUID(),
  };
}

const number = new Intl.NumberFormat('en-US');
const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

type ActionResult = { ok?: boolean; queued?: number; fieldErrors?: Record<string, string[]> };

export default function OfferLinks() {
  const { offer, table, q, offerMembers, emailRequestId } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const email = useFetcher<ActionResult>();
  const base = `/brand/offers/${offer.id}`;
  const selection = useSelection(table.rows.map((row) => row.id));
  const emailErrors = email.data?.fieldErrors;
  const sending = email.state !== 'idle';

  const addMembers = (
    <Link to={`${base}/add-members`} className={buttonClass('primary')}>
      Add members
    </Link>
  );

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Links</h2>
        {addMembers}
      </div>

      {table.total === 0 && !q ? (
        <EmptyState title="No links yet" action={addMembers}>
          Add members to this offer to generate their unique tracking links, then email them their
          links.
        </EmptyState>
      ) : (
        <>
          <div className="mb-3 flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
            <form method="get" className="flex gap-2" role="search">
              <label htmlFor="links-q" className="sr-only">
                Search links
              </label>
              <input
                id="links-q"
                name="q"
                type="search"
                defaultValue={q}
                placeholder="Search by member or code"
                className={`${inputClass} sm:w-72`}
              />
              <Button variant="secondary">Search</Button>
            </form>
            <email.Form
              method="post"
              action={`${base}/links/email`}
              id="email-form"
              className="flex flex-wrap items-center gap-2"
            >
              <input type="hidden" name="requestId" value={emailRequestId} />
              <Button
                name="scope"
                value="selected"
                variant="secondary"
                disabled={sending || selection.ids.length === 0}
              >
                Email selected ({selection.ids.length})
              </Button>
              <Button name="scope" value="all" disabled={sending}>
                {sending
                  ? 'Queuing…'
                  : q
                    ? 'Email all members'
                    : `Email all members (${number.format(table.total)})`}
              </Button>
            </email.Form>
          </div>
          <div aria-live="polite" className="mb-3">
            {searchParams.get('generated') !== null && email.state === 'idle' && !email.data ? (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
                {number.format(Number(searchParams.get('generated')) || 0)} new link
                {searchParams.get('generated') === '1' ? '' : 's'} generated. Email members to send
                them their links.
              </p>
            ) : null}
            {email.state === 'idle' && email.data?.ok ? (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
                {number.format(email.data.queued ?? 0)} email
                {email.data.queued === 1 ? '' : 's'} queued. Each member gets their link and a
                sign-in link to their dashboard; see them in the{' '}
                <Link to="/brand/outbox" className="font-semibold underline">
                  Outbox
                </Link>
                .
              </p>
            ) : null}
            <ErrorList
              errors={emailErrors?.linkId ?? emailErrors?.form ?? emailErrors?.requestId}
            />
          </div>

          {table.rows.length === 0 ? (
            <EmptyState title="No links match your search">
              <Link to="." className="text-brand-700 underline">
                Show all links
              </Link>
            </EmptyState>
          ) : (
            <Table caption={`Tracking links of ${offer.name}`}>
              <thead>
                <tr>
                  <Th dense>
                    <input
                      type="checkbox"
                      aria-label="Select all links on this page"
                      checked={selection.allSelected}
                      onChange={(e) => selection.toggleAll(e.target.checked)}
                    />
                  </Th>
                  <Th dense>Member</Th>
                  <Th dense>Link</Th>
                  <Th dense>Payout option</Th>
                  <Th dense align="right">
                    Clicks
                  </Th>
                  <Th dense align="right">
                    Conversions
                  </Th>
                  <Th dense align="right">
                    Earnings
                  </Th>
                  <Th dense>Last emailed</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {table.rows.map((row) => (
                  <tr key={row.id} className="align-top">
                    <td className="px-3 py-2.5">
                      <input
                        type="checkbox"
                        name="linkId"
                        value={row.id}
                        form="email-form"
                        aria-label={`Select ${row.memberName}’s link${row.deepLink ? ` to ${row.deepLink}` : ''}`}
                        checked={selection.isSelected(row.id)}
                        onChange={(e) => selection.toggle(row.id, e.target.checked)}
                      />
                    </td>
                    <td className="min-w-48 px-3 py-2.5">
                      <div className="font-medium text-slate-900">{row.memberName}</div>
                      <div className="text-xs text-slate-500">{row.memberEmail}</div>
                      <div className="text-xs text-slate-500">
                        Member id <code className="select-all">{row.memberId}</code>
                      </div>
                    </td>
                    <td className="min-w-64 px-3 py-2.5">
                      <code className="break-all text-slate-800" data-testid="link-url">
                        {row.url}
                      </code>
                      {row.deepLink ? (
                        <div className="mt-0.5 text-xs text-slate-500">
                          Deep link: <span className="break-all">{row.deepLink}</span>
                        </div>
                      ) : null}
                      <div className="mt-1.5 flex flex-wrap gap-1.5">
                        <CopyLinkButton value={row.url} />
                        <a
                          href={`${base}/links/${row.id}/qr/png`}
                          download
                          className="rounded-md px-2 py-1 text-xs font-semibold whitespace-nowrap text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50"
                          aria-label={`QR code PNG for ${row.memberName}’s link`}
                        >
                          QR PNG
                        </a>
                        <a
                          href={`${base}/links/${row.id}/qr/svg`}
                          download
                          className="rounded-md px-2 py-1 text-xs font-semibold whitespace-nowrap text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50"
                          aria-label={`QR code SVG for ${row.memberName}’s link`}
                        >
                          QR SVG
                        </a>
                      </div>
                    </td>
                    <td className="min-w-32 px-3 py-2.5">{row.payoutOption}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">
                      {number.format(row.clicks)}
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums">
                      {number.format(row.conversions)}
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums">
                      {formatMoney(row.earningsMinor, offer.currency)}
                    </td>
                    <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">
                      {row.lastEmailedAt ? (
                        `${dateTime.format(new Date(row.lastEmailedAt))} UTC`
                      ) : (
                        <span className="text-slate-400">Never</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <PageLinks page={table.page} pageCount={table.pageCount} search={searchParams} />
          <DeepLinkForm
            action={`${base}/links/deep-link`}
            members={offerMembers}
            payoutOptions={offer.payoutOptions}
          />
        </>
      )}
    </>
  );
}

function PageLinks({
  page,
  pageCount,
  search,
}: {
  page: number;
  pageCount: number;
  search: URLSearchParams;
}) {
  if (pageCount <= 1) return null;
  const to = (p: number) => {
    const params = new URLSearchParams(search);
    params.set('page', String(p));
    return `?${params}`;
  };
  const linkClass = 'rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-300';
  return (
    <nav aria-label="Link pages" className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link to={to(page - 1)} className={linkClass}>
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={to(page + 1)} className={linkClass}>
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

function DeepLinkForm({
  action,
  members,
  payoutOptions,
}: {
  action: string;
  members: { id: string; name: string; email: string }[];
  payoutOptions: { id: string; title: string; isDefault: boolean }[];
}) {
  const fetcher = useFetcher<ActionResult>();
  const errors = fetcher.data?.fieldErrors;
  const done = fetcher.state === 'idle' && fetcher.data?.ok;
  return (
    <section className="mt-8 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-base font-semibold">Add a deep link for a member</h2>
      <p className="mt-1 text-sm text-slate-600">
        A further link of theirs that opens a specific page of your site (the offer URL’s site or
        one of its additional domains).
      </p>
      <fetcher.Form
        method="post"
        action={action}
        className="mt-4 grid gap-4 md:grid-cols-[1fr_2fr_1fr_auto] md:items-start"
        key={done ? 'reset' : 'form'}
      >
        <div>
          <label htmlFor="dl-member" className="block text-sm font-medium text-slate-800">
            Member
          </label>
          <select
            id="dl-member"
            name="memberId"
            className={`${inputClass} mt-1`}
            aria-invalid={errors?.memberId ? true : undefined}
            defaultValue=""
          >
            <option value="" disabled>
              Choose a member
            </option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
          <ErrorList errors={errors?.memberId} />
        </div>
        <div>
          <label htmlFor="dl-url" className="block text-sm font-medium text-slate-800">
            Deep link URL
          </label>
          <input
            id="dl-url"
            name="deepLink"
            type="url"
            inputMode="url"
            placeholder="https://…"
            className={`${inputClass} mt-1`}
            aria-invalid={errors?.deepLink ? true : undefined}
          />
          <ErrorList errors={errors?.deepLink} />
        </div>
        <div>
          <label htmlFor="dl-payout" className="block text-sm font-medium text-slate-800">
            Payout option
          </label>
          <select
            id="dl-payout"
            name="payoutOptionId"
            className={`${inputClass} mt-1`}
            defaultValue={payoutOptions.find((o) => o.isDefault)?.id}
          >
            {payoutOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
          <ErrorList errors={errors?.payoutOptionId} />
        </div>
        <Button className="md:mt-6" disabled={fetcher.state !== 'idle'}>
          Create deep link
        </Button>
      </fetcher.Form>
      <div aria-live="polite">
        {done ? <p className="mt-3 text-sm text-green-800">Deep link created.</p> : null}
      </div>
    </section>
  );
}
