import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/ui/layout';
import { requireCreatorBrand } from '~/creators/creator-auth.server';
import { loadCreatorFigures, parseCreatorPeriod } from '~/creators/creator-dashboard.server';
import { CreatorPeriodFigures, EarningsStanding, LinkFigures } from '~/creators/creator-figures';
import { listCreatorOffers } from '~/creators/creator-links.server';
import { linkName } from '~/creators/creator-link-card';
import { CopyLinkButton } from '~/links/copy-link-button';
import { emptyFigures, formatMoneyByCurrency, moneySortValue } from '~/reporting/figures';
import { formatPeriod } from '~/reporting/period-picker';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Offerlink' }];

const number = new Intl.NumberFormat('en-US');
const count = (n: number, noun: string) => `${number.format(n)} ${noun}${n === 1 ? '' : 's'}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, member } = await requireCreatorBrand(request, params.brandId);
  const input = parseCreatorPeriod(new URL(request.url).searchParams);
  const [offers, { dashboard, links, earnings }] = await Promise.all([
    listCreatorOffers(brand.id, member.id),
    loadCreatorFigures(brand.id, member.id, input.query),
  ]);
  const offerFigures = new Map(dashboard.offers.map((o) => [o.key, o.figures]));
  const body = {
    brand,
    name: member.name,
    period: dashboard.period,
    timeZone: dashboard.timeZone,
    values: input.values,
    fieldErrors: input.fieldErrors,
    totals: dashboard.totals,
    series: dashboard.series,
    earnings,
    currency: offers[0]?.currency,
    offers: offers.map((offer) => {
      const own = links.filter((l) => l.offerId === offer.id);
      const main = own.find((l) => !l.deepLink) ?? own[0];
      return {
        id: offer.id,
        name: offer.name,
        status: offer.status,
        currency: offer.currency,
        linkCount: own.length,
        figures: offerFigures.get(offer.id) ?? emptyFigures(),
        main: main ? { url: main.url, name: linkName(main) } : null,
      };
    }),
    // Which link earns: most earnings first, then most clicks.
    links: links
      .map((l) => ({
        id: l.id,
        name: linkName(l),
        offerId: l.offerId,
        offerName: l.offerName,
        currency: l.offerCurrency,
        figures: l.figures,
      }))
      .sort(
        (a, b) =>
          moneySortValue(b.figures.commission) - moneySortValue(a.figures.commission) ||
          b.figures.clicks - a.figures.clicks,
      ),
  };
  return Object.keys(input.fieldErrors).length ? data(body, { status: 400 }) : body;
}

export default function CreatorDashboard() {
  const {
    brand,
    name,
    period,
    timeZone,
    values,
    fieldErrors,
    totals,
    series,
    earnings,
    currency,
    offers,
    links,
  } = useLoaderData<typeof loader>();
  const base = `/creator/${brand.id}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Hi {name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your {brand.name} links and what they earn. Share them: every visit and purchase through
          them is credited to you.
        </p>
      </div>

      {offers.length === 0 ? (
        <EmptyState title="No links yet">
          {brand.name} has not given you a tracking link yet. You will get an email when they do.
        </EmptyState>
      ) : (
        <>
          <EarningsStanding due={earnings.due} pending={earnings.pending} />

          <CreatorPeriodFigures
            title="Your figures"
            period={period}
            timeZone={timeZone}
            values={values}
            fieldErrors={fieldErrors}
            totals={totals}
            currency={currency}
            series={series}
          />

          <section aria-labelledby="offers">
            <h2 id="offers" className="text-lg font-semibold">
              Your offers
            </h2>
            <ul className="mt-3 space-y-3">
              {offers.map((offer) => (
                <li
                  key={offer.id}
                  className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                  aria-label={`Offer: ${offer.name}`}
                >
                  <div className="flex items-start justify-between gap-3">
                    <h3 className="font-semibold break-words">
                      <Link
                        to={`${base}/offers/${offer.id}`}
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
                  <p className="mt-2 text-sm text-slate-700">
                    {count(offer.figures.clicks, 'click')} ·{' '}
                    {count(offer.figures.conversions, 'conversion')} ·{' '}
                    {formatMoneyByCurrency(offer.figures.commission, offer.currency)} earned
                  </p>
                  <p className="mt-1 text-sm text-slate-600">
                    {offer.linkCount} link{offer.linkCount === 1 ? '' : 's'} ·{' '}
                    <Link
                      to={`${base}/offers/${offer.id}`}
                      className="font-medium text-brand-700 underline"
                    >
                      Figures, links, QR codes and deep links
                      <span className="sr-only"> for {offer.name}</span>
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="link-figures">
            <h2 id="link-figures" className="text-lg font-semibold">
              Which link earns
            </h2>
            <p className="text-sm text-slate-600">
              Each link’s figures for {formatPeriod(period)}, most earnings first.
            </p>
            <ul className="mt-3 space-y-2">
              {links.map((link) => (
                <li
                  key={link.id}
                  className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
                  aria-label={`Link figures: ${link.name}`}
                >
                  <p className="mb-2 text-sm break-words">
                    <span className="font-semibold text-slate-900">{link.name}</span>{' '}
                    <span className="text-slate-500">· {link.offerName}</span>
                  </p>
                  <LinkFigures figures={link.figures} label={link.name} currency={link.currency} />
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
