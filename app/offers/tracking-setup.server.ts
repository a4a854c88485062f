import { publicUrl } from '../config.server';
import type { TrackingMethodValue } from './options';

export interface SetupStep {
  title: string;
  description: string;
  /** Exactly what to paste or call; shown with a copy button. */
  code: string;
}

export interface TrackingSetup {
  method: TrackingMethodValue;
  steps: SetupStep[];
  notes: string[];
}

/**
 * What a brand installs for an offer's tracking method: script tags, postback URLs or the pixel,
 * filled in with this installation's address and the brand's keys. Amounts are decimal strings in
 * major units (49.99).
 */
export function trackingSetup(
  offer: {
    id: string;
    trackingMethod: TrackingMethodValue;
    currency: string;
    clickIdParam: string;
    offerNumber: number;
  },
  keys: { postbackToken: string; publishableKey: string },
  base: string = publicUrl(),
): TrackingSetup {
  const { id, currency } = offer;
  const reversal: SetupStep = {
    title: 'Reverse a conversion (refunds and chargebacks)',
    description: 'Call this from your server with the order id of the refunded order.',
    code: `GET ${base}/postback/reverse?offer_id=${id}&order_id={order_id}&security_token=${keys.postbackToken}`,
  };
  const tokenNote =
    'The security token is secret: call these URLs only from your server, never from a browser. Rotate it in Settings if it leaks.';
  switch (offer.trackingMethod) {
    case 'js_postback':
      return {
        method: 'js_postback',
        steps: [
          {
            title: '1. On every landing page',
            description:
              'Add this script to every page a tracking link can land on. It stores the click id automatically (offerlink.identify() runs on load).',
            code: `<script src="${base}/js/offerlink.js" data-key="${keys.publishableKey}" async></script>`,
          },
          {
            title: '2. On the thank-you (order confirmation) page',
            description:
              'Report the conversion with the order amount in major units (49.99) and your order id. Keep the script from step 1 on this page too.',
            code: `<script>window.offerlink = window.offerlink || []; offerlink.push(['convert', { amount: '49.99', orderId: 'ORDER-123', currency: '${currency}' }]);</script>`,
          },
        ],
        notes: [
          'Add your shop’s origin (for example https://shop.example.com) to the allowed origins in Settings, or conversions from the script are refused.',
        ],
      };
    case 'server_postback':
      return {
        method: 'server_postback',
        steps: [
          {
            title: '1. Store the click id',
            description: `When a shopper lands on your site, store the “${offer.clickIdParam}” parameter of the landing URL with their session or order.`,
            code: offer.clickIdParam,
          },
          {
            title: '2. Call the postback when an order completes',
            description:
              'Replace {transaction_id} with the stored click id, {amount} with the order amount in major units (49.99) and {order_id} with your order id.',
            code: `GET ${base}/postback?transaction_id={transaction_id}&amount={amount}&order_id={order_id}&currency=${currency}&security_token=${keys.postbackToken}`,
          },
          {
            title: 'Or: the TUNE (HasOffers) compatible form',
            description: `Moving from TUNE? Keep your integration and change only the host name; it answers success=true; like TUNE. offer_id is this offer’s number (${offer.offerNumber}), or its previous TUNE offer id if you set one below. The order id may come in adv_unique1 or adv_sub; goal_id and adv_sub2–adv_sub5 are stored with the conversion.`,
            code: `GET ${base}/aff_lsr?offer_id=${offer.offerNumber}&transaction_id={transaction_id}&amount={amount}&adv_unique1={order_id}&security_token=${keys.postbackToken}`,
          },
          reversal,
        ],
        notes: [tokenNote],
      };
    case 'server_postback_member':
      return {
        method: 'server_postback_member',
        steps: [
          {
            title: '1. Report each conversion by member',
            description:
              'For subscriptions and renewals: replace {member_id} with the member’s id, {amount} with the amount in major units (49.99) and {order_id} with your order or invoice id.',
            code: `GET ${base}/postback?aff_id={member_id}&offer_id=${id}&amount={amount}&order_id={order_id}&security_token=${keys.postbackToken}`,
          },
          reversal,
        ],
        notes: [
          'Find each member’s id in this offer’s links table (the Links tab) and store it with the customer when they sign up.',
          tokenNote,
        ],
      };
    case 'pixel':
      return {
        method: 'pixel',
        steps: [
          {
            title: 'On the thank-you (order confirmation) page',
            description:
              'Add this image tag, with {amount} as the order amount in major units (49.99) and {order_id} as your order id. It uses the click-id cookie set when the shopper followed the link.',
            code: `<img src="${base}/pixel.gif?offer_id=${id}&amount={amount}&order_id={order_id}" width="1" height="1" alt="">`,
          },
        ],
        notes: [
          'Pixels depend on the shopper’s browser keeping the cookie; server postbacks are more reliable where you can use them.',
        ],
      };
  }
}
