import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  brandByPostbackToken,
  brandByPublishableKey,
  countBadToken,
  type TrackingBrand,
} from '../brands/tracking-keys.server';
import { resolveOfferReference } from '../offers/offer-numbers.server';
import {
  attributeConversion,
  isPendingClick,
  type AttributionResult,
  type TuneValues,
} from './attribute.server';
import { attributeRenewal } from './renewal.server';
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

/**
 * The first parameter given more than once (`amount=1&amount=2`), or null. Taking the last (or
 * first) silently could record the wrong amount or order: every way in refuses it instead.
 */
export function repeatedParameter(...sources: Iterable<[string, string]>[]): string | null {
  const seen = new Set<string>();
  for (const source of sources) {
    for (const [key] of source) {
      if (seen.has(key)) return key;
      seen.add(key);
    }
  }
  return null;
}

export function repeatedParameterMessage(name: string): string {
  return `The parameter ${name} is given more than once: send each parameter once.`;
}

function readParams(request: PostbackRequest): Record<string, string> {
  const query = [...new URLSearchParams(request.rawQuery)];
  let body: Array<[string, string]> = [];
  if (request.method === 'POST' && request.rawBody.trim() !== '') {
    if (request.contentType?.toLowerCase().includes('json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.rawBody);
      } catch {
        throw new Malformed('The body is not valid JSON.');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Malformed('The JSON body must be an object of parameters.');
      }
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string' || typeof value === 'number') body.push([key, String(value)]);
      }
    } else {
      body = [...new URLSearchParams(request.rawBody)];
    }
  }
  const repeated = repeatedParameter(query, body);
  if (repeated !== null) throw new Malformed(repeatedParameterMessage(repeated));
  return Object.fromEntries([...query, ...body]);
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
    if (error instanceof Malformed) {
      // TUNE's err_msg carries the sentence too: "malformed" alone does not say what to fix.
      return endpoint === 'tune'
        ? tune(400, false, `malformed: ${error.message}`)
        : refuse(400, 'malformed', error.message);
    }
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
      offerId: await resolveOfferReference(brand.id, params.offer_id),
      orderId: params.order_id || params.adv_unique1 || params.adv_sub,
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
  // An integer offer_id is an offer number or a previous TUNE offer id (decision 027).
  const offerId = await resolveOfferReference(brand.id, params.offer_id);
  const tuneValues: TuneValues = {
    goalId: params.goal_id,
    advSub: params.adv_sub,
    advSub2: params.adv_sub2,
    advSub3: params.adv_sub3,
    advSub4: params.adv_sub4,
    advSub5: params.adv_sub5,
  };
  const result =
    endpoint === 'tune'
      ? await attributeConversion({
          brandId: brand.id,
          source: 'tune',
          clickRef: params.transaction_id ?? params.click_id,
          // Everflow's and TUNE-era integrations' name for a coupon (decision 052).
          couponCode: params.coupon_code ?? params.coupon,
          offerId,
          amount: params.amount ?? params.sale_amount,
          currency: params.currency,
          // TUNE merchants send the order id in adv_unique1, or in adv_sub: duplicates are
          // refused on whichever is the order id.
          orderId: params.adv_unique1 || params.order_id || params.adv_sub,
          event: params.event,
          tune: tuneValues,
          raw,
        })
      : params.aff_id !== undefined && params.period !== undefined
        ? // A subscription renewal of the member's first sale order_id (decision 057).
          await attributeRenewal({
            brandId: brand.id,
            source: 'member_postback',
            memberId: params.aff_id,
            offerId,
            originalOrderId: params.order_id ?? '',
            period: params.period,
            amount: params.amount,
            currency: params.currency,
            raw,
          })
        : params.aff_id !== undefined
          ? await attributeConversion({
              brandId: brand.id,
              source: 'member_postback',
              memberId: params.aff_id,
              offerId,
              amount: params.amount,
              currency: params.currency,
              orderId: params.order_id,
              event: params.event,
              tune: tuneValues,
              raw,
            })
          : await attributeConversion({
              brandId: brand.id,
              source: 'postback',
              clickRef: params.transaction_id ?? params.click_id,
              couponCode: params.coupon_code ?? params.coupon,
              offerId,
              amount: params.amount,
              currency: params.currency,
              orderId: params.order_id,
              event: params.event,
              tune: tuneValues,
              raw,
            });
  return conversionAnswer(endpoint, result);
}
