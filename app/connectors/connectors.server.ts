import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../../db/client';
import { connectorDeliveries, offers, storeConnectors } from '../../db/schema';
import { generateToken } from '../tokens.server';
import { storeSetups } from './store-setup';
import {
  forgetConnector,
  parseStoreJson,
  processDelivery,
  type Connector,
  type ConnectorAnswer,
  type StoreKind,
} from './deliveries.server';

export const STORE_KINDS = ['shopify', 'woocommerce', 'stripe'] as const;
export const STORE_NAMES: Record<StoreKind, string> = {
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  stripe: 'Stripe',
};

/** The connector form: the store's signing secret and the shipping setting. */
export const connectorSchema = z
  .object({
    kind: z.enum(STORE_KINDS, { error: 'Choose Shopify, WooCommerce or Stripe.' }),
    signingSecret: z
      .string()
      .trim()
      .min(8, 'Paste the signing secret: 8 to 300 characters.')
      .max(300, 'Paste the signing secret: 8 to 300 characters.'),
    includeShipping: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  })
  .refine((v) => v.kind !== 'stripe' || v.signingSecret.startsWith('whsec_'), {
    path: ['signingSecret'],
    message: 'A Stripe endpoint secret starts with whsec_ (Developers → Webhooks → your endpoint).',
  });
export type ConnectorInput = z.input<typeof connectorSchema>;

export interface ConnectorView {
  id: string;
  kind: StoreKind;
  token: string;
  includeShipping: boolean;
  createdAt: Date;
  /** The secret's last 4 characters, to tell which one is saved. */
  secretHint: string;
}

export async function connectorsOfOffer(
  brandId: string,
  offerId: string,
): Promise<ConnectorView[]> {
  const rows = await db
    .select()
    .from(storeConnectors)
    .where(and(eq(storeConnectors.brandId, brandId), eq(storeConnectors.offerId, offerId)));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    token: r.token,
    includeShipping: r.includeShipping,
    createdAt: r.createdAt,
    secretHint: r.signingSecret.slice(-4),
  }));
}

export type SaveResult =
  | { ok: true; connector: ConnectorView }
  | { ok: false; fieldErrors: Record<string, string[] | undefined> };

/** Creates the offer's connector for the store, or changes its secret and shipping setting. */
export async function saveConnector(
  brandId: string,
  offerId: string,
  input: ConnectorInput,
): Promise<SaveResult> {
  const parsed = connectorSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const [offer] = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.brandId, brandId)));
  if (!offer) return { ok: false, fieldErrors: { kind: ['The offer is not one of this brand.'] } };
  const { kind, signingSecret, includeShipping } = parsed.data;
  const [row] = await db
    .insert(storeConnectors)
    .values({ brandId, offerId, kind, token: generateToken(24), signingSecret, includeShipping })
    .onConflictDoUpdate({
      target: [storeConnectors.offerId, storeConnectors.kind],
      set: { signingSecret, includeShipping, updatedAt: new Date() },
    })
    .returning();
  forgetConnector(row.token);
  const [view] = (await connectorsOfOffer(brandId, offerId)).filter((c) => c.id === row.id);
  return { ok: true, connector: view };
}

export async function deleteConnector(brandId: string, connectorId: string): Promise<boolean> {
  const rows = await db
    .delete(storeConnectors)
    .where(and(eq(storeConnectors.id, connectorId), eq(storeConnectors.brandId, brandId)))
    .returning({ token: storeConnectors.token });
  for (const r of rows) forgetConnector(r.token);
  return rows.length > 0;
}

export async function deliveriesOf(brandId: string, connectorId: string, limit = 100) {
  return db
    .select({
      id: connectorDeliveries.id,
      receivedAt: connectorDeliveries.receivedAt,
      topic: connectorDeliveries.topic,
      externalId: connectorDeliveries.externalId,
      verdict: connectorDeliveries.verdict,
      message: connectorDeliveries.message,
      httpStatus: connectorDeliveries.httpStatus,
      conversionId: connectorDeliveries.conversionId,
      replayOf: connectorDeliveries.replayOf,
      rawBody: connectorDeliveries.rawBody,
    })
    .from(connectorDeliveries)
    .where(
      and(
        eq(connectorDeliveries.brandId, brandId),
        eq(connectorDeliveries.connectorId, connectorId),
      ),
    )
    .orderBy(desc(connectorDeliveries.receivedAt))
    .limit(limit);
}

export type ReplayResult =
  { ok: true; answer: ConnectorAnswer } | { ok: false; message: string; status: 404 | 409 };

/**
 * "Replay" of a delivery that failed on our side: its stored body is processed again (its
 * signature was checked when it arrived) and logged as a new delivery pointing to it.
 */
export async function replayDelivery(brandId: string, deliveryId: string): Promise<ReplayResult> {
  const [row] = await db
    .select({
      delivery: connectorDeliveries,
      connector: storeConnectors,
      clickIdParam: offers.clickIdParam,
    })
    .from(connectorDeliveries)
    .innerJoin(storeConnectors, eq(storeConnectors.id, connectorDeliveries.connectorId))
    .innerJoin(offers, eq(offers.id, storeConnectors.offerId))
    .where(and(eq(connectorDeliveries.id, deliveryId), eq(connectorDeliveries.brandId, brandId)));
  if (!row) return { ok: false, status: 404, message: 'Delivery not found.' };
  if (row.delivery.verdict !== 'failed') {
    return {
      ok: false,
      status: 409,
      message: 'Only a delivery that failed on our side can be replayed.',
    };
  }
  const connector: Connector = {
    id: row.connector.id,
    brandId: row.connector.brandId,
    offerId: row.connector.offerId,
    kind: row.connector.kind,
    signingSecret: row.connector.signingSecret,
    includeShipping: row.connector.includeShipping,
    clickIdParam: row.clickIdParam,
  };
  let body: unknown;
  try {
    body =
      row.connector.kind === 'stripe'
        ? JSON.parse(row.delivery.rawBody)
        : parseStoreJson(row.delivery.rawBody);
  } catch {
    return { ok: false, status: 409, message: 'The delivery body is not JSON.' };
  }
  const answer = await processDelivery(
    connector,
    row.delivery.topic,
    body,
    row.delivery.rawBody,
    row.delivery.id,
  );
  return { ok: true, answer };
}

/** The Tracking setup tab's store connectors panel: the steps, and the offer's connectors. */
export async function connectorPanel(
  brandId: string,
  offerId: string,
  publishableKey: string,
  base: string,
) {
  const connectors = await connectorsOfOffer(brandId, offerId);
  return {
    setups: storeSetups(base, publishableKey),
    connectors: connectors.map((c) => ({
      id: c.id,
      kind: c.kind,
      url: `${base}/connectors/${c.kind}/${c.token}`,
      includeShipping: c.includeShipping,
      secretHint: c.secretHint,
    })),
  };
}

/** A connector of the brand's offer, for its delivery log's heading. */
export async function connectorOfOffer(brandId: string, offerId: string, connectorId: string) {
  const [row] = await db
    .select({ id: storeConnectors.id, kind: storeConnectors.kind })
    .from(storeConnectors)
    .where(
      and(
        eq(storeConnectors.id, connectorId),
        eq(storeConnectors.brandId, brandId),
        eq(storeConnectors.offerId, offerId),
      ),
    );
  return row ?? null;
}
