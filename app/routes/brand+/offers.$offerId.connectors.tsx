import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { can, requireBrandRole } from '~/auth/permissions.server';
import { publicUrl } from '~/config.server';
import {
  connectorPanel,
  deleteConnector,
  saveConnector,
  type ConnectorInput,
} from '~/connectors/connectors.server';
import { StoreConnectorsPanel } from '~/connectors/store-connectors-panel';
import { invariantResponse } from '~/http.server';
import { getBrandTrackingKeys, getOffer } from '~/offers/offers.server';

export const meta: MetaFunction = () => [{ title: 'Store connectors · Offerlink' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand, role } = await requireBrandRole(request, 'read');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const keys = await getBrandTrackingKeys(brand.id);
  return {
    offerId: offer.id,
    canChange: can(role, 'settings'),
    ...(await connectorPanel(brand.id, offer.id, keys.publishableKey, publicUrl())),
  };
}

/** Connects a store (its signing secret), changes it, or removes it: admins (it holds a secret). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'settings');
  const offer = await getOffer(brand.id, params.offerId);
  invariantResponse(offer, 'Offer not found');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const back = `/brand/offers/${offer.id}/tracking#store-connectors`;
  if (intent === 'remove') {
    invariantResponse(
      await deleteConnector(brand.id, String(form.get('connectorId') ?? '')),
      'Connector not found',
    );
    return redirect(back);
  }
  const input: ConnectorInput = {
    kind: String(form.get('kind') ?? '') as ConnectorInput['kind'],
    signingSecret: String(form.get('signingSecret') ?? ''),
    includeShipping: form.get('includeShipping') === 'on' ? 'on' : undefined,
  };
  const saved = await saveConnector(brand.id, offer.id, input);
  if (!saved.ok) {
    return data(
      {
        kind: input.kind,
        fieldErrors: saved.fieldErrors,
        includeShipping: input.includeShipping === 'on',
      },
      400,
    );
  }
  return redirect(back);
}

export default function StoreConnectors() {
  const { offerId, canChange, setups, connectors } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>();
  return (
    <div className="max-w-4xl">
      <StoreConnectorsPanel
        offerId={offerId}
        setups={setups}
        connectors={connectors}
        errors={errors ?? null}
        canChange={canChange}
      />
    </div>
  );
}
