import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { buttonClass } from '~/components/ui/button';
import { PageHeader } from '~/components/ui/layout';
import { OffersTable } from '~/offers/offers-table';
import { listOfferSummaries } from '~/offers/summaries.server';

export const meta: MetaFunction = () => [{ title: 'Offers · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  return { offers: await listOfferSummaries(brand.id) };
}

export default function OffersIndex() {
  const { offers } = useLoaderData<typeof loader>();
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
        actions={offers.length ? newOffer : undefined}
      />
      <OffersTable offers={offers} />
    </>
  );
}
