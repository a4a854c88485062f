/**
 * What the brand does in each store's admin to connect it (shown on the offer's Tracking setup
 * tab). Plain data both the page and docs/store-connectors.md follow.
 */
export type StoreKindName = 'shopify' | 'woocommerce' | 'stripe';

export interface StoreSetup {
  kind: StoreKindName;
  name: string;
  secretLabel: string;
  secretHint: string;
  steps: string[];
  /** The one-line snippet for the store's theme or checkout, when it needs one. */
  snippet: { title: string; code: string } | null;
  shippingSetting: boolean;
}

export function storeSetups(base: string, publishableKey: string): StoreSetup[] {
  const tag = (extra: string) =>
    `<script src="${base}/js/offerlink.js" data-key="${publishableKey}"${extra} async></script>`;
  return [
    {
      kind: 'shopify',
      name: 'Shopify',
      secretLabel: 'Shopify webhook signing secret',
      secretHint:
        'Settings → Notifications → Webhooks: the key shown under the list ("Your webhooks will be signed with …"), or your custom app\'s API secret key.',
      steps: [
        'In Shopify admin, open Settings → Notifications → Webhooks and choose "Create webhook".',
        'Event "Order payment", format JSON, URL: the connector address below; latest API version. Save.',
        'Create a second webhook: event "Refund create", same format and address.',
        'Copy the signing secret shown under the webhooks list and paste it here.',
        "Add the theme snippet below to theme.liquid just before </head> so the click id reaches the cart (orders with a creator's discount code are credited without it).",
      ],
      snippet: {
        title: 'Theme snippet (theme.liquid)',
        code: tag(' data-shopify-cart'),
      },
      shippingSetting: true,
    },
    {
      kind: 'woocommerce',
      name: 'WooCommerce',
      secretLabel: 'WooCommerce webhook secret',
      secretHint:
        'The "Secret" field of the webhook in WooCommerce → Settings → Advanced → Webhooks.',
      steps: [
        'In WordPress, open WooCommerce → Settings → Advanced → Webhooks → Add webhook.',
        'Status Active, topic "Order updated", API version WP REST API Integration v3, delivery URL: the connector address below.',
        'Type a secret (or keep the generated one), paste the same secret here, then save the webhook.',
        "Add the script tag below to every page (footer) and the one-line hook to your theme's functions.php (or a code snippets plugin): it saves the click id in the order meta offerlink_click_id. Coupons are read without them.",
      ],
      snippet: {
        title: 'Site snippet (footer) and order hook (functions.php)',
        code: `${tag('')}\n<?php add_action('woocommerce_checkout_create_order', function ($order) { if (!empty($_COOKIE['offerlink_click'])) { $order->update_meta_data('offerlink_click_id', sanitize_text_field(wp_unslash($_COOKIE['offerlink_click']))); } });`,
      },
      shippingSetting: true,
    },
    {
      kind: 'stripe',
      name: 'Stripe',
      secretLabel: 'Stripe endpoint signing secret (whsec_…)',
      secretHint: 'Developers → Webhooks → your endpoint → Signing secret → Reveal.',
      steps: [
        'In the Stripe Dashboard, open Developers → Webhooks → Add endpoint, with the connector address below.',
        'Select the events checkout.session.completed, invoice.paid and charge.refunded. Add the endpoint.',
        'Reveal its signing secret (whsec_…) and paste it here.',
        "When you create Checkout Sessions, pass the click id as client_reference_id (the snippet's offerlink.clickId()) — or metadata.offerlink_click_id; for creator codes, copy the code the customer used into metadata.offerlink_code (Stripe's webhooks carry only the promotion code's id).",
      ],
      snippet: null,
      shippingSetting: false,
    },
  ];
}
