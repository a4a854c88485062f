import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/ui/layout';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { listCreatorLinks, listCreatorOffers } from '~/creators/creator-links.server';
import { linkName } from '~/creators/creator-link-card';
import { CopyLinkButton } from '~/links/copy-link-button';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const [offers, links] = await Promise.all([
    listCreatorOffers(brand.id, member.id),
    listCreatorLinks(brand.id, member.id),
  ]);
  return {
    brand,
    name: member.name,
    offers: offers.map((offer) => {
      const own = links.filter((l) => l.offerId === offer.id);
      const main = own.find((l) => !l.deepLink) ?? own[0];
      return {
        id: offer.id,
        name: offer.name,
        status: offer.status,
        linkCount: own.length,
        main: main ? { url: main.url, name: linkName(main) } : null,
      };
    }),
  };
}

export default function CreatorDashboard() {
  const { brand, name, offers } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Hi {name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your {brand.name} links. Share them: every visit and purchase through them is credited to
          you.
        </p>
      </div>
      <section aria-labelledby="offers">
        <h2 id="offers" className="text-lg font-semibold">
          Your offers
        </h2>
        {offers.length === 0 ? (
          <div className="mt-3">
            <EmptyState title="No links yet">
              {brand.name} has not given you a tracking link yet. You will get an email when they
              do.
            </EmptyState>
          </div>
        ) : (
          <ul className="mt-3 space-y-3">
            {offers.map((offer) => (
              <li
                key={offer.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex items-start justify-between gap-3">
                  <h3 className="font-semibold break-words">
                    <Link
                      to={`/creator/${brand.id}/offers/${offer.id}`}
                      className="text-brand-700 hover:underline"
                    >
                      {offer.name}
                    </Link>
                  </h3>
                  {offer.status === 'paused' ? (
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                      Paused
                    </span>
                  ) : null}
                </div>
                {offer.main ? (
                  <div className="mt-2 flex items-center justify-between gap-3">
                    <code className="min-w-0 text-sm break-all text-slate-800">
                      {offer.main.url}
                    </code>
                    <CopyLinkButton value={offer.main.url} name={`Copy ${offer.main.name}`} />
                  </div>
                ) : null}
                <p className="mt-2 text-sm text-slate-600">
                  {offer.linkCount} link{offer.linkCount === 1 ? '' : 's'} ·{' '}
                  <Link
                    to={`/creator/${brand.id}/offers/${offer.id}`}
                    className="font-medium text-brand-700 underline"
                  >
                    Links, QR codes and deep links<span className="sr-only"> for {offer.name}</span>
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
