/**
 * The OpenAPI 3.1 document, generated with zod-openapi from the same zod schemas the routes parse
 * and answer with (docs/decisions/046-openapi-and-reference.md). Every `apiResource()` registers
 * its operations here when its route module loads; the `/api/v1/openapi.json` route loads every
 * route module of app/routes/api+/ first, so the document is whole in every process.
 */
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import { API_RESOURCE_LABELS } from './scopes';
import { PROBLEM_TYPES, problemTypeUri } from './problem.server';
import type { ApiMethod, ApiOperation } from './operation.server';
import { registeredOperations } from './registry.server';

export const problemSchema = z
  .object({
    type: z.string().meta({
      description: 'A URN naming the kind of problem; branch on it.',
      example: problemTypeUri('validation'),
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What went wrong and what to do, in a sentence.' }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: 'Dotted path of the field (`payouts.0.value`).' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'One entry per invalid field.' }),
  })
  .meta({
    id: 'Problem',
    description: `RFC 9457 problem details. Types: ${Object.keys(PROBLEM_TYPES)
      .map((t) => `\`${problemTypeUri(t as keyof typeof PROBLEM_TYPES)}\``)
      .join(', ')}.`,
  });

const problemContent = { 'application/problem+json': { schema: problemSchema } };
const problem = (description: string) => ({ description, content: problemContent });

const rateHeaders = {
  RateLimit: {
    description: 'Requests left in the current window and seconds until it resets (IETF draft).',
    schema: { type: 'string' as const },
  },
  'RateLimit-Policy': {
    description: 'The key’s quota and window (IETF draft).',
    schema: { type: 'string' as const },
  },
};

const STATUS_DESCRIPTIONS: Record<number, string> = {
  201: 'Created.',
  202: 'Accepted: queued, done within seconds.',
};

function curlExample(serverUrl: string, method: ApiMethod, path: string, example: unknown) {
  const lines = [
    `curl -X ${method.toUpperCase()} '${serverUrl}${path.replace(/\{(\w+)\}/g, '<$1>')}'`,
  ];
  lines.push(`  -H "Authorization: Bearer $OFFERLINK_API_KEY"`);
  if (method !== 'get') {
    lines.push(`  -H 'Content-Type: application/json'`);
    // od and tr are in every POSIX shell's toolbox; uuidgen is not (Debian: uuid-runtime), and
    // curl drops an empty header: the example would lose its key and print an error.
    lines.push(`  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"`);
    if (example !== undefined) lines.push(`  -d '${JSON.stringify(example)}'`);
  }
  return lines.join(' \\\n');
}

function operationObject(
  serverUrl: string,
  path: string,
  op: ApiOperation,
): ZodOpenApiOperationObject {
  const isWrite = op.method !== 'get';
  const [resource] = op.scope.split(':') as [keyof typeof API_RESOURCE_LABELS];
  const statuses = [...new Set([op.status ?? 200, ...(op.alsoStatus ?? [])])];
  const responses: Record<string, unknown> = {};
  for (const status of statuses) {
    responses[String(status)] = {
      description: STATUS_DESCRIPTIONS[status] ?? 'OK.',
      headers: rateHeaders,
      content: { 'application/json': { schema: op.response } },
    };
  }
  Object.assign(responses, {
    '400': problem('Invalid input: `errors` names each invalid field.'),
    '401': problem('No key, an unknown, revoked or expired key.'),
    '403': problem(`The key lacks the \`${op.scope}\` scope.`),
    '404': problem('No such resource in the key’s brand.'),
    '429': {
      ...problem('Rate limited: retry after `Retry-After` seconds.'),
      headers: { 'Retry-After': { schema: { type: 'integer' as const } }, ...rateHeaders },
    },
  });
  if (isWrite) {
    Object.assign(responses, {
      '409': problem('A request with this Idempotency-Key is still running, or a conflict.'),
      '422': problem('This Idempotency-Key was used with another request.'),
    });
  }
  const requestParams: ZodOpenApiOperationObject['requestParams'] = {};
  if (op.params) requestParams.path = op.params;
  if (op.query) requestParams.query = op.query;
  if (isWrite) {
    requestParams.header = z.object({
      'Idempotency-Key': z.string().max(255).optional().meta({
        description:
          'Makes the write safe to retry: the same key and body within 24 h replays the first answer.',
      }),
    });
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: `${op.description ? `${op.description}\n\n` : ''}Scope: \`${op.scope}\` (${API_RESOURCE_LABELS[resource]?.covers ?? resource}).`,
    tags: op.tags,
    security: [{ apiKey: [] }],
    requestParams,
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: op.body,
                ...(op.example !== undefined ? { example: op.example } : {}),
              },
            },
          },
        }
      : {}),
    responses,
    'x-codeSamples': [
      { lang: 'curl', label: 'curl', source: curlExample(serverUrl, op.method, path, op.example) },
    ],
  } as ZodOpenApiOperationObject;
}

/** The document; `serverUrl` is where /api/v1 is reached (the public URL). */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  const entries = [...registeredOperations().values()].sort((a, b) => a.path.localeCompare(b.path));
  const tags = new Set<string>();
  for (const { path, op } of entries) {
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[op.method] = operationObject(serverUrl, path, op);
    op.tags.forEach((t) => tags.add(t));
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Offerlink API',
        version: '1.0.0',
        description:
          'The REST API of Offerlink: offers, members, projects, links, promo codes, conversions, statements and reports of one brand. Authenticate with an API key made on the Developers page. See docs/api.md for errors, paging, idempotency and rate limits.',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: serverUrl, description: 'This installation' }],
      tags: [...tags].sort().map((name) => ({ name, description: `${name}.` })),
      security: [{ apiKey: [] }],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (`olk_live_…`) from the Developers page of the brand portal.',
          },
        },
      },
      paths,
    },
    { reused: 'ref' },
  );
}
