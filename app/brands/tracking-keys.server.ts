import { eq, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { notificationListener } from '../../db/listener';
import { badTokenCounts, brands } from '../../db/schema';
import { singleton } from '../../lib/singleton.server';
import { newPostbackToken, newPublishableKey } from './brands.server';

/**
 * The brand's tracking credentials: the postback token (secret, for server postbacks and as the
 * HMAC key), the publishable key (public, for the JavaScript snippet) and the snippet's allowed
 * origins. Lookups are cached in-process for the postback hot path; every change NOTIFYs all
 * processes in the changing transaction, so a rotated token stops working everywhere at once.
 */
export const TRACKING_KEYS_CHANNEL = 'offerlink_tracking_keys';

/** Upper bound on staleness should a notification ever be missed (e.g. a dropped listener). */
const CACHE_TTL_MS = 60_000;

export interface TrackingBrand {
  id: string;
  postbackToken: string;
  publishableKey: string;
  allowedOrigins: string[];
}

interface Entry {
  brand: TrackingBrand;
  at: number;
}

interface Cache {
  byToken: Map<string, Entry>;
  byKey: Map<string, Entry>;
  subscribed: boolean;
}

const cache = singleton('tracking-keys-cache', (): Cache => ({
  byToken: new Map(),
  byKey: new Map(),
  subscribed: false,
}));

export function clearTrackingKeyCache(): void {
  cache.byToken.clear();
  cache.byKey.clear();
}

/**
 * Caches only while this process hears changes, on its one LISTEN connection (db/listener.ts,
 * shared with the link cache): a change clears the cache, and so does every reconnect of the
 * listener (notifications may have been missed meanwhile).
 */
async function ensureListening(): Promise<boolean> {
  const listener = notificationListener();
  if (!cache.subscribed) {
    cache.subscribed = true;
    listener.subscribe(TRACKING_KEYS_CHANNEL, () => clearTrackingKeyCache());
    listener.onReset(() => clearTrackingKeyCache());
  }
  if (listener.isListening(TRACKING_KEYS_CHANNEL)) return true;
  return listener.ready();
}

const columns = {
  id: brands.id,
  postbackToken: brands.postbackToken,
  publishableKey: brands.publishableKey,
  allowedOrigins: brands.allowedOrigins,
};

async function lookup(
  map: Map<string, Entry>,
  value: string,
  column: typeof brands.postbackToken | typeof brands.publishableKey,
): Promise<TrackingBrand | null> {
  if (!value || value.length > 200) return null;
  const hit = map.get(value);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.brand;
  const listening = await ensureListening();
  const [brand] = await db.select(columns).from(brands).where(eq(column, value)).limit(1);
  if (!brand) return null;
  if (listening) map.set(value, { brand, at: Date.now() });
  return brand;
}

export function brandByPostbackToken(token: string): Promise<TrackingBrand | null> {
  return lookup(cache.byToken, token, brands.postbackToken);
}

export function brandByPublishableKey(key: string): Promise<TrackingBrand | null> {
  return lookup(cache.byKey, key, brands.publishableKey);
}

async function notifyChanged(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_notify(${TRACKING_KEYS_CHANNEL}, '')`);
}

export async function getTrackingKeys(brandId: string): Promise<TrackingBrand> {
  const [brand] = await db.select(columns).from(brands).where(eq(brands.id, brandId)).limit(1);
  if (!brand) throw new Error(`No brand ${brandId}`);
  return brand;
}

async function updateKeys(
  brandId: string,
  values: Partial<
    Pick<typeof brands.$inferInsert, 'postbackToken' | 'publishableKey' | 'allowedOrigins'>
  >,
) {
  await db.transaction(async (tx) => {
    await tx.update(brands).set(values).where(eq(brands.id, brandId));
    await notifyChanged(tx);
  });
  // This process drops its entries at once; the others on the NOTIFY.
  clearTrackingKeyCache();
}

/** A new postback token; the old one is refused from now on. */
export async function rotatePostbackToken(brandId: string): Promise<string> {
  const postbackToken = newPostbackToken();
  await updateKeys(brandId, { postbackToken });
  return postbackToken;
}

/** A new publishable key; snippets on the brand's site must be updated with it. */
export async function rotatePublishableKey(brandId: string): Promise<string> {
  const publishableKey = newPublishableKey();
  await updateKeys(brandId, { publishableKey });
  return publishableKey;
}

export async function setAllowedOrigins(brandId: string, origins: string[]): Promise<void> {
  await updateKeys(brandId, { allowedOrigins: origins });
}

/** A postback with an unknown token: counted for the UTC day, stored against no brand. */
export async function countBadToken(now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await db
    .insert(badTokenCounts)
    .values({ day, count: 1 })
    .onConflictDoUpdate({
      target: badTokenCounts.day,
      set: { count: sql`${badTokenCounts.count} + 1` },
    });
}
