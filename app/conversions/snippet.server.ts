import { brandByPublishableKey } from '../brands/tracking-keys.server';
import { attributeConversion, isPendingClick } from './attribute.server';
import { MAX_BODY_BYTES } from './postback.server';

/**
 * The snippet's conversion endpoint, `/api/js/convert?key=<publishable key>`. Browsers call it
 * cross-origin from the brand's shop; only the brand's allowed origins get CORS headers (and an
 * answer): anything else is a 403 without them. The key is in the URL so that the preflight,
 * which carries no body, can already be checked against the brand.
 */
const ALLOWED_METHODS = 'POST, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type';

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function answer(status: number, body: object, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      vary: 'Origin',
      ...headers,
    },
  });
}

async function allowedBrand(request: Request, keyFromBody?: string) {
  const origin = request.headers.get('origin');
  const key = new URL(request.url).searchParams.get('key') ?? keyFromBody ?? '';
  const brand = key ? await brandByPublishableKey(key) : null;
  if (!origin || !brand || !brand.allowedOrigins.includes(origin)) return null;
  return { brand, origin };
}

const refused = () =>
  answer(403, {
    success: false,
    reason: 'origin_not_allowed',
    message:
      'This site is not an allowed origin for that publishable key. Add it in Offerlink → Settings.',
  });

export async function snippetPreflight(request: Request): Promise<Response> {
  if (request.method !== 'OPTIONS') {
    return answer(
      405,
      {
        success: false,
        reason: 'method_not_allowed',
        message: '/api/js/convert takes POST (JSON), and OPTIONS for the CORS preflight.',
      },
      { allow: 'POST, OPTIONS' },
    );
  }
  const allowed = await allowedBrand(request);
  if (!allowed) return refused();
  return new Response(null, { status: 204, headers: corsHeaders(allowed.origin) });
}

export async function snippetConversion(request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return answer(
      405,
      {
        success: false,
        reason: 'method_not_allowed',
        message: '/api/js/convert takes POST (JSON), and OPTIONS for the CORS preflight.',
      },
      { allow: 'POST, OPTIONS' },
    );
  }
  const text = await request.text();
  let body: Record<string, unknown> = {};
  let malformed = text.length > MAX_BODY_BYTES;
  if (!malformed) {
    try {
      const parsed: unknown = JSON.parse(text || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      } else malformed = true;
    } catch {
      malformed = true;
    }
  }
  const str = (value: unknown) =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  const allowed = await allowedBrand(request, str(body.key) ?? undefined);
  if (!allowed) return refused();
  const cors = corsHeaders(allowed.origin);
  if (malformed) {
    return answer(
      400,
      { success: false, reason: 'malformed', message: 'The body must be a JSON object.' },
      cors,
    );
  }
  const result = await attributeConversion({
    brandId: allowed.brand.id,
    source: 'js',
    clickRef: str(body.clickId),
    couponCode: str(body.coupon),
    offerId: str(body.offerId),
    amount: str(body.amount),
    currency: str(body.currency),
    orderId: str(body.orderId),
    event: str(body.event),
    raw: Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k !== 'key')
        .map(([k, v]) => [k, str(v) ?? '']),
    ),
  });
  if (isPendingClick(result)) {
    return answer(
      503,
      { success: false, reason: result.reason, message: result.message },
      { ...cors, 'retry-after': String(result.retryAfterSeconds) },
    );
  }
  return answer(
    200,
    result.ok
      ? { success: true, conversion_id: result.conversionId, status: result.status }
      : {
          success: false,
          conversion_id: result.conversionId,
          reason: result.reason,
          message: result.message,
        },
    cors,
  );
}
