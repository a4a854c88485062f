import { randomUUID } from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { useHydrated } from '~/components/use-hydrated';
import { useSelection } from '~/components/use-selection';
import { Button, buttonClass } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';
import { EmptyState } from '~/components/ui/layout';
import { Pagination } from '~/components/ui/pagination';
import { parseForm } from '~/forms/parse-form';
import { badRequest, invariantResponse } from '~/http.server';
import { DeepLinkForm, type DeepLinkResult } from '~/links/deep-link-form';
import { ARCHIVED_OFFER_NOTE } from '~/links/archived-refusals';
import { findOfferForLinks } from '~/links/generate-links.server';
import { queueLinkEmails } from '~/links/email-links.server';
import { createDeepLink, listOfferLinks, listOfferMembers } from '~/links/offer-links.server';
import { deepLinkSchema, emailLinksSchema } from '~/links/schemas';
import { OfferLinksTable } from '~/links/offer-links-table';
import { recentFigures } from '~/reporting/dashboard.server';
import { FigureCards } from '~/reporting/figure-cards';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offer.name ?? 'Offer'} · Links · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const offer = await findOfferForLinks(brand.id, params.offerId ?? '');
  invariantResponse(offer, 'Offer not found');
  const url = new URL(request.url);
  const q = url.searchParams.get('q')?.slice(0, 200) ?? '';
  const page = Number(url.searchParams.get('page') ?? '1') || 1;
  const [table, offerMembers, figures] = await Promise.all([
    listOfferLinks(brand.id, offer.id, { page, q }),
    listOfferMembers(brand.id, offer.id),
    recentFigures(brand.id, { offer: offer.id }),
  ]);
  return {
    offer: {
      id: offer.id,
      name: offer.name,
      currency: offer.currency,
      archived: offer.archived,
      payoutOptions: offer.payoutOptions,
    },
    table,
    q,
    offerMembers,
    figures,
    // A fresh id per rendering of the page: the same Email Members form sent twice sends once.
    emailRequestId: randomUUID(),
  };
}

/**
 * The page's two forms, told apart by `intent`: Email Members (queues one email per link, all or
 * the selected ones) and a deep link on a member's behalf. Both are sent by a fetcher once the
 * page is hydrated, and as ordinary form posts before (the page shows the result either way).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'links');
  const form = await request.formData();
  const offerId = params.offerId ?? '';
  const intent = form.get('intent');
  if (intent === 'email') {
    const parsed = parseForm(emailLinksSchema, form);
    if (!parsed.ok) return badRequest({ intent, fieldErrors: parsed.fieldErrors });
    const result = await queueLinkEmails(brand.id, offerId, {
      requestId: parsed.data.requestId,
      scope: parsed.data.scope,
      linkIds: parsed.data.linkId,
    });
    invariantResponse(result, 'Offer or link not found');
    return { intent, ok: true as const, queued: result.queued };
  }
  if (intent === 'deep-link') {
    const parsed = parseForm(deepLinkSchema, form);
    if (!parsed.ok) return badRequest({ intent, fieldErrors: parsed.fieldErrors });
    const result = await createDeepLink(brand.id, offerId, parsed.data);
    invariantResponse(result, 'Offer not found');
    if (!result.ok) return badRequest({ intent, fieldErrors: result.fieldErrors });
    return { intent, ok: true as const, linkId: result.linkId, created: result.created };
  }
  return badRequest({ intent: null, fieldErrors: { form: ['Unknown action.'] } });
}

const number = new Intl.NumberFormat('en-US');

type ActionResult = {
  intent: string | null;
  ok?: boolean;
  queued?: number;
  fieldErrors?: Record<string, string[]>;
};

export default function OfferLinks() {
  const { offer, table, q, offerMembers, emailRequestId, figures } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const email = useFetcher<ActionResult>();
  // Before hydration the forms are ordinary posts: their result is the page's action data.
  const posted = useActionData<ActionResult>();
  const emailResult = email.data ?? (posted?.intent === 'email' ? posted : undefined);
  const deepLinkResult = posted?.intent === 'deep-link' ? (posted as DeepLinkResult) : undefined;
  const hydrated = useHydrated();
  const base = `/brand/offers/${offer.id}`;
  const selection = useSelection(table.rows.map((row) => row.id));
  const emailErrors = emailResult?.fieldErrors;
  const sending = email.state !== 'idle';

  // An archived offer's links keep working, but it gets no new ones: a note instead of the actions.
  const addMembers = offer.archived ? (
    <p role="note" className="text-sm text-amber-900">
      {ARCHIVED_OFFER_NOTE}
    </p>
  ) : (
    <Link to={`${base}/add-members`} className={buttonClass('primary')}>
      Add members
    </Link>
  );

  return (
    <>
      <section aria-labelledby="offer-figures-title" className="mb-8">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="offer-figures-title" className="text-lg font-semibold">
            Last 30 days
          </h2>
          <Link
            to={`/brand/reports?period=30d&offer=${offer.id}&by=member`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Open this offer in Reports
          </Link>
        </div>
        <FigureCards
          totals={figures.totals}
          previous={figures.previousTotals}
          previousLabel="the 30 days before"
          currency={offer.currency}
        />
      </section>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Links</h2>
        {addMembers}
      </div>

      {table.total === 0 && !q ? (
        <EmptyState title="No links yet" action={offer.archived ? undefined : addMembers}>
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
              action={`${base}?index`}
              id="email-form"
              className="flex flex-wrap items-center gap-2"
            >
              <input type="hidden" name="intent" value="email" />
              <input type="hidden" name="requestId" value={emailRequestId} />
              {/* Before hydration the count cannot follow the checkboxes: the button stays
                  enabled, and the server answers an empty selection with its message. */}
              <Button
                name="scope"
                value="selected"
                variant="secondary"
                disabled={sending || (hydrated && selection.ids.length === 0)}
              >
                {hydrated ? `Email selected (${selection.ids.length})` : 'Email selected'}
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
            {searchParams.get('generated') !== null && email.state === 'idle' && !emailResult ? (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
                {number.format(Number(searchParams.get('generated')) || 0)} new link
                {searchParams.get('generated') === '1' ? '' : 's'} generated. Email members to send
                them their links.
              </p>
            ) : null}
            {email.state === 'idle' && emailResult?.ok ? (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
                {number.format(emailResult.queued ?? 0)} email
                {emailResult.queued === 1 ? '' : 's'} queued. Each member gets their link and a
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
            <OfferLinksTable
              offerName={offer.name}
              currency={offer.currency}
              base={base}
              rows={table.rows}
              selection={selection}
            />
          )}
          <Pagination
            page={table.page}
            pageCount={table.pageCount}
            search={searchParams.toString()}
            label="Link pages"
          />
          {offer.archived ? null : (
            <DeepLinkForm
              action={`${base}?index`}
              posted={deepLinkResult}
              members={offerMembers}
              payoutOptions={offer.payoutOptions}
            />
          )}
        </>
      )}
    </>
  );
}
