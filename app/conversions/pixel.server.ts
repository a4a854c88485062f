import { eq } from 'drizzle-orm';
import { db } from '../../db/client';
import { offers } from '../../db/schema';
import {
  attributeConversion,
  findClick,
  PENDING_CLICK,
  type AttributionResult,
} from './attribute.server';
import { isUuid } from '../ids';

/** Set by the redirect on Offerlink's own domain (app/tracking/redirect.server.ts CLICK_COOKIE). */
export const PIXEL_CLICK_COOKIE = 'ol_click';

/** 1×1 transparent GIF. */
export const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

export function clickIdFromCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === PIXEL_CLICK_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/**
 * `/pixel.gif?offer_id=&amount=&order_id=&currency=&event=`: the shopper's browser asks for the
 * image from the brand's thank-you page and sends the click cookie. There is no token: the brand
 * is the click's brand (or, for an unknown click, the brand of offer_id); when neither is known
 * there is no brand to store a refusal against, and nothing is stored. A click made a moment ago
 * that no writer has written yet is waited for, like a postback's (decision 020); still not
 * visible: PENDING_CLICK (nothing stored, answered 503).
 */
export async function recordPixelConversion(
  cookieHeader: string | null,
  params: URLSearchParams,
): Promise<AttributionResult | null> {
  const clickRef = clickIdFromCookie(cookieHeader);
  const offerId = params.get('offer_id');
  let brandId: string | null = null;
  if (isUuid(clickRef)) {
    const click = await findClick(clickRef.toLowerCase());
    if (click === 'retry') return PENDING_CLICK;
    brandId = click?.brand_id ?? null;
  }
  if (!brandId && isUuid(offerId)) {
    const [offer] = await db
      .select({ brandId: offers.brandId })
      .from(offers)
      .where(eq(offers.id, offerId.toLowerCase()))
      .limit(1);
    brandId = offer?.brandId ?? null;
  }
  if (!brandId) return null;
  return attributeConversion({
    brandId,
    source: 'pixel',
    clickRef,
    offerId,
    amount: params.get('amount'),
    currency: params.get('currency'),
    orderId: params.get('order_id'),
    event: params.get('event'),
    raw: Object.fromEntries(params),
  });
}
