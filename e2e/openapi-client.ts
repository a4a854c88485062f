/**
 * A REST API client that knows only the OpenAPI document Offerlink serves at
 * /api/v1/openapi.json: operations are found by `operationId`, their address from the document's
 * path template and server, path parameters and required query parameters and body checked
 * against the document before the request leaves. Plain fetch, no generated code: what an
 * integrator's generic client does.
 */
type Json = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean }[];
  hasBody: boolean;
  bodyRequired: string[];
  responses: string[];
}

export interface ApiAnswer {
  status: number;
  contentType: string;
  body: Json & { data?: Json[] };
}

export interface OpenApiClient {
  operations: ReadonlyMap<string, Operation>;
  call: (
    operationId: string,
    input?: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      idempotencyKey?: string;
    },
  ) => Promise<ApiAnswer>;
  withKey: (secret: string) => OpenApiClient;
  withServer: (origin: string) => OpenApiClient;
}

function resolveRef(document: Json, value: Json | undefined): Json | undefined {
  let v = value;
  while (v && typeof v.$ref === 'string') {
    v = v.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json | undefined>((node, key) => node?.[key] as Json | undefined, document);
  }
  return v;
}

export async function openApiClient(origin: string, secret: string): Promise<OpenApiClient> {
  const response = await fetch(`${origin}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`openapi.json: HTTP ${response.status}`);
  const document = (await response.json()) as Json;
  if (!String(document.openapi).startsWith('3.1')) throw new Error('Not an OpenAPI 3.1 document');
  const servers = document.servers as { url: string }[];
  const basePath = new URL(servers[0].url).pathname;
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const body = resolveRef(document, op.requestBody as Json | undefined);
      const schema = resolveRef(
        document,
        ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as
          Json | undefined,
      );
      operations.set(op.operationId as string, {
        method: method.toUpperCase(),
        path,
        parameters: [
          ...((item.parameters as Json[] | undefined) ?? []),
          ...((op.parameters as Json[] | undefined) ?? []),
        ].map((p) => resolveRef(document, p) as Operation['parameters'][number]),
        hasBody: Boolean(body),
        bodyRequired: (schema?.required as string[] | undefined) ?? [],
        responses: Object.keys(op.responses as Json),
      });
    }
  }

  const make = (server: string, key: string): OpenApiClient => ({
    operations,
    withKey: (other) => make(server, other),
    withServer: (other) => make(other, key),
    async call(operationId, input = {}) {
      const op = operations.get(operationId);
      if (!op) throw new Error(`The document has no operation ${operationId}`);
      let path = op.path;
      for (const p of op.parameters) {
        const value =
          p.in === 'path' ? input.params?.[p.name] : p.in === 'query' ? input.query?.[p.name] : '';
        if (p.required && value === undefined) {
          throw new Error(`${operationId} needs the ${p.in} parameter ${p.name}`);
        }
        if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value!));
      }
      for (const name of Object.keys(input.query ?? {})) {
        if (!op.parameters.some((p) => p.in === 'query' && p.name === name)) {
          throw new Error(`${operationId} has no query parameter ${name}`);
        }
      }
      if (input.body !== undefined) {
        if (!op.hasBody) throw new Error(`${operationId} takes no body`);
        for (const field of op.bodyRequired) {
          if (!(field in (input.body as Json))) {
            throw new Error(`${operationId} needs the body field ${field}`);
          }
        }
      }
      const query = new URLSearchParams(input.query ?? {}).toString();
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (input.body !== undefined) headers['content-type'] = 'application/json';
      if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey;
      const answer = await fetch(`${server}${basePath}${path}${query ? `?${query}` : ''}`, {
        method: op.method,
        headers,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
      });
      const text = await answer.text();
      return {
        status: answer.status,
        contentType: answer.headers.get('content-type') ?? '',
        body: text ? (JSON.parse(text) as ApiAnswer['body']) : {},
      };
    },
  });
  return make(origin, secret);
}
