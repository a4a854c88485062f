import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db, getDb } from '../../db/client';
import {
  attributeConversion,
  isPendingClick,
  startLookups,
  type AttributionResult,
  type ConversionReport,
} from '../conversions/attribute.server';
import { refundConversion } from '../conversions/refund.server';
import { attributeRenewal } from '../conversions/renewal.server';
import { perTurnBatch } from '../../lib/per-turn-batch.server';
import { singleton } from '../../lib/singleton.server';
import { translateShopify, verifyShopify } from './shopify.server';
import { translateStripe, verifyStripe } from './stripe.server';
import type { StoreEvent } from './store-event';
import { isWooPing, translateWooCommerce, verifyWooCommerce } from './woocommerce.server';

export type StoreKind = 'shopify' | 'woocommerce' | 'stripe';
export type Verdict = 'accepted' | 'refused' | 'duplicate' | 'refunded' | 'ignored' | 'failed';

export const MAX_DELIVERY_BYTES = 1024 * 1024;

export interface Connector {
  id: string;
  brandId: string;
  offerId: string;
  kind: StoreKind;
  signingSecret: string;
  includeShipping: boolean;
  clickIdParam: string;
}

export interface ConnectorAnswer {
  status: number;
  body: string;
}

interface Cached {
  connector: Connector | null;
  at: number;
}

/** A connector changed in this process is dropped at once; other processes see it within 10 s. */
const CACHE_MS = 10_000;
const cache = singleton('store-connector-cache', () => new Map<string, Cached>());

export function forgetConnector(token: string): void {
  cache.delete(token);
}

async function connectorByToken(kind: StoreKind, token: string): Promise<Connector | null> {
  const now = Date.now();
  const hit = cache.get(token);
  if (hit && now - hit.at < CACHE_MS) return hit.connector?.kind === kind ? hit.connector : null;
  const sqlc = getDb().$client;
  const [row] = await sqlc<
    {
      id: string;
      brand_id: string;
      offer_id: string;
      kind: StoreKind;
      signing_secret: string;
      include_shipping: boolean;
      click_id_param: string;
    }[]
  >`
    select c.id, c.brand_id, c.offer_id, c.kind, c.signing_secret, c.include_shipping,
           o.click_id_param
      from store_connectors c join offers o on o.id = c.offer_id
     where c.token = ${token}`;
  const connector: Connector | null = row
    ? {
        id: row.id,
        brandId: row.brand_id,
        offerId: row.offer_id,
        kind: row.kind,
        signingSecret: row.signing_secret,
        includeShipping: row.include_shipping,
        clickIdParam: row.click_id_param,
      }
    : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(token, { connector, at: now });
  return connector?.kind === kind ? connector : null;
}

const answer = (status: number, body: object): ConnectorAnswer => ({
  status,
  body: JSON.stringify(body),
});

/**
 * A webhook delivery to `/connectors/<kind>/<token>`: the connector, the store's signature (a
 * missing or bad one is a 401 and nothing is stored), the translation, then what it means
 * (an order attributed, a renewal, a refund), logged with the raw body and the verdict.
 */
export async function receiveDelivery(
  kind: StoreKind,
  token: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
): Promise<ConnectorAnswer> {
  const connector = await connectorByToken(kind, token);
  if (!connector) {
    return answer(404, { success: false, message: 'No connector at this address.' });
  }
  let topic: string;
  let body: unknown;
  if (kind === 'stripe') {
    const event = verifyStripe(
      rawBody,
      headers['stripe-signature'] ?? null,
      connector.signingSecret,
    );
    if (!event) return unauthorized('Stripe-Signature');
    topic = event.type;
    body = event;
  } else {
    const header = kind === 'shopify' ? 'x-shopify-hmac-sha256' : 'x-wc-webhook-signature';
    const signature = headers[header] ?? null;
    if (kind === 'woocommerce' && !signature && isWooPing(rawBody)) {
      return answer(200, { success: true, message: 'Ping received.' });
    }
    const verify = kind === 'shopify' ? verifyShopify : verifyWooCommerce;
    if (!verify(rawBody, signature, connector.signingSecret)) {
      return unauthorized(kind === 'shopify' ? 'X-Shopify-Hmac-Sha256' : 'X-WC-Webhook-Signature');
    }
    topic = (kind === 'shopify' ? headers['x-shopify-topic'] : headers['x-wc-webhook-topic']) ?? '';
    try {
      body = parseStoreJson(rawBody);
    } catch {
      await logDelivery(connector, {
        topic,
        externalId: null,
        rawBody,
        verdict: 'ignored',
        message: 'The body is not JSON.',
        httpStatus: 400,
        conversionId: null,
      });
      return answer(400, { success: false, message: 'The body is not JSON.' });
    }
  }
  return processDelivery(connector, topic, body, rawBody, null);
}

/**
 * JSON.parse, with integers too long for a double (Shopify's ids in its examples: 18 digits)
 * kept exact as strings: an order id must come out as it went in.
 */
export function parseStoreJson(rawBody: string): unknown {
  return JSON.parse(rawBody.replace(/(:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

function unauthorized(header: string): ConnectorAnswer {
  return answer(401, {
    success: false,
    message: `The ${header} signature is missing, wrong or too old. Check the signing secret saved in Offerlink.`,
  });
}

function translate(connector: Connector, topic: string, body: unknown): StoreEvent[] {
  const settings = {
    includeShipping: connector.includeShipping,
    clickIdParam: connector.clickIdParam,
  };
  if (connector.kind === 'shopify') return translateShopify(topic, body, settings);
  if (connector.kind === 'woocommerce') return translateWooCommerce(topic, body, settings);
  return translateStripe(body as { type: string; data: { object: unknown } }, settings);
}

interface Outcome {
  verdict: Verdict;
  message: string;
  conversionId: string | null;
  externalId: string | null;
  /** 503 for a click not visible yet; 500 for our failures. */
  httpStatus: number;
}

const RANK: Record<Verdict, number> = {
  ignored: 0,
  duplicate: 1,
  refused: 2,
  accepted: 3,
  refunded: 4,
  failed: 5,
};

/** Translates and acts; logs the delivery (a replay of `replayOf` when given). */
export async function processDelivery(
  connector: Connector,
  topic: string,
  body: unknown,
  rawBody: string,
  replayOf: string | null,
): Promise<ConnectorAnswer> {
  let outcome: Outcome;
  try {
    const outcomes: Outcome[] = [];
    for (const event of translate(connector, topic, body)) {
      outcomes.push(await act(connector, event));
    }
    outcome = outcomes.reduce((a, b) => (RANK[b.verdict] >= RANK[a.verdict] ? b : a));
    if (outcomes.length > 1) {
      outcome = { ...outcome, message: outcomes.map((o) => o.message).join(' ') };
    }
  } catch (error) {
    console.error('store connector delivery failed:', error);
    outcome = {
      verdict: 'failed',
      message: 'It failed on our side; the store retries it, or use Replay.',
      conversionId: null,
      externalId: null,
      httpStatus: 500,
    };
  }
  const deliveryId = await logDelivery(connector, { topic, rawBody, replayOf, ...outcome });
  return answer(outcome.httpStatus, {
    success: outcome.httpStatus < 400,
    delivery_id: deliveryId,
    verdict: outcome.verdict,
    conversion_id: outcome.conversionId,
    message: outcome.message,
  });
}

/**
 * One order at a time per (offer, order id) in this process, so a store's concurrent retries
 * of one order make one conversion and the others answer `duplicate` (across processes the
 * unique index decides; the loser is stored refused as `duplicate_order`).
 */
const orderLocks = singleton('store-order-locks', () => new Map<string, Promise<unknown>>());

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = orderLocks.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.catch(() => undefined);
  orderLocks.set(key, tail);
  try {
    return await run;
  } finally {
    if (orderLocks.get(key) === tail) orderLocks.delete(key);
  }
}

/**
 * The accepted conversion of an order, if any. The orders that arrive in one event-loop turn are
 * looked up in one query (as the postbacks' clicks are): a query per order cost the connector a
 * third of its throughput (decision 062).
 */
const acceptedConversion = perTurnBatch(
  'connector-accepted-orders',
  async (keys: { offerId: string; orderId: string }[]) => {
    // postgres.js directly: on this path drizzle's query building costs more than the query.
    const sqlc = getDb().$client;
    const rows = await sqlc<{ offer_id: string; order_id: string; id: string }[]>`
      select c.offer_id, c.order_id, c.id
        from unnest(${keys.map((k) => k.offerId)}::uuid[], ${keys.map((k) => k.orderId)}::text[])
             as k(offer_id, order_id)
        join conversions c on c.offer_id = k.offer_id and c.order_id = k.order_id
       where c.reason is null`;
    const found = new Map(rows.map((r) => [`${r.offer_id}:${r.order_id}`, r.id]));
    return keys.map((k) => found.get(`${k.offerId}:${k.orderId}`) ?? null);
  },
);

function fromAttribution(result: AttributionResult, externalId: string): Outcome {
  if (isPendingClick(result)) {
    return {
      verdict: 'failed',
      message: result.message,
      conversionId: null,
      externalId,
      httpStatus: 503,
    };
  }
  if (result.ok) {
    return {
      verdict: 'accepted',
      message: `Credited: commission ${result.commissionMinor} (minor units of ${result.currency}).`,
      conversionId: result.conversionId,
      externalId,
      httpStatus: 200,
    };
  }
  return {
    verdict: result.reason === 'duplicate_order' ? 'duplicate' : 'refused',
    message: `${result.reason}: ${result.message}`,
    conversionId: result.conversionId,
    externalId,
    httpStatus: 200,
  };
}

/**
 * A store order as a report for the one attribution function: the click id and the discount code
 * (SPEC §6; a click and a code of different members: the brand's conflict rule decides). Source
 * `code` when the code decided, else the store's name.
 */
function storeOrderReport(
  connector: Connector,
  event: Extract<StoreEvent, { type: 'order' }>,
): ConversionReport {
  return {
    brandId: connector.brandId,
    source: connector.kind,
    clickRef: event.clickRef,
    couponCode: event.couponCode,
    offerId: connector.offerId,
    amount: event.amount,
    currency: event.currency,
    orderId: event.orderId,
    event: 'sale',
    raw: {
      connector: connector.kind,
      order_id: event.orderId,
      ...(event.couponCode ? { coupon_code: event.couponCode } : {}),
    },
  };
}

async function act(connector: Connector, event: StoreEvent): Promise<Outcome> {
  if (event.type === 'ignore') {
    return {
      verdict: 'ignored',
      message: event.message,
      conversionId: null,
      externalId: null,
      httpStatus: 200,
    };
  }
  if (event.type === 'order') {
    return oneAtATime(`${connector.offerId}:${event.orderId}`, async () => {
      // The click and code lookups start with the duplicate check: one round of queries.
      const report = storeOrderReport(connector, event);
      const lookups = startLookups(report);
      const existing = await acceptedConversion({
        offerId: connector.offerId,
        orderId: event.orderId,
      });
      if (existing) {
        return {
          verdict: 'duplicate' as const,
          message: `The order ${event.orderId} is already credited.`,
          conversionId: existing,
          externalId: event.orderId,
          httpStatus: 200,
        };
      }
      return fromAttribution(await attributeConversion(report, new Date(), lookups), event.orderId);
    });
  }
  if (event.type === 'renewal') {
    const externalId = `${event.originalOrderId}:${event.period}`;
    return oneAtATime(`${connector.offerId}:${externalId}`, async () => {
      const existing = await acceptedConversion({
        offerId: connector.offerId,
        orderId: externalId,
      });
      if (existing) {
        return {
          verdict: 'duplicate' as const,
          message: `The renewal ${externalId} is already credited.`,
          conversionId: existing,
          externalId,
          httpStatus: 200,
        };
      }
      const result = await attributeRenewal({
        brandId: connector.brandId,
        source: connector.kind,
        offerId: connector.offerId,
        originalOrderId: event.originalOrderId,
        period: event.period,
        amount: event.amount,
        currency: event.currency,
        raw: { connector: connector.kind, order_id: externalId },
      });
      return fromAttribution(result, externalId);
    });
  }
  const result = await refundConversion({
    brandId: connector.brandId,
    offerId: connector.offerId,
    orderId: event.orderId,
    ref: event.ref,
    refund: event.refund,
    note: `Refunded in ${connector.kind === 'woocommerce' ? 'WooCommerce' : connector.kind === 'shopify' ? 'Shopify' : 'Stripe'} (${event.ref.split(':').slice(1).join(':') || event.ref}).`,
  });
  if (!result.ok) {
    return {
      verdict: 'ignored',
      message: result.message,
      conversionId: null,
      externalId: event.orderId,
      httpStatus: 200,
    };
  }
  return {
    verdict: result.outcome === 'unchanged' ? 'duplicate' : 'refunded',
    message: result.message,
    conversionId: result.conversionId,
    externalId: event.orderId,
    httpStatus: 200,
  };
}

interface DeliveryRow {
  topic: string;
  externalId: string | null;
  rawBody: string;
  verdict: Verdict;
  message: string;
  httpStatus: number;
  conversionId: string | null;
  replayOf?: string | null;
}

interface DeliveryValues {
  id: string;
  brand_id: string;
  connector_id: string;
  topic: string;
  external_id: string | null;
  raw_body: string;
  verdict: Verdict;
  message: string;
  http_status: number;
  conversion_id: string | null;
  replay_of: string | null;
}

interface PendingDelivery {
  values: DeliveryValues;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const deliveryWriter = singleton('connector-delivery-writer', () => ({
  queue: [] as PendingDelivery[],
  inFlight: 0,
  scheduled: false,
}));

/**
 * Logs a delivery; resolves once its row is committed. Like the conversion writer, rows that
 * arrive together share one INSERT (one commit), so the log does not halve the connector's
 * throughput (docs/benchmarks.md).
 */
async function logDelivery(connector: Connector, d: DeliveryRow): Promise<string> {
  const id = randomUUID();
  const values: DeliveryValues = {
    id,
    brand_id: connector.brandId,
    connector_id: connector.id,
    topic: d.topic.slice(0, 100),
    external_id: d.externalId?.slice(0, 200) ?? null,
    raw_body: d.rawBody,
    verdict: d.verdict,
    message: d.message.slice(0, 1000),
    http_status: d.httpStatus,
    conversion_id: d.conversionId,
    replay_of: d.replayOf ?? null,
  };
  await new Promise<void>((resolve, reject) => {
    deliveryWriter.queue.push({ values, resolve, reject });
    if (deliveryWriter.scheduled) return;
    deliveryWriter.scheduled = true;
    setImmediate(() => {
      deliveryWriter.scheduled = false;
      pumpDeliveries();
    });
  });
  return id;
}

function pumpDeliveries(): void {
  while (deliveryWriter.inFlight < 4 && deliveryWriter.queue.length > 0) {
    const batch = deliveryWriter.queue.splice(0, 200);
    deliveryWriter.inFlight++;
    const sqlc = getDb().$client;
    // A VALUES list, not unnest(text[]): an array literal escapes every quote of the raw bodies
    // on both sides (twice the CPU per row, measured in docs/benchmarks.md).
    sqlc`insert into connector_deliveries ${sqlc(
      batch.map((p) => p.values) as unknown as Record<string, string | number | null>[],
      'id',
      'brand_id',
      'connector_id',
      'topic',
      'external_id',
      'raw_body',
      'verdict',
      'message',
      'http_status',
      'conversion_id',
      'replay_of',
    )}`
      .then(
        () => batch.forEach((p) => p.resolve()),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        deliveryWriter.inFlight--;
        pumpDeliveries();
      });
  }
}

/** Deliveries older than 30 days (the daily `connectors__prune_deliveries`). */
export async function pruneDeliveries(now: Date = new Date()): Promise<number> {
  const result = await db.execute(sql`
    delete from connector_deliveries
     where received_at < ${now.toISOString()}::timestamptz - interval '30 days'`);
  return result.count ?? 0;
}
