/**
 * The REST API's one way to write a route (docs/decisions/044-rest-api-framework.md). A route file
 * of app/routes/api+/ declares its operations and exports the loader and action this makes:
 *
 *   const resource = apiResource('/offers/{offerId}', [
 *     apiOperation({ method: 'get', scope: 'offers:read', summary: 'Get an offer',
 *       params: offerParams, response: offerRepresentation,
 *       handler: async ({ caller, params }) => …the representation… }),
 *   ]);
 *   export const loader = resource.loader;
 *   export const action = resource.action;
 *
 * For every request: the method (405 with Allow), the key (401), the rate limit (429), the scope
 * (403), path parameters (404), query and JSON body by their zod schemas (400 with `errors`), then
 * `Idempotency-Key` on writes, then the handler; every error is problem+json (./problem.server.ts)
 * and every answer carries the rate-limit headers. The operations are registered for the OpenAPI
 * document (./openapi.server.ts) by the same call.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { clientAddress } from '../auth/client-address.server';
import { firstForeignId } from '../brands/owned-rows.server';
import {
  claimIdempotencyKey,
  requestFingerprint,
  settleIdempotencyKey,
  type StoredAnswer,
} from './idempotency.server';
import { authenticateApiKey, type ApiCaller } from './keys.server';
import {
  API_BODY_MAX_BYTES,
  ApiReply,
  type ApiMethod,
  type ApiOperation,
} from './operation.server';
import { idFiltersOf } from './params';
import { registerOperation } from './registry.server';
import {
  ApiProblem,
  problemResponse,
  zodFieldProblems,
  invalid,
  type ProblemType,
} from './problem.server';
import { countApiRequest, rateLimitHeaders } from './rate-limit.server';
import { scopeAllows } from './scopes';

export { ApiReply, apiOperation, API_BODY_MAX_BYTES } from './operation.server';
export type { ApiOperation, ApiMethod, ApiContext } from './operation.server';

const JSON_TYPE = 'application/json';
const isProduction = () => process.env.NODE_ENV === 'production';

const STATUS_KIND: Record<number, ProblemType> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_key_reused',
  429: 'rate_limited',
};

/** Any thrown value as a problem: ours as is, a module's thrown Response by its status. */
async function asProblem(thrown: unknown): Promise<ApiProblem> {
  if (thrown instanceof ApiProblem) return thrown;
  if (thrown instanceof Response && STATUS_KIND[thrown.status]) {
    const text = (await thrown.text().catch(() => '')).trim();
    return new ApiProblem(
      STATUS_KIND[thrown.status],
      text && text.length < 500 && !text.startsWith('<') ? text : `HTTP ${thrown.status}.`,
    );
  }
  console.error('API request failed', thrown);
  return new ApiProblem(
    'internal',
    'Something went wrong on our side; nothing was changed if the request was a write. Retry later.',
  );
}

/** Reads the body as text, at most API_BODY_MAX_BYTES. */
async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > API_BODY_MAX_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > API_BODY_MAX_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = () =>
  new ApiProblem('payload_too_large', `A request body is at most ${API_BODY_MAX_BYTES} bytes.`);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiProblem(
      'malformed_json',
      `The body is not valid JSON: ${(error as Error).message}`,
      [{ field: '', message: 'Send a JSON document.' }],
    );
  }
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** A filter naming another brand's row (or an unknown one) is a 404 naming the filter. */
async function checkIdFilters(op: ApiOperation, brandId: string, query: Record<string, unknown>) {
  const named = idFiltersOf(op.query).flatMap(({ name, kind }) =>
    typeof query[name] === 'string' ? [{ name, kind, id: query[name] }] : [],
  );
  const foreign = await firstForeignId(brandId, named);
  if (foreign === null) return;
  const { kind } = named.find((n) => n.name === foreign)!;
  throw new ApiProblem('not_found', `No ${kind} with this ${foreign} in this brand.`, [
    { field: foreign, message: `Not one of the brand’s ${kind}s.` },
  ]);
}

async function runOperation(
  op: ApiOperation,
  request: Request,
  rawParams: Record<string, string | undefined>,
  caller: ApiCaller,
  baseHeaders: Record<string, string>,
): Promise<Response> {
  // Path parameters first: a malformed id is "no such thing" (404), as another brand's id is.
  let params: Record<string, unknown> = {};
  if (op.params) {
    const parsed = op.params.safeParse(rawParams);
    if (!parsed.success) {
      throw new ApiProblem('not_found', 'No such resource in this brand.');
    }
    params = parsed.data;
  }
  let query: Record<string, unknown> = {};
  if (op.query) {
    const parsed = op.query.safeParse(queryObject(new URL(request.url)));
    if (!parsed.success) throw invalid(zodFieldProblems(parsed.error));
    query = parsed.data;
    await checkIdFilters(op, caller.brandId, query);
  }
  const isWrite = op.method !== 'get';
  let bodyText = '';
  let body: unknown = undefined;
  if (isWrite) {
    bodyText = await readBodyText(request);
    if (op.body) {
      const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (bodyText.trim() === '' && op.body.safeParse(undefined).success) {
        body = op.body.parse(undefined);
      } else {
        if (type !== JSON_TYPE) {
          throw new ApiProblem(
            'unsupported_media_type',
            'Send the body as JSON with `Content-Type: application/json`.',
          );
        }
        const parsed = op.body.safeParse(parseJson(bodyText));
        if (!parsed.success) throw invalid(zodFieldProblems(parsed.error));
        body = parsed.data;
      }
    }
  }

  const idempotencyKey = isWrite ? request.headers.get('idempotency-key') : null;
  const url = new URL(request.url);
  let claimed = false;
  if (idempotencyKey !== null) {
    const stored = await claimIdempotencyKey(
      caller.apiKeyId,
      idempotencyKey,
      requestFingerprint(request.method, `${url.pathname}${url.search}`, bodyText),
    );
    if (stored) {
      return new Response(stored.body, {
        status: stored.status,
        headers: { ...stored.headers, ...baseHeaders, 'idempotent-replayed': 'true' },
      });
    }
    claimed = true;
  }

  let answer: StoredAnswer;
  try {
    const result = await op.handler({
      request,
      caller,
      params: params as never,
      query: query as never,
      body: body as never,
    });
    const status = result instanceof ApiReply ? result.status : (op.status ?? 200);
    const payload = result instanceof ApiReply ? result.body : result;
    if (!isProduction()) {
      // Tests and development: the answer must be what the OpenAPI document says.
      const checked = op.response.safeParse(payload);
      if (!checked.success) {
        throw new Error(
          `${op.operationId} answered outside its schema: ${JSON.stringify(checked.error.issues)}`,
        );
      }
    }
    answer = {
      status,
      body: JSON.stringify(payload),
      headers: { 'content-type': JSON_TYPE },
    };
  } catch (thrown) {
    const problem = await asProblem(thrown);
    answer = {
      status: problem.status,
      body: JSON.stringify(problem.body()),
      headers: { 'content-type': 'application/problem+json', ...(problem.headers ?? {}) },
    };
  }
  if (claimed && idempotencyKey !== null) {
    await settleIdempotencyKey(caller.apiKeyId, idempotencyKey, answer, {
      sealed: op.answerHoldsSecret === true && answer.status < 300,
    });
  }
  return new Response(answer.body, {
    status: answer.status,
    headers: { ...answer.headers, 'cache-control': 'no-store', ...baseHeaders },
  });
}

export const UNAUTHORIZED_DETAIL: Record<string, string> = {
  missing: 'Send your API key as `Authorization: Bearer olk_live_…`.',
  malformed: 'The Authorization header is not `Bearer olk_live_…`.',
  unknown: 'This API key does not exist.',
  revoked: 'This API key was revoked.',
  expired: 'This API key has expired.',
};

/** Answers one API request with the operation of its method (never throws). */
export async function handleApiRequest(
  path: string,
  operations: readonly ApiOperation[],
  request: Request,
  rawParams: Record<string, string | undefined>,
): Promise<Response> {
  try {
    const method = (request.method === 'HEAD' ? 'get' : request.method.toLowerCase()) as ApiMethod;
    const op = operations.find((o) => o.method === method);
    if (!op) {
      const allow = operations.map((o) => o.method.toUpperCase());
      if (allow.includes('GET')) allow.push('HEAD');
      throw new ApiProblem(
        'method_not_allowed',
        `${request.method} is not allowed on ${path}; it takes ${allow.join(', ')}.`,
        undefined,
        { Allow: allow.join(', ') },
      );
    }
    const auth = await authenticateApiKey(
      request.headers.get('authorization'),
      clientAddress(request),
    );
    if (!auth.ok) {
      throw new ApiProblem('unauthorized', UNAUTHORIZED_DETAIL[auth.reason], undefined, {
        'WWW-Authenticate': 'Bearer realm="Offerlink API"',
      });
    }
    const rate = await countApiRequest(auth.caller.apiKeyId);
    const baseHeaders = rateLimitHeaders(rate);
    try {
      if (!rate.allowed) {
        throw new ApiProblem(
          'rate_limited',
          `This key made more than ${rate.limit} requests in the current window; retry in ${rate.resetSeconds} s.`,
        );
      }
      if (!scopeAllows(auth.caller.scopes, op.scope)) {
        throw new ApiProblem(
          'forbidden',
          `This API key lacks the \`${op.scope}\` scope. An admin can make a key with it on the Developers page.`,
        );
      }
      return await runOperation(op, request, rawParams, auth.caller, baseHeaders);
    } catch (thrown) {
      return problemResponse(await asProblem(thrown), baseHeaders);
    }
  } catch (thrown) {
    return problemResponse(await asProblem(thrown));
  }
}

export interface ApiResource {
  path: string;
  operations: readonly ApiOperation[];
  loader: (args: LoaderFunctionArgs) => Promise<Response>;
  action: (args: ActionFunctionArgs) => Promise<Response>;
}

/**
 * A route file's resource: its path as OpenAPI writes it (`/offers/{offerId}`, under /api/v1) and
 * its operations. Registers them for the OpenAPI document.
 */
export function apiResource(path: string, operations: ApiOperation[]): ApiResource {
  for (const op of operations) registerOperation(path, op);
  const handle = ({ request, params }: LoaderFunctionArgs) =>
    handleApiRequest(path, operations, request, params);
  return { path, operations, loader: handle, action: handle };
}
