import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { Card, EmptyState, PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { parseForm, formDataToObject } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { EndpointFields, SecretOnce } from '~/webhooks/endpoint-fields';
import { endpointFormSchema } from '~/webhooks/endpoint-schema';
import { endpointState } from '~/webhooks/endpoint-state';
import { createEndpoint, listEndpoints, WebhookInputError } from '~/webhooks/endpoints.server';

export const meta: MetaFunction = () => [{ title: 'Webhooks · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'developers');
  return { endpoints: await listEndpoints(brand.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'developers');
  const formData = await request.formData();
  const values = formDataToObject(formData);
  const parsed = parseForm(endpointFormSchema, formData);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values });
  try {
    const created = await createEndpoint(brand.id, user.id, parsed.data);
    return { created: { ...created, url: parsed.data.url } };
  } catch (error) {
    if (error instanceof WebhookInputError) {
      return badRequest({ fieldErrors: { [error.field]: [error.message] }, values });
    }
    throw error;
  }
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | { created?: { id: string; secret: string; url: string } }
    | { fieldErrors?: Record<string, string[]>; values?: Record<string, unknown> }
    | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const created = actionData && 'created' in actionData ? actionData.created : undefined;
  const failed = actionData && 'fieldErrors' in actionData ? actionData : undefined;
  const values = failed?.values;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Offerlink POSTs an event to your endpoints when conversions, commissions, statements, members, links and offers change, signed per Standard Webhooks."
        actions={
          <a href="/brand/developers" className="text-sm font-semibold text-brand-700 underline">
            Developers
          </a>
        }
      />
      {created ? (
        <>
          <SecretOnce
            secret={created.secret}
            note={`Endpoint added for ${created.url}. Verify each delivery with this secret (any Standard Webhooks library) and de-duplicate by webhook-id.`}
          />
          <p className="mb-6 text-sm">
            <Link
              to={`/brand/developers/webhooks/${created.id}`}
              className="font-semibold text-brand-700 underline"
            >
              Open the endpoint to send a test event
            </Link>
          </p>
        </>
      ) : null}
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet">
          Add the URL of your server below to receive events.
        </EmptyState>
      ) : (
        <Table caption="Webhook endpoints">
          <thead>
            <tr>
              <Th>URL</Th>
              <Th>Events</Th>
              <Th>State</Th>
              <Th>Added (UTC)</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {endpoints.map((e) => (
              <tr key={e.id}>
                <Td className="break-all font-medium">
                  <Link
                    to={`/brand/developers/webhooks/${e.id}`}
                    className="text-brand-700 hover:underline"
                  >
                    {e.url}
                  </Link>
                  {e.description ? (
                    <span className="block text-xs text-slate-500">{e.description}</span>
                  ) : null}
                </Td>
                <Td>{e.eventTypes.join(', ')}</Td>
                <Td>{endpointState(e)}</Td>
                <Td className="whitespace-nowrap">{dateTime.format(new Date(e.createdAt))}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Add an endpoint</h2>
        <Form method="post" className="mt-4 space-y-4">
          <EndpointFields
            fieldErrors={failed?.fieldErrors}
            values={
              values
                ? {
                    url: String(values.url ?? ''),
                    description: String(values.description ?? ''),
                    eventTypes: ([] as unknown[])
                      .concat(values.eventTypes ?? [])
                      .map((v) => String(v)),
                  }
                : undefined
            }
          />
          <Button disabled={busy}>{busy ? 'Adding…' : 'Add endpoint'}</Button>
        </Form>
      </Card>
    </>
  );
}
