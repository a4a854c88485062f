import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { Card, EmptyState, PageHeader } from '~/components/ui/layout';
import { listOfferSummaries } from '~/offers/summaries.server';

export const meta: MetaFunction = () => [{ title: 'Home · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand, user } = await requireBrandUser(request);
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
      {offers.length === 0 ? (
        <EmptyState
          title="No offers yet"
          action={
            <Link to="/brand/offers/new" className={buttonClass('primary')}>
              Create your first offer
            </Link>
          }
        >
          An offer is what your creators promote: a destination, a commission and tracking.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Offer
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  Links
                </th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  Clicks
                </th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  Conversions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {offers.map((offer) => (
                <tr key={offer.id}>
                  <td className="px-4 py-2.5 font-medium">
                    <Link
                      to={`/brand/offers/${offer.id}`}
                      className="text-brand-700 hover:underline"
                    >
                      {offer.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={offer.expired ? 'expired' : offer.status} />
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">
                    {number.format(offer.links)}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">
                    {number.format(offer.clicks)}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">
                    {number.format(offer.conversions)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
