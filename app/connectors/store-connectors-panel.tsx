import { Form, Link } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { CheckboxField } from '~/components/ui/checkbox';
import { CopyButton } from '~/components/ui/copy-button';
import { Field } from '~/components/ui/field';
import { Card } from '~/components/ui/layout';
import type { StoreSetup } from './store-setup';

export interface PanelConnector {
  id: string;
  kind: string;
  url: string;
  includeShipping: boolean;
  secretHint: string;
}

export interface PanelErrors {
  kind: string;
  fieldErrors: Record<string, string[] | undefined>;
  includeShipping: boolean;
}

/**
 * The offer's store connectors: per store, its steps, the connector address to paste in the
 * store, and the form for the store's signing secret (plain HTML forms: decision 035).
 */
export function StoreConnectorsPanel({
  offerId,
  setups,
  connectors,
  errors,
  canChange,
}: {
  offerId: string;
  setups: StoreSetup[];
  connectors: PanelConnector[];
  errors?: PanelErrors | null;
  canChange: boolean;
}) {
  return (
    <section id="store-connectors" aria-labelledby="store-connectors-title" className="space-y-4">
      <div>
        <h2 id="store-connectors-title" className="text-lg font-semibold text-slate-900">
          Store connectors
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Selling on Shopify, WooCommerce or Stripe? Paste one address in your store and its paid
          orders, refunds and subscription renewals are credited to the creator whose link or code
          was used. Each delivery is checked with your store&apos;s signing secret.
        </p>
      </div>
      {setups.map((setup) => {
        const connector = connectors.find((c) => c.kind === setup.kind);
        const mine = errors?.kind === setup.kind ? errors : null;
        return (
          <Card key={setup.kind}>
            <h3 className="text-base font-semibold text-slate-900">{setup.name}</h3>
            {connector ? (
              <div className="mt-2 space-y-1 text-sm">
                <p className="text-slate-700">Connected. Connector address for {setup.name}:</p>
                <div className="flex flex-wrap items-center gap-2">
                  <code
                    className="break-all rounded bg-slate-100 px-2 py-1 text-xs"
                    data-testid={`${setup.kind}-connector-url`}
                  >
                    {connector.url}
                  </code>
                  <CopyButton
                    text={connector.url}
                    label={`Copy the ${setup.name} connector address`}
                  />
                </div>
                <p className="text-slate-600">
                  Signing secret saved (ends in …{connector.secretHint}).{' '}
                  <Link
                    to={`/brand/offers/${offerId}/connectors/${connector.id}`}
                    className="text-brand-700 hover:underline"
                  >
                    {setup.name} delivery log
                  </Link>
                </p>
              </div>
            ) : (
              <p className="mt-1 text-sm text-slate-600">Not connected.</p>
            )}
            <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
              {setup.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            {setup.snippet ? (
              <div className="mt-3">
                <div className="flex items-center justify-between gap-2">
                  <p className="text-sm font-medium text-slate-800">{setup.snippet.title}</p>
                  <CopyButton text={setup.snippet.code} label={`Copy the ${setup.name} snippet`} />
                </div>
                <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
                  <code>{setup.snippet.code}</code>
                </pre>
              </div>
            ) : null}
            {canChange ? (
              <div className="mt-3 flex flex-wrap items-end gap-4">
                <Form
                  method="post"
                  action={`/brand/offers/${offerId}/connectors`}
                  className="max-w-md flex-1 space-y-3"
                >
                  <input type="hidden" name="intent" value="save" />
                  <input type="hidden" name="kind" value={setup.kind} />
                  <Field
                    label={setup.secretLabel}
                    name="signingSecret"
                    type="password"
                    autoComplete="off"
                    required
                    errors={mine?.fieldErrors.signingSecret ?? mine?.fieldErrors.kind}
                    hint={`${setup.secretHint} 8 to 300 characters.`}
                  />
                  {setup.shippingSetting ? (
                    <CheckboxField
                      label={`Include shipping in the ${setup.name} commission base`}
                      name="includeShipping"
                      defaultChecked={mine ? mine.includeShipping : connector?.includeShipping}
                      hint="Off: the subtotal after discounts, before tax and shipping."
                    />
                  ) : null}
                  <Button>
                    {connector ? `Save the ${setup.name} connector` : `Connect ${setup.name}`}
                  </Button>
                </Form>
                {connector ? (
                  <Form method="post" action={`/brand/offers/${offerId}/connectors`}>
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="connectorId" value={connector.id} />
                    <Button variant="secondary">Remove the {setup.name} connector</Button>
                  </Form>
                ) : null}
              </div>
            ) : null}
          </Card>
        );
      })}
    </section>
  );
}
