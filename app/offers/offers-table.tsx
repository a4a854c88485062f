import { Link } from '@remix-run/react';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { OfferPicture } from './offer-icon';
import { CONVERSION_TYPES } from './options';
import type { OfferSummary } from './summaries.server';

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

type OfferRow = Omit<OfferSummary, 'endsAt' | 'archivedAt'> & {
  endsAt: string | Date | null;
  archivedAt: string | Date | null;
};

/** The brand's offers with their figures (home page and offers list), or a first-offer prompt. */
export function OffersTable({ offers }: { offers: OfferRow[] }) {
  if (offers.length === 0) {
    return (
      <EmptyState
        title="No offers yet"
        action={
          <Link to="/brand/offers/new" className={buttonClass('primary')}>
            Create your first offer
          </Link>
        }
      >
        An offer is what your creators promote: a destination, a commission and tracking. Create
        one, then add members to give each of them a tracking link.
      </EmptyState>
    );
  }
  return (
    <Table caption="Your offers">
      <thead>
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
              <StatusBadge
                status={offer.archivedAt ? 'archived' : offer.expired ? 'expired' : offer.status}
              />
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
    </Table>
  );
}
