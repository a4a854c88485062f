import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { PageHeader } from '~/components/ui/layout';
import { OffersTable } from '~/offers/offers-table';
import { listOfferSummaries } from '~/offers/summaries.server';

export const meta: MetaFunction = () => [{ title: 'Offers · Offerlink' }];

/** The brand's offers; archived ones too with `?archived=1` ("Show archived"). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const params = new URL(request.url).searchParams;
  const showArchived = params.get('archived') === '1';
  const offers = await listOfferSummaries(brand.id, { archived: true });
  return {
    offers: showArchived ? offers : offers.filter((o) => !o.archivedAt),
    archivedCount: offers.filter((o) => o.archivedAt).length,
    showArchived,
    deleted: params.get('deleted') === '1',
  };
}

export default function OffersIndex() {
  const { offers, archivedCount, showArchived, deleted } = useLoaderData<typeof loader>();
  const newOffer = (
    <Link to="/brand/offers/new" className={buttonClass('primary')}>
      New offer
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Offers"
        description="What your creators promote: a destination, a commission and how conversions are tracked."
        actions={offers.length || archivedCount ? newOffer : undefined}
      />
      {deleted ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          The offer was deleted.
        </p>
      ) : null}
      {archivedCount > 0 ? (
        <p className="mb-3 text-sm">
          <Link
            to={showArchived ? '/brand/offers' : '/brand/offers?archived=1'}
            className="font-medium text-brand-700 hover:underline"
          >
            {showArchived
              ? 'Hide archived'
              : `Show archived (${archivedCount.toLocaleString('en-US')})`}
          </Link>
        </p>
      ) : null}
      {offers.length === 0 && archivedCount > 0 ? (
        <p className="text-slate-600">Every offer is archived.</p>
      ) : (
        <OffersTable offers={offers} />
      )}
    </>
  );
}
