import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { createApiKey, createApiKeySchema, listApiKeys, revokeApiKey } from '~/api/keys.server';
import { API_RESOURCE_LABELS, API_RESOURCES, type ApiScope } from '~/api/scopes';
import { requireBrandRole } from '~/auth/permissions.server';
import { Button } from '~/components/ui/button';
import { CopyButton } from '~/components/ui/copy-button';
import { Field } from '~/components/ui/field';
import { Card, EmptyState, PageHeader } from '~/components/ui/layout';
import { Table, Td, Th } from '~/components/ui/table';
import { badRequest } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Developers · Offerlink' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'developers');
  const keys = await listApiKeys(brand.id);
  return {
    keys: keys.map((k) => ({
      ...k,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

const createForm = z.object({
  name: z.string().optional().default(''),
  expiresOn: z.string().optional().default(''),
});

export async function action({ request }: ActionFunctionArgs) {
  const { brand, user } = await requireBrandRole(request, 'developers');
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'revoke') {
    const ok = await revokeApiKey(brand.id, String(form.get('keyId') ?? ''), user.id);
    return {
      revoked: ok ? String(form.get('keyName') ?? 'The key') : null,
      created: null,
      fieldErrors: null,
    };
  }
  const raw = createForm.parse({
    name: form.get('name') ?? undefined,
    expiresOn: form.get('expiresOn') ?? undefined,
  });
  const fieldErrors: Record<string, string[]> = {};
  let expiresAt: Date | null = null;
  if (raw.expiresOn) {
    expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(raw.expiresOn)
      ? new Date(`${raw.expiresOn}T23:59:59.999Z`)
      : null;
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) {
      fieldErrors.expiresOn = ['Give a date, like 2027-12-31.'];
    }
  }
  const parsed = createApiKeySchema.safeParse({
    name: raw.name,
    scopes: form.getAll('scopes').map(String),
    expiresAt: fieldErrors.expiresOn ? null : expiresAt,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] === 'expiresAt' ? 'expiresOn' : issue.path[0]);
      (fieldErrors[field] ??= []).push(issue.message);
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length) {
    return badRequest({ fieldErrors, created: null, revoked: null });
  }
  const created = await createApiKey(brand.id, user.id, parsed.data);
  return {
    created: { name: parsed.data.name, secret: created.secret },
    fieldErrors: null,
    revoked: null,
  };
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const when = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '—');

function scopeSummary(scopes: string[]): string {
  return API_RESOURCES.flatMap((resource) => {
    if (scopes.includes(`${resource}:write`))
      return [`${API_RESOURCE_LABELS[resource].label}: read & write`];
    if (scopes.includes(`${resource}:read`))
      return [`${API_RESOURCE_LABELS[resource].label}: read`];
    return [];
  }).join(', ');
}

export default function Developers() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.fieldErrors ?? undefined;
  return (
    <>
      <PageHeader
        title="Developers"
        description="API keys let your own systems use the Offerlink REST API; webhooks tell them when something happens."
      />
      <p className="mb-6 flex flex-wrap gap-4 text-sm">
        <Link to="/brand/developers/reference" className="font-medium text-brand-700 underline">
          API reference
        </Link>
        <a href="/api/v1/openapi.json" className="font-medium text-brand-700 underline">
          OpenAPI document (JSON)
        </a>
        <Link to="/brand/developers/webhooks" className="font-medium text-brand-700 underline">
          Webhooks
        </Link>
      </p>

      {actionData?.created ? (
        <Card className="mb-6 border-green-300 bg-green-50">
          <h2 className="text-base font-semibold">Your new key “{actionData.created.name}”</h2>
          <p className="mt-1 text-sm text-slate-700">
            Copy it now: it is shown only once. Offerlink keeps only a hash of it.
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <code className="break-all rounded bg-white px-2 py-1 text-sm ring-1 ring-slate-300">
              {actionData.created.secret}
            </code>
            <CopyButton text={actionData.created.secret} label="Copy the key" />
          </div>
        </Card>
      ) : null}
      {actionData?.revoked ? (
        <p role="status" className="mb-6 text-sm text-green-800">
          Revoked “{actionData.revoked}”: requests with it are refused from now on.
        </p>
      ) : null}

      <Card className="mb-6">
        <h2 className="text-base font-semibold">New API key</h2>
        <Form method="post" className="mt-3 flex flex-col gap-4" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field
            label="Key name"
            name="name"
            required
            maxLength={80}
            placeholder="CRM sync"
            hint="What uses the key, so you can tell keys apart."
            errors={errors?.name}
          />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Scopes</legend>
            <p className="text-xs text-slate-600">Write includes read of the same resource.</p>
            <table className="mt-2 text-sm">
              <thead>
                <tr>
                  <th className="pr-6 text-left font-medium">Resource</th>
                  <th className="px-3 font-medium">Read</th>
                  <th className="px-3 font-medium">Write</th>
                </tr>
              </thead>
              <tbody>
                {API_RESOURCES.map((resource) => (
                  <tr key={resource}>
                    <td className="pr-6 py-1">
                      {API_RESOURCE_LABELS[resource].label}
                      <span className="block text-xs text-slate-500">
                        {API_RESOURCE_LABELS[resource].covers}
                      </span>
                    </td>
                    {(['read', 'write'] as const).map((access) => {
                      const scope: ApiScope = `${resource}:${access}`;
                      if (resource === 'reports' && access === 'write') return <td key={access} />;
                      return (
                        <td key={access} className="px-3 text-center">
                          <input
                            type="checkbox"
                            name="scopes"
                            value={scope}
                            aria-label={`${API_RESOURCE_LABELS[resource].label}: ${access}`}
                            className="h-4 w-4 rounded border-slate-300"
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            {errors?.scopes ? (
              <p className="mt-1 text-sm text-red-700" role="alert">
                {errors.scopes.join(' ')}
              </p>
            ) : null}
          </fieldset>
          <Field
            label="Expires on (optional)"
            name="expiresOn"
            type="date"
            hint="The key stops working at the end of this day (UTC). Leave empty for no expiry."
            errors={errors?.expiresOn}
          />
          <div>
            <Button disabled={submitting}>{submitting ? 'Creating…' : 'Create API key'}</Button>
          </div>
        </Form>
      </Card>

      <Card>
        <h2 className="text-base font-semibold">API keys</h2>
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create one above to use the REST API.</EmptyState>
        ) : (
          <Table caption="API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => {
                const expired = key.expiresAt !== null && new Date(key.expiresAt) <= new Date();
                return (
                  <tr key={key.id}>
                    <Td>{key.name}</Td>
                    <Td>
                      <code>{key.prefix}…</code>
                    </Td>
                    <Td>{scopeSummary(key.scopes)}</Td>
                    <Td>
                      {when(key.createdAt)}
                      <span className="block text-xs text-slate-500">
                        by {key.createdBy ?? 'a former teammate'}
                      </span>
                    </Td>
                    <Td>
                      {key.lastUsedAt ? when(key.lastUsedAt) : 'Never'}
                      {key.lastUsedIp ? (
                        <span className="block text-xs text-slate-500">from {key.lastUsedIp}</span>
                      ) : null}
                    </Td>
                    <Td>
                      {key.revokedAt
                        ? `Revoked ${when(key.revokedAt)}`
                        : expired
                          ? `Expired ${when(key.expiresAt)}`
                          : key.expiresAt
                            ? `Active until ${when(key.expiresAt)}`
                            : 'Active'}
                    </Td>
                    <Td>
                      {key.revokedAt ? null : (
                        <details>
                          <summary className="cursor-pointer text-sm font-medium text-red-700">
                            Revoke…
                          </summary>
                          <Form method="post" className="mt-2">
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="keyId" value={key.id} />
                            <input type="hidden" name="keyName" value={key.name} />
                            <p className="text-xs text-slate-600">
                              Requests with this key are refused at once.
                            </p>
                            <Button variant="danger" className="mt-1">
                              Revoke “{key.name}”
                            </Button>
                          </Form>
                        </details>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
