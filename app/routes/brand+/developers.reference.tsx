import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { buildOpenApiDocument } from '~/api/openapi.server';
import { requireBrandRole } from '~/auth/permissions.server';
import { CopyButton } from '~/components/ui/copy-button';
import { Card, PageHeader } from '~/components/ui/layout';
import { publicUrl } from '~/config.server';

export const meta: MetaFunction = () => [{ title: 'API reference · Offerlink' }];

interface Operation {
  method: string;
  path: string;
  summary: string;
  description: string;
  curl: string;
  example: string | null;
  statuses: string[];
}

/**
 * The API reference, rendered on the server from the OpenAPI document (no script, no CDN): each
 * operation with its scope, its answers and a curl example to copy.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireBrandRole(request, 'read');
  await Promise.all(Object.values(import.meta.glob('../api+/v1.*.ts')).map((load) => load()));
  const document = buildOpenApiDocument(`${publicUrl()}/api/v1`);
  const byTag = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) {
      const operation = op as {
        summary?: string;
        description?: string;
        tags?: string[];
        responses?: Record<string, unknown>;
        requestBody?: { content?: Record<string, { example?: unknown }> };
        'x-codeSamples'?: { source: string }[];
      };
      const example = operation.requestBody?.content?.['application/json']?.example;
      const list = byTag.get(operation.tags?.[0] ?? 'Other') ?? [];
      list.push({
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        description: operation.description ?? '',
        curl: operation['x-codeSamples']?.[0]?.source ?? '',
        example: example === undefined ? null : JSON.stringify(example, null, 2),
        statuses: Object.keys(operation.responses ?? {}),
      });
      byTag.set(operation.tags?.[0] ?? 'Other', list);
    }
  }
  return {
    base: `${publicUrl()}/api/v1`,
    tags: [...byTag.entries()].map(([tag, operations]) => ({ tag, operations })),
  };
}

export default function ApiReference() {
  const { base, tags } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="API reference" />
      <p className="mb-4 text-sm text-slate-700">
        Base address <code>{base}</code>. Send your key as{' '}
        <code>Authorization: Bearer olk_live_…</code> (make one on the{' '}
        <Link to="/brand/developers" className="underline">
          Developers page
        </Link>
        ). Errors are <code>application/problem+json</code>; lists page with <code>limit</code> and{' '}
        <code>starting_after</code>; writes accept an <code>Idempotency-Key</code>. The
        machine-readable document is{' '}
        <a href="/api/v1/openapi.json" className="underline">
          /api/v1/openapi.json
        </a>
        .
      </p>
      <nav aria-label="API sections" className="mb-6 flex flex-wrap gap-3 text-sm">
        {tags.map(({ tag }) => (
          <a
            key={tag}
            href={`#${tag.toLowerCase()}`}
            className="font-medium text-brand-700 underline"
          >
            {tag}
          </a>
        ))}
      </nav>
      {tags.map(({ tag, operations }) => (
        <section key={tag} id={tag.toLowerCase()} className="mb-8">
          <h2 className="mb-3 text-lg font-semibold">{tag}</h2>
          <div className="flex flex-col gap-4">
            {operations.map((op) => (
              <Card key={`${op.method} ${op.path}`}>
                <h3 className="font-semibold">
                  <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                    {op.method}
                  </span>{' '}
                  <code className="text-sm">{op.path}</code> — {op.summary}
                </h3>
                <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{op.description}</p>
                <p className="mt-1 text-xs text-slate-500">Answers: {op.statuses.join(', ')}</p>
                {op.example ? (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer">Example body</summary>
                    <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                      {op.example}
                    </pre>
                  </details>
                ) : null}
                <div className="mt-2 flex items-start gap-2">
                  <pre className="flex-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                    {op.curl}
                  </pre>
                  <CopyButton text={op.curl} label={`Copy curl: ${op.method} ${op.path}`} />
                </div>
              </Card>
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
