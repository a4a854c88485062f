import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandUser } from '~/auth/brand-auth.server';
import { CopyButton } from '~/components/ui/copy-button';
import { Card } from '~/components/ui/layout';
import { invariantResponse } from '~/http.server';
import { getBrandTrackingKeys, getOffer } from '~/offers/offers.server';
import { TRACKING_METHODS } from '~/offers/options';
import { trackingSetup } from '~/offers/tracking-setup.server';

export const meta: MetaFunction = () => [{ title: 'Tracking setup · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandUser(request);
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const keys = await getBrandTrackingKeys(brand.id);
  return { offerId: offer.id, setup: trackingSetup(offer, keys) };
}

export default function TrackingSetup() {
  const { offerId, setup } = useLoaderData<typeof loader>();
  const method = TRACKING_METHODS.find((m) => m.value === setup.method)!;
  return (
    <div className="max-w-4xl space-y-4">
      <div className="text-sm text-slate-700">
        <p>
          This offer uses <strong>{method.label}</strong>: {method.hint}
        </p>
        <p className="mt-1">
          Different method?{' '}
          <Link to={`/brand/offers/${offerId}/edit`} className="text-brand-700 hover:underline">
            Change it in Settings
          </Link>
          . Keys and allowed origins are in{' '}
          <Link to="/brand/settings" className="text-brand-700 hover:underline">
            brand settings
          </Link>
          .
        </p>
      </div>
      {setup.steps.map((step) => (
        <Card key={step.title}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h2 className="text-base font-semibold text-slate-900">{step.title}</h2>
            <CopyButton text={step.code} label="Copy" />
          </div>
          <p className="mt-1 text-sm text-slate-600">{step.description}</p>
          <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
            <code>{step.code}</code>
          </pre>
        </Card>
      ))}
      {setup.notes.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          {setup.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
