import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { ReactNode } from 'react';
import { Form, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm';
import { Tabs } from '~/components/ui/tabs';
import { invariantResponse } from '~/http.server';
import { OfferPicture } from '~/offers/offer-icon';
import { getOffer, offerLinkCount } from '~/offers/offers.server';
import { BackLink } from '~/components/ui/layout';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offer.name ?? 'Offer'} · Offerlink` },
];

/**
 * The offer every tab shares. Child routes read it with
 * `useRouteLoaderData<typeof loader>('routes/brand+/offers.$offerId')`.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  return {
    offer: {
      id: offer.id,
      name: offer.name,
      status: offer.status,
      expired: offer.expired,
      imageId: offer.imageId,
      icon: offer.icon,
      currency: offer.currency,
      offerUrl: offer.offerUrl,
      trackingMethod: offer.trackingMethod,
      allowCreatorDeepLinks: offer.allowCreatorDeepLinks,
      additionalDomains: offer.additionalDomains,
      endsAt: offer.endsAt ? offer.endsAt.toISOString() : null,
      archivedAt: offer.archivedAt ? offer.archivedAt.toISOString() : null,
      linkCount: await offerLinkCount(brand.id, offer.id),
      payoutOptions: offer.payouts.map((p) => ({
        id: p.id,
        title: p.title,
        type: p.type,
        percent: p.percent,
        amountMinor: p.amountMinor,
        isDefault: p.isDefault,
      })),
    },
  };
}

export type OfferLayoutData = Awaited<ReturnType<typeof loader>>;
export const OFFER_LAYOUT_ROUTE_ID = 'routes/brand+/offers.$offerId';

export default function OfferLayout() {
  const { offer } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = `/brand/offers/${offer.id}`;
  const paused = offer.status === 'paused';
  return (
    <>
      <BackLink to="/brand/offers">Offers</BackLink>
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-3">
          <OfferPicture imageId={offer.imageId} icon={offer.icon} className="h-12 w-12" />
          <div className="min-w-0">
            <h1 className="truncate text-2xl font-bold tracking-tight text-slate-900">
              {offer.name}
            </h1>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <StatusBadge status={offer.expired ? 'expired' : offer.status} />
              {offer.expired ? (
                <span>The end date has passed: links redirect, conversions are rejected.</span>
              ) : paused ? (
                <span>Paused: links redirect, conversions are rejected.</span>
              ) : null}
            </div>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Form method="post" action={`${base}/status`}>
            <input type="hidden" name="status" value={paused ? 'active' : 'paused'} />
            <input type="hidden" name="redirectTo" value={location.pathname} />
            <button type="submit" className={buttonClass(paused ? 'primary' : 'secondary')}>
              {paused ? 'Resume offer' : 'Pause offer'}
            </button>
          </Form>
          <RemoveOfferControl offer={offer} action={`${base}/remove`} />
        </div>
      </div>
      {offer.archivedAt ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Archived on {dateFormat.format(new Date(offer.archivedAt))}: hidden from your offers list.
          Its tracking links keep redirecting and tracking; its conversions and statements are kept.
        </p>
      ) : null}
      <Tabs
        label="Offer sections"
        tabs={[
          { to: base, label: 'Links', end: true },
          // An archived offer takes no members (its Links tab says so).
          ...(offer.archivedAt ? [] : [{ to: `${base}/add-members`, label: 'Add members' }]),
          { to: `${base}/promo-codes`, label: 'Promo codes' },
          { to: `${base}/tracking`, label: 'Tracking setup' },
          { to: `${base}/edit`, label: 'Settings' },
        ]}
      />
      <Outlet />
    </>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * Restore for an archived offer; otherwise Archive (it has tracking links, so conversions may
 * come) or Delete (no links: deleted, unless conversions were added for it by hand, when the
 * server archives it instead), each after a confirmation.
 */
function RemoveOfferControl({
  offer,
  action,
}: {
  offer: { name: string; archivedAt: string | null; linkCount: number };
  action: string;
}) {
  const form = (button: ReactNode) => (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value="remove" />
      {button}
    </Form>
  );
  if (offer.archivedAt) {
    return (
      <Form method="post" action={action}>
        <input type="hidden" name="intent" value="restore" />
        <button type="submit" className={buttonClass('secondary')}>
          Restore offer
        </button>
      </Form>
    );
  }
  if (offer.linkCount > 0) {
    const links = `${offer.linkCount.toLocaleString('en-US')} tracking ${offer.linkCount === 1 ? 'link' : 'links'}`;
    return (
      <ConfirmDialog
        trigger="Archive offer"
        title={`Archive ${offer.name}?`}
        confirmLabel="Archive offer"
        form={form}
      >
        {`It has ${links}, so it is archived, not deleted: it leaves your offers list, its links keep redirecting and tracking, and its conversions and statements are kept. You can restore it later.`}
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      trigger="Delete offer"
      title={`Delete ${offer.name}?`}
      confirmLabel="Delete offer"
      form={form}
    >
      It has no tracking links, so it is deleted with its payout options. This cannot be undone. (If
      conversions were added for it by hand, it is archived instead.)
    </ConfirmDialog>
  );
}
