import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button, buttonClass } from '~/components/ui/button';
import { BackLink, Card, PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { actorLabel } from '~/conversions/actor-label';
import { formDataToObject, parseForm } from '~/forms/parse-form';
import { badRequest } from '~/http.server';
import { listDeliveries, resendDelivery, sendTestEvent } from '~/webhooks/delivery-log.server';
import { EndpointFields, SecretOnce } from '~/webhooks/endpoint-fields';
import { endpointFormSchema } from '~/webhooks/endpoint-schema';
import { endpointState } from '~/webhooks/endpoint-state';
import {
  deleteEndpoint,
  findEndpoint,
  rotateEndpointSecret,
  setEndpointEnabled,
  updateEndpoint,
  WebhookInputError,
} from '~/webhooks/endpoints.server';

export const meta: MetaFunction = () => [{ title: 'Webhook endpoint · Offerlink' }];

function notFound(): never {
  throw new Response('Webhook endpoint not found.', { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'developers');
  const endpoint = await findEndpoint(brand.id, params.endpointId ?? '');
  if (!endpoint) notFound();
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
  const log = await listDeliveries(brand.id, endpoint.id, page);
  const done = DONE[new URL(request.url).searchParams.get('done') ?? ''] ?? null;
  return { endpoint, log, done };
}

/** What a form did, said after its redirect (Post/Redirect/Get: reloading repeats nothing). */
const DONE: Record<string, string> = {
  save: 'Endpoint saved.',
  enable: 'Endpoint enabled: new events are sent to it.',
  disable: 'Endpoint disabled: no events are sent to it until you enable it.',
  test: 'Test event queued: it appears in the delivery log below within seconds (reload).',
  resend: 'Delivery queued again, with the same webhook-id: it appears in the log below.',
};

function doneRedirect(endpointId: string, what: keyof typeof DONE) {
  return redirect(`/brand/developers/webhooks/${endpointId}?done=${what}`);
}

const intentSchema = z.object({
  intent: z.enum(['save', 'enable', 'disable', 'rotate', 'test', 'resend', 'delete']),
  deliveryId: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'developers');
  const endpoint = await findEndpoint(brand.id, params.endpointId ?? '');
  if (!endpoint) notFound();
  const formData = await request.formData();
  const intent = intentSchema.safeParse(formDataToObject(formData));
  if (!intent.success) return badRequest({ intent: 'unknown', error: 'Unknown action.' });
  switch (intent.data.intent) {
    case 'save': {
      const values = formDataToObject(formData);
      const parsed = parseForm(endpointFormSchema, formData);
      if (!parsed.ok)
        return badRequest({ intent: 'save', fieldErrors: parsed.fieldErrors, values });
      try {
        await updateEndpoint(brand.id, endpoint.id, parsed.data);
      } catch (error) {
        if (error instanceof WebhookInputError) {
          return badRequest({
            intent: 'save',
            fieldErrors: { [error.field]: [error.message] },
            values,
          });
        }
        throw error;
      }
      return doneRedirect(endpoint.id, 'save');
    }
    case 'enable':
    case 'disable':
      await setEndpointEnabled(brand.id, endpoint.id, intent.data.intent === 'enable');
      return doneRedirect(endpoint.id, intent.data.intent);
    case 'rotate': {
      const rotated = await rotateEndpointSecret(brand.id, endpoint.id);
      if (!rotated) notFound();
      return { intent: 'rotate', secret: rotated.secret };
    }
    case 'test': {
      await sendTestEvent(brand.id, endpoint.id);
      return doneRedirect(endpoint.id, 'test');
    }
    case 'resend': {
      const ok = await resendDelivery(brand.id, endpoint.id, intent.data.deliveryId ?? '');
      if (!ok) notFound();
      return doneRedirect(endpoint.id, 'resend');
    }
    case 'delete':
      await deleteEndpoint(brand.id, endpoint.id);
      throw redirect('/brand/developers/webhooks');
  }
}

type ActionData = {
  intent: string;
  done?: string;
  error?: string;
  secret?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, unknown>;
};

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

const statusWords: Record<string, string> = {
  pending: 'Waiting',
  succeeded: 'Delivered',
  failed: 'Failed',
  cancelled: 'Cancelled (endpoint disabled)',
};

function IntentButton({
  intent,
  children,
  variant = 'secondary',
}: {
  intent: string;
  children: string;
  variant?: 'primary' | 'secondary' | 'danger';
}) {
  const navigation = useNavigation();
  const busy = navigation.formData?.get('intent') === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button variant={variant} disabled={busy}>
        {children}
      </Button>
    </Form>
  );
}

export default function WebhookEndpoint() {
  const { endpoint, log, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const saving = navigation.formData?.get('intent') === 'save';
  const saveFailed = actionData?.intent === 'save' && actionData.fieldErrors;
  const values = saveFailed ? actionData.values : undefined;
  return (
    <>
      <BackLink to="/brand/developers/webhooks">All webhook endpoints</BackLink>
      <PageHeader
        title={<span className="break-all">{endpoint.url}</span>}
        description={[
          endpointState(endpoint),
          `${endpoint.eventTypes.length} ${endpoint.eventTypes.length === 1 ? 'event type' : 'event types'}`,
          endpoint.createdByApiKeyId || endpoint.createdByUserId
            ? `added by ${actorLabel({
                actorKind: endpoint.createdByApiKeyId ? 'api_key' : 'user',
                actorName: endpoint.createdByUserName,
                apiKeyName: endpoint.createdByApiKeyName,
              })}`
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        actions={
          <>
            <IntentButton intent="test" variant="primary">
              Send test event
            </IntentButton>
            {endpoint.enabled ? (
              <IntentButton intent="disable">Disable endpoint</IntentButton>
            ) : (
              <IntentButton intent="enable">Enable endpoint</IntentButton>
            )}
          </>
        }
      />
      {done && !actionData ? (
        <p
          role="status"
          className="mb-6 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 ring-1 ring-green-200"
        >
          {done}
        </p>
      ) : null}
      {actionData?.secret ? (
        <SecretOnce
          secret={actionData.secret}
          note="The previous secret keeps signing next to this one for 24 hours: each delivery carries both signatures, so your receiver can switch without missing one."
        />
      ) : null}
      {endpoint.previousSecretExpiresAt &&
      new Date(endpoint.previousSecretExpiresAt).getTime() > Date.now() ? (
        <p className="mb-6 text-sm text-slate-600">
          The previous secret also signs until{' '}
          {dateTime.format(new Date(endpoint.previousSecretExpiresAt))} UTC.
        </p>
      ) : null}

      <Card>
        <h2 className="text-lg font-semibold">Delivery log</h2>
        <p className="mt-1 text-sm text-slate-600">
          Each event with every attempt: HTTP status, time taken and the start of the answer. Failed
          deliveries are retried after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
        </p>
        {log.deliveries.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            Nothing sent yet. Press Send test event to try the endpoint.
          </p>
        ) : (
          <div className="mt-4">
            <Table caption="Deliveries">
              <thead>
                <tr>
                  <Th>Event</Th>
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Resend</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {log.deliveries.map((d) => (
                  <tr key={d.id}>
                    <Td>
                      <span className="font-medium">{d.eventType}</span>
                      <span className="block font-mono text-xs text-slate-500">{d.webhookId}</span>
                      <span className="block text-xs text-slate-500">
                        {dateTime.format(new Date(d.createdAt))} UTC
                      </span>
                    </Td>
                    <Td>
                      {statusWords[d.status] ?? d.status}
                      {d.status === 'pending' && d.nextAttemptAt ? (
                        <span className="block text-xs text-slate-500">
                          next attempt {dateTime.format(new Date(d.nextAttemptAt))} UTC
                        </span>
                      ) : null}
                    </Td>
                    <Td>
                      {d.attemptLog.length === 0 ? (
                        <span className="text-slate-500">Not tried yet</span>
                      ) : (
                        <ol className="space-y-1 text-xs">
                          {d.attemptLog.map((a) => (
                            <li key={`${a.attempt}-${String(a.at)}`}>
                              <span className="font-semibold">
                                #{a.attempt}:{' '}
                                {a.statusCode !== null ? `HTTP ${a.statusCode}` : 'No answer'}
                              </span>{' '}
                              in {a.latencyMs} ms, {dateTime.format(new Date(a.at))}
                              {a.error ? (
                                <span className="block text-red-700">{a.error}</span>
                              ) : null}
                              {a.responseExcerpt ? (
                                <code className="block max-w-md truncate text-slate-600">
                                  {a.responseExcerpt}
                                </code>
                              ) : null}
                            </li>
                          ))}
                        </ol>
                      )}
                    </Td>
                    <Td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="deliveryId" value={d.id} />
                        <button
                          type="submit"
                          className={buttonClass('secondary', 'text-xs')}
                          aria-label={`Resend ${d.eventType} ${d.webhookId}`}
                        >
                          Resend
                        </button>
                      </Form>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <nav aria-label="Delivery log pages" className="mt-3 flex justify-between text-sm">
              {log.page > 1 ? <Link to={`?page=${log.page - 1}`}>Newer</Link> : <span />}
              {log.hasMore ? <Link to={`?page=${log.page + 1}`}>Older</Link> : <span />}
            </nav>
          </div>
        )}
      </Card>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Endpoint</h2>
        <Form method="post" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="save" />
          <EndpointFields
            fieldErrors={saveFailed ? actionData.fieldErrors : undefined}
            values={
              values
                ? {
                    url: String(values.url ?? ''),
                    description: String(values.description ?? ''),
                    eventTypes: ([] as unknown[])
                      .concat(values.eventTypes ?? [])
                      .map((v) => String(v)),
                  }
                : endpoint
            }
          />
          <Button disabled={saving}>{saving ? 'Saving…' : 'Save endpoint'}</Button>
        </Form>
      </Card>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Signing secret</h2>
        <p className="mt-1 text-sm text-slate-600">
          Shown only when created or rotated. Rotating makes a new one; the old one keeps signing
          next to it for 24 hours.
        </p>
        <div className="mt-3">
          <IntentButton intent="rotate">Rotate signing secret</IntentButton>
        </div>
      </Card>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Delete</h2>
        <p className="mt-1 text-sm text-slate-600">
          Deletes the endpoint with its delivery log; nothing more is sent to it.
        </p>
        <details className="mt-3">
          <summary className={buttonClass('secondary', 'cursor-pointer list-none')}>
            Delete endpoint…
          </summary>
          <div className="mt-3">
            <IntentButton intent="delete" variant="danger">
              Yes, delete this endpoint
            </IntentButton>
          </div>
        </details>
      </Card>
    </>
  );
}
