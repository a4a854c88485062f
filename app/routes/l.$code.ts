import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientAddress } from '../auth/client-address.server';
import { getConfig } from '../config.server';
import { handleRedirect, headersInit } from '../tracking/redirect.server';

/**
 * `GET|HEAD /l/:code` through Remix. server.ts answers these at the node:http level first (the fast
 * path); this route is the same redirect for setups without it (the Vite dev server) and the
 * reference the fast path is tested against.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const answer = await handleRedirect({
    method: request.method,
    code: params.code ?? '',
    query: url.search.slice(1),
    userAgent: request.headers.get('user-agent') ?? '',
    referrer: request.headers.get('referer') ?? undefined,
    country: request.headers.get(getConfig().TRUSTED_COUNTRY_HEADER) ?? undefined,
    ip: clientAddress(request),
  });
  return new Response(request.method === 'HEAD' ? null : answer.body, {
    status: answer.status,
    headers: headersInit(answer.headers),
  });
}
