/**
 * The OpenAPI 3.1 document of /api/v1, public (it holds no brand's data): generated from the zod
 * schemas every route module of this folder registers when it loads (app/api/openapi.server.ts).
 * The loader loads them all first: in development Remix loads route modules only when asked.
 */
import { buildOpenApiDocument } from '../../api/openapi.server';
import { ApiProblem, problemResponse } from '../../api/problem.server';
import { publicUrl } from '../../config.server';

export async function loader({ request }: { request: Request }) {
  await Promise.all(Object.values(import.meta.glob('./v1.*.ts')).map((load) => load()));
  const base = process.env.PUBLIC_URL ? publicUrl() : new URL(request.url).origin;
  const document = buildOpenApiDocument(`${base}/api/v1`);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    },
  });
}

export function action({ request }: { request: Request }) {
  return problemResponse(
    new ApiProblem(
      'method_not_allowed',
      `${request.method} is not allowed here; it takes GET.`,
      undefined,
      {
        Allow: 'GET, HEAD',
      },
    ),
  );
}
