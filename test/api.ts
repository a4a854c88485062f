/**
 * Calling the REST API's route modules (app/routes/api+/) in integration tests, with a real key
 * of a real brand: the request goes through the same wrapper as over HTTP (key, rate limit,
 * scope, parsing, idempotency), without a server.
 */
import { createApiKey } from '../app/api/keys.server';
import { API_SCOPES, type ApiScope } from '../app/api/scopes';

type RouteModule = {
  loader?: (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, unknown>;
  }) => unknown;
  action?: (args: {
    request: Request;
    params: Record<string, string>;
    context: Record<string, unknown>;
  }) => unknown;
};

/** A key of the brand with `scopes` (all of them by default); returns the secret. */
export async function apiKeyFor(
  brandId: string,
  scopes: readonly ApiScope[] = API_SCOPES,
  options: { name?: string; expiresAt?: Date | null; userId?: string | null } = {},
) {
  const created = await createApiKey(brandId, options.userId ?? null, {
    name: options.name ?? 'Test key',
    scopes: [...scopes],
    expiresAt: options.expiresAt ?? null,
  });
  return created;
}

export interface ApiCall {
  method?: string;
  /** The path under /api/v1 as the client sends it (`/offers?limit=2`). */
  path: string;
  params?: Record<string, string>;
  secret?: string | null;
  body?: unknown;
  /** A raw body (sent as is, e.g. malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function callApi(route: RouteModule, call: ApiCall): Promise<ApiAnswer> {
  const method = call.method ?? 'GET';
  const headers = new Headers(call.headers);
  if (call.secret) headers.set('authorization', `Bearer ${call.secret}`);
  let body: string | undefined;
  if (call.rawBody !== undefined) body = call.rawBody;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const request = new Request(`http://localhost/api/v1${call.path}`, { method, headers, body });
  const fn = method === 'GET' || method === 'HEAD' ? route.loader : route.action;
  if (!fn) throw new Error(`The route has no ${method === 'GET' ? 'loader' : 'action'}.`);
  const response = (await fn({ request, params: call.params ?? {}, context: {} })) as Response;
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
