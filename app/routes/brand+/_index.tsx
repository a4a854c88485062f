import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { Table, Td, Th } from '~/components/ui/table';
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
        <Table caption="Your offers">
          <thead>
            <tr>
              <Th>Offer</Th>
              <Th>Status</Th>
              <Th align="right">Links</Th>
              <Th align="right">Clicks</Th>
              <Th align="right">Conversions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {offers.map((offer) => (
              <tr key={offer.id}>
                <Td className="font-medium">
                  <Link to={`/brand/offers/${offer.id}`} className="text-brand-700 hover:underline">
                    {offer.name}
                  </Link>
                </Td>
                <Td>
                  <StatusBadge status={offer.expired ? 'expired' : offer.status} />
                </Td>
                <Td className="text-right tabular-nums">{number.format(offer.links)}</Td>
                <Td className="text-right tabular-nums">{number.format(offer.clicks)}</Td>
                <Td className="text-right tabular-nums">{number.format(offer.conversions)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
