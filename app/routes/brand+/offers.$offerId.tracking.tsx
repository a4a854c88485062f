import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { can, requireBrandRole } from '~/auth/permissions.server';
import { publicUrl } from '~/config.server';
import { connectorPanel } from '~/connectors/connectors.server';
import { StoreConnectorsPanel } from '~/connectors/store-connectors-panel';
import { Button } from '~/components/ui/button';
import { CopyButton } from '~/components/ui/copy-button';
import { Field } from '~/components/ui/field';
import { Card } from '~/components/ui/layout';
import { parseForm } from '~/forms/parse-form';
import { invariantResponse } from '~/http.server';
import { setPreviousTuneOfferId } from '~/offers/offer-numbers.server';
import { previousTuneOfferIdSchema, TUNE_OFFER_ID } from '~/offers/schemas';
import { wholeNumberInputProps, wholeNumberRangeText } from '~/forms/number-range';
import { getBrandTrackingKeys, getOffer } from '~/offers/offers.server';
import { TRACKING_METHODS } from '~/offers/options';
import { trackingSetup } from '~/offers/tracking-setup.server';

export const meta: MetaFunction = () => [{ title: 'Tracking setup · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, role } = await requireBrandRole(request, 'read');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const keys = await getBrandTrackingKeys(brand.id);
  return {
    stores: {
      canChange: can(role, 'settings'),
      ...(await connectorPanel(brand.id, offer.id, keys.publishableKey, publicUrl())),
    },
    offerId: offer.id,
    offerNumber: offer.offerNumber,
    previousTuneOfferId: offer.previousTuneOfferId,
    setup: trackingSetup(offer, keys),
  };
}

/** Saves the offer's previous TUNE offer id (decision 027). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'offers');
  const form = await request.formData();
  const typed = String(form.get('previousTuneOfferId') ?? '');
  const parsed = parseForm(previousTuneOfferIdSchema, form);
  if (!parsed.ok) return data({ ok: false, typed, fieldErrors: parsed.fieldErrors }, 400);
  const saved = await setPreviousTuneOfferId(
    brand.id,
    params.offerId ?? '',
    parsed.data.previousTuneOfferId,
  );
  if (!saved.ok) return data({ ok: false, typed, fieldErrors: saved.fieldErrors }, 400);
  return { ok: true, typed, fieldErrors: {} as Record<string, string[]> };
}

export default function TrackingSetup() {
  const { offerId, offerNumber, previousTuneOfferId, setup, stores } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const saving = useNavigation().state === 'submitting';
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
      <Card>
        <h2 className="text-base font-semibold text-slate-900">Offer number</h2>
        <p className="mt-1 text-sm text-slate-600">
          This offer’s number is <strong data-testid="offer-number">{offerNumber}</strong>.
          Postbacks may name the offer by it (<code>offer_id={offerNumber}</code>) instead of its
          long id, as TUNE integrations do.
        </p>
        <Form method="post" className="mt-3 max-w-sm space-y-3">
          <Field
            label="Previous TUNE offer id"
            name="previousTuneOfferId"
            {...wholeNumberInputProps(TUNE_OFFER_ID)}
            defaultValue={actionData ? actionData.typed : (previousTuneOfferId ?? '')}
            errors={actionData?.fieldErrors.previousTuneOfferId}
            hint={`Optional: a whole number ${wholeNumberRangeText(TUNE_OFFER_ID)}. The id this offer had in TUNE: postbacks that still send it are accepted as this offer.`}
          />
          <Button disabled={saving}>Save TUNE offer id</Button>
          {actionData?.ok ? (
            <p role="status" className="text-sm text-green-700">
              Saved.
            </p>
          ) : null}
        </Form>
      </Card>
      <StoreConnectorsPanel
        offerId={offerId}
        setups={stores.setups}
        connectors={stores.connectors}
        canChange={stores.canChange}
      />
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
