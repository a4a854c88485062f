import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  brandByPostbackToken,
  brandByPublishableKey,
  countBadToken,
  type TrackingBrand,
} from '../brands/tracking-keys.server';
import { attributeConversion, isPendingClick, type AttributionResult } from './attribute.server';
import { reverseConversion } from './reverse.server';

/**
 * The merchant-server ways in: `/postback` (by click id, or by member with `aff_id`),
 * `/postback/reverse`, and TUNE's `/aff_lsr`. Transport-neutral: the node:http fast path
 * (postback-fast-path.server.ts, their one entrance: decision 021) hands over the raw query and
 * body and sends back the answer.
 */
export type PostbackEndpoint = 'postback' | 'reverse' | 'tune';

export const SIGNATURE_HEADER = 'x-offerlink-signature';
export const MAX_BODY_BYTES = 64 * 1024;

export interface PostbackRequest {
  method: string;
  /** The query string without its `?`, exactly as received (signed GETs are signed over it). */
  rawQuery: string;
  /** The body exactly as received (signed POSTs are signed over it). */
  rawBody: string;
  contentType: string | null;
  signature: string | null;
}

export interface PostbackAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Seconds, for a retryable answer (503). */
  retryAfter?: number;
  /** The methods the endpoint takes, for a 405. */
  allow?: string;
}

export function postbackEndpointFor(pathname: string): PostbackEndpoint | null {
  if (pathname === '/postback' || pathname === '/postback/') return 'postback';
  if (pathname === '/postback/reverse' || pathname === '/postback/reverse/') return 'reverse';
  if (pathname === '/aff_lsr' || pathname === '/aff_lsr/') return 'tune';
  return null;
}

function endpointPath(endpoint: PostbackEndpoint): string {
  return endpoint === 'postback'
    ? '/postback'
    : endpoint === 'reverse'
      ? '/postback/reverse'
      : '/aff_lsr';
}

class Malformed extends Error {}

function readParams(request: PostbackRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(request.rawQuery)) params[key] = value;
  if (request.method === 'POST' && request.rawBody.trim() !== '') {
    if (request.contentType?.toLowerCase().includes('json')) {
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody);
      } catch {
        throw new Malformed('The body is not valid JSON.');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw new Malformed('The JSON body must be an object of parameters.');
      }
      for (const [key, value] of Object.entries(body)) {
        if (typeof value === 'string' || typeof value === 'number') params[key] = String(value);
      }
    } else {
      for (const [key, value] of new URLSearchParams(request.rawBody)) params[key] = value;
    }
  }
  return params;
}

function signatureValid(request: PostbackRequest, key: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(request.signature?.trim() ?? '');
  if (!match) return false;
  const signed = request.method === 'POST' ? request.rawBody : request.rawQuery;
  const expected = createHmac('sha256', key).update(signed).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** The postback token (`security_token`), or an HMAC signature plus the publishable key (`pk`). */
async function authenticate(
  request: PostbackRequest,
  params: Record<string, string>,
): Promise<TrackingBrand | null> {
  if (params.security_token) return brandByPostbackToken(params.security_token);
  if (request.signature && params.pk) {
    const brand = await brandByPublishableKey(params.pk);
    return brand && signatureValid(request, brand.postbackToken) ? brand : null;
  }
  return null;
}

const json = (status: number, body: object): PostbackAnswer => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

const tune = (status: number, ok: boolean, error?: string): PostbackAnswer => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  // TUNE's answers; the error is kept on one line.
  body: ok ? 'success=true;' : `success=false; err_msg=${(error ?? '').replace(/[\r\n;]+/g, ' ')}`,
});

function withoutSecrets(params: Record<string, string>): Record<string, string> {
  const { security_token: _token, ...rest } = params;
  return rest;
}

function conversionAnswer(endpoint: PostbackEndpoint, result: AttributionResult): PostbackAnswer {
  if (isPendingClick(result)) {
    // Nothing stored: a 503 is what merchants (and TUNE integrations) retry.
    const answer =
      endpoint === 'tune'
        ? tune(503, false, result.reason)
        : json(503, { success: false, reason: result.reason, message: result.message });
    return { ...answer, retryAfter: result.retryAfterSeconds };
  }
  if (endpoint === 'tune') return tune(200, result.ok, result.ok ? undefined : result.reason);
  // Stored refusals answer 200: the merchant must not retry them.
  return result.ok
    ? json(200, { success: true, conversion_id: result.conversionId, status: result.status })
    : json(200, {
        success: false,
        conversion_id: result.conversionId,
        reason: result.reason,
        message: result.message,
      });
}

export async function handlePostback(
  endpoint: PostbackEndpoint,
  request: PostbackRequest,
): Promise<PostbackAnswer> {
  const refuse = (status: number, reason: string, message: string) =>
    endpoint === 'tune'
      ? tune(status, false, reason)
      : json(status, { success: false, reason, message });

  if (endpoint === 'tune' && request.method !== 'GET') {
    return {
      ...tune(405, false, 'method_not_allowed: the TUNE dialect (/aff_lsr) takes GET only.'),
      allow: 'GET',
    };
  }
  if (request.method !== 'GET' && request.method !== 'POST') {
    return {
      ...refuse(405, 'method_not_allowed', `${endpointPath(endpoint)} takes GET or POST.`),
      allow: 'GET, POST',
    };
  }
  let params: Record<string, string>;
  try {
    params = readParams(request);
  } catch (error) {
    if (error instanceof Malformed) return refuse(400, 'malformed', error.message);
    throw error;
  }

  const brand = await authenticate(request, params);
  if (!brand) {
    await countBadToken();
    return refuse(
      401,
      'bad_token',
      params.security_token || request.signature
        ? 'The security_token (or signature) is not valid. Copy it again from Settings.'
        : 'The postback is not authenticated: give security_token, or sign it (X-Offerlink-Signature with pk).',
    );
  }

  if (endpoint === 'reverse') {
    const result = await reverseConversion({
      brandId: brand.id,
      offerId: params.offer_id || null,
      orderId: params.order_id ?? params.adv_unique1,
    });
    return result.ok
      ? json(200, {
          success: true,
          conversion_id: result.conversionId,
          status: result.status,
          already_reversed: result.alreadyDone,
        })
      : json(result.reason === 'unknown_order' ? 404 : 409, {
          success: false,
          reason: result.reason,
          message: result.message,
        });
  }

  const raw = withoutSecrets(params);
  const result =
    endpoint === 'tune'
      ? await attributeConversion({
          brandId: brand.id,
          source: 'tune',
          clickRef: params.transaction_id ?? params.click_id,
          offerId: params.offer_id || null,
          amount: params.amount ?? params.sale_amount,
          currency: params.currency,
          orderId: params.adv_unique1 ?? params.order_id,
          event: params.adv_sub ?? params.event,
          raw,
        })
      : params.aff_id !== undefined
        ? await attributeConversion({
            brandId: brand.id,
            source: 'member_postback',
            memberId: params.aff_id,
            offerId: params.offer_id,
            amount: params.amount,
            currency: params.currency,
            orderId: params.order_id,
            event: params.event,
            raw,
          })
        : await attributeConversion({
            brandId: brand.id,
            source: 'postback',
            clickRef: params.transaction_id ?? params.click_id,
            offerId: params.offer_id || null,
            amount: params.amount,
            currency: params.currency,
            orderId: params.order_id,
            event: params.event,
            raw,
          });
  return conversionAnswer(endpoint, result);
}
