import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { StatusBadge } from '~/components/status-badge';
import { buttonClass } from '~/components/ui/button';
import { Tabs } from '~/components/ui/tabs';
import { invariantResponse } from '~/http.server';
import { OfferPicture } from '~/offers/offer-icon';
import { getOffer } from '~/offers/offers.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offer.name ?? 'Offer'} · Offerlink` },
];

/**
 * The offer every tab shares. Child routes read it with
 * `useRouteLoaderData<typeof loader>('routes/brand+/offers.$offerId')`.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
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
      <p className="mb-2 text-sm">
        <Link to="/brand/offers" className="text-brand-700 hover:underline">
          ← Offers
        </Link>
      </p>
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
        <Form method="post" action={`${base}/status`}>
          <input type="hidden" name="status" value={paused ? 'active' : 'paused'} />
          <input type="hidden" name="redirectTo" value={location.pathname} />
          <button type="submit" className={buttonClass(paused ? 'primary' : 'secondary')}>
            {paused ? 'Resume offer' : 'Pause offer'}
          </button>
        </Form>
      </div>
      <Tabs
        label="Offer sections"
        tabs={[
          { to: base, label: 'Links', end: true },
          { to: `${base}/add-members`, label: 'Add members' },
          { to: `${base}/tracking`, label: 'Tracking setup' },
          { to: `${base}/edit`, label: 'Settings' },
        ]}
      />
      <Outlet />
    </>
  );
}
