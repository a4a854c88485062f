import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import {
  connectorOfOffer,
  deliveriesOf,
  replayDelivery,
  STORE_NAMES,
} from '~/connectors/connectors.server';
import { isUuid } from '~/ids';
import { invariantResponse } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Connector deliveries · Offerlink' }];

/** The raw bodies hold customers' details: the log is for admins, like the signing secret. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'settings');
  invariantResponse(isUuid(params.offerId) && isUuid(params.connectorId), 'Connector not found');
  const connector = await connectorOfOffer(brand.id, params.offerId, params.connectorId);
  invariantResponse(connector, 'Connector not found');
  const deliveries = await deliveriesOf(brand.id, connector.id);
  return {
    offerId: params.offerId,
    name: STORE_NAMES[connector.kind],
    deliveries: deliveries.map((d) => ({
      ...d,
      receivedAt: d.receivedAt.toISOString(),
      rawBody: d.rawBody.length > 20_000 ? `${d.rawBody.slice(0, 20_000)}…` : d.rawBody,
    })),
  };
}

/** "Replay" a delivery that failed on our side. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'settings');
  invariantResponse(isUuid(params.offerId) && isUuid(params.connectorId), 'Connector not found');
  const connector = await connectorOfOffer(brand.id, params.offerId, params.connectorId);
  invariantResponse(connector, 'Connector not found');
  const form = await request.formData();
  const deliveryId = String(form.get('deliveryId') ?? '');
  if (!isUuid(deliveryId)) return data({ ok: false, message: 'Delivery not found.' }, 404);
  const result = await replayDelivery(brand.id, deliveryId);
  if (!result.ok) return data({ ok: false, message: result.message }, result.status);
  const body = JSON.parse(result.answer.body) as { verdict: string; message: string };
  return { ok: true, message: `Replayed: ${body.verdict}. ${body.message}` };
}

const VERDICT_LABELS: Record<string, string> = {
  accepted: 'Credited',
  refused: 'Refused',
  duplicate: 'Already credited',
  refunded: 'Refund applied',
  ignored: 'Ignored',
  failed: 'Failed on our side',
};

export default function ConnectorDeliveries() {
  const { offerId, name, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const replayed = new Set(deliveries.map((d) => d.replayOf).filter(Boolean));
  return (
    <div className="max-w-6xl space-y-4">
      <p className="text-sm">
        <Link
          to={`/brand/offers/${offerId}/tracking#store-connectors`}
          className="text-brand-700 hover:underline"
        >
          ← Tracking setup
        </Link>
      </p>
      <h2 className="text-lg font-semibold text-slate-900">{name} delivery log</h2>
      <p className="text-sm text-slate-600">
        Every signed delivery of the last 30 days, newest first, with what came of it. Deliveries
        with a missing or wrong signature are refused (401) and not kept.
      </p>
      {result ? (
        <p role="status" className={result.ok ? 'text-sm text-green-700' : 'text-sm text-red-700'}>
          {result.message}
        </p>
      ) : null}
      {deliveries.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">No deliveries yet.</p>
        </Card>
      ) : (
        <Table caption={`${name} deliveries`}>
          <thead>
            <tr>
              <Th>Received</Th>
              <Th>Topic</Th>
              <Th>Order</Th>
              <Th>Outcome</Th>
              <Th align="right">HTTP</Th>
              <Th>Body</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {deliveries.map((d) => (
              <tr key={d.id}>
                <Td>{d.receivedAt.replace('T', ' ').slice(0, 19)} UTC</Td>
                <Td>{d.topic}</Td>
                <Td>{d.externalId ?? '—'}</Td>
                <Td>
                  <strong>{VERDICT_LABELS[d.verdict] ?? d.verdict}</strong>
                  {d.replayOf ? ' (replay)' : ''}
                  <p className="text-xs text-slate-600">{d.message}</p>
                  {d.conversionId ? (
                    <Link
                      to={`/brand/conversions/${d.conversionId}`}
                      className="text-xs text-brand-700 hover:underline"
                    >
                      View the conversion
                    </Link>
                  ) : null}
                  {d.verdict === 'failed' && !replayed.has(d.id) ? (
                    <Form method="post" className="mt-1">
                      <input type="hidden" name="deliveryId" value={d.id} />
                      <Button variant="secondary">Replay this delivery</Button>
                    </Form>
                  ) : null}
                </Td>
                <Td align="right">{d.httpStatus}</Td>
                <Td>
                  <details>
                    <summary className="cursor-pointer text-xs text-brand-700">Raw body</summary>
                    <pre className="mt-1 max-h-64 max-w-md overflow-auto whitespace-pre-wrap break-all text-xs">
                      {d.rawBody}
                    </pre>
                  </details>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
