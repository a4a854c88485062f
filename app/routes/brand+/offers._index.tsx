import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { EmptyState, PageHeader } from '~/components/ui/layout';
import { Td, Th } from '~/components/ui/table';
import { OfferPicture } from '~/offers/offer-icon';
import { CONVERSION_TYPES } from '~/offers/schemas';
import { listOfferSummaries } from '~/offers/summaries.server';

export const meta: MetaFunction = () => [{ title: 'Offers · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  return { offers: await listOfferSummaries(brand.id) };
}

const number = new Intl.NumberFormat('en-US');
const conversionLabel = (value: string) =>
  CONVERSION_TYPES.find((t) => t.value === value)?.label ?? value;

/** An instant shown in the viewer's locale; the server render uses UTC until hydration. */
function EndDate({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-slate-500">No end date</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {typeof window === 'undefined'
        ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
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
      {offers.length === 0 ? (
        <EmptyState
          title="No offers yet"
          action={
            <Link to="/brand/offers/new" className={buttonClass('primary')}>
              Create your first offer
            </Link>
          }
        >
          Create an offer, then add members to give each of them a tracking link.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Your offers</caption>
            <thead className="bg-slate-50">
              <tr>
                <Th>Offer</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">Conversion</Th>
                <Th className="hidden md:table-cell">Ends</Th>
                <Th align="right">Links</Th>
                <Th align="right">Clicks</Th>
                <Th align="right">Conversions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {offers.map((offer) => (
                <tr key={offer.id}>
                  <Td>
                    <div className="flex items-center gap-3">
                      <OfferPicture imageId={offer.imageId} icon={offer.icon} className="h-8 w-8" />
                      <Link
                        to={`/brand/offers/${offer.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {offer.name}
                      </Link>
                    </div>
                  </Td>
                  <Td>
                    <StatusBadge status={offer.expired ? 'expired' : offer.status} />
                  </Td>
                  <Td className="hidden md:table-cell">{conversionLabel(offer.conversionType)}</Td>
                  <Td className="hidden md:table-cell">
                    <EndDate iso={offer.endsAt ? new Date(offer.endsAt).toISOString() : null} />
                  </Td>
                  <Td className="text-right tabular-nums">{number.format(offer.links)}</Td>
                  <Td className="text-right tabular-nums">{number.format(offer.clicks)}</Td>
                  <Td className="text-right tabular-nums">{number.format(offer.conversions)}</Td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
