import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { Card, PageHeader } from '~/components/ui/layout';
import { OffersTable } from '~/offers/offers-table';
import { listOfferSummaries } from '~/offers/summaries.server';

export const meta: MetaFunction = () => [{ title: 'Home · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'read');
  return { brandName: brand.name, userName: user.name, offers: await listOfferSummaries(brand.id) };
}

const number = new Intl.NumberFormat('en-US');

export default function BrandHome() {
  const { brandName, userName, offers } = useLoaderData<typeof loader>();
  const totals = offers.reduce(
    (sum, offer) => ({
      links: sum.links + offer.links,
      clicks: sum.clicks + offer.clicks,
      conversions: sum.conversions + offer.conversions,
    }),
    { links: 0, clicks: 0, conversions: 0 },
  );
  return (
    <>
      <PageHeader
        title={`Welcome, ${userName}`}
        description={`${brandName}: your offers and how they perform.`}
        actions={
          <Link to="/brand/offers/new" className={buttonClass('primary')}>
            New offer
          </Link>
        }
      />
      <dl className="mb-8 grid grid-cols-1 gap-4 sm:grid-cols-3">
        {(
          [
            ['Tracking links', totals.links],
            ['Clicks', totals.clicks],
            ['Conversions', totals.conversions],
          ] as const
        ).map(([label, value]) => (
          <Card key={label}>
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold">{number.format(value)}</dd>
          </Card>
        ))}
      </dl>
      <h2 className="mb-3 text-lg font-semibold">Offers</h2>
      <OffersTable offers={offers} />
    </>
  );
}
