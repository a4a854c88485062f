import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';

/**
 * Link-cache invalidation across processes: whoever changes an offer or a link calls one of these
 * inside its transaction; PostgreSQL delivers the NOTIFY on commit (and not at all on rollback) to
 * every process's link cache (app/tracking/link-cache.server.ts listens on this channel).
 */
export const LINK_CACHE_CHANNEL = 'offerlink_link_cache';

export type LinkCacheEvent = { offerId: string } | { linkIds: string[] } | { all: true };

export async function notifyLinkCache(tx: Tx, event: LinkCacheEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${LINK_CACHE_CHANNEL}, ${JSON.stringify(event)})`);
}

/** An offer was edited, paused, resumed or expired: every link of it must be re-read. */
export function invalidateOfferLinks(tx: Tx, offerId: string): Promise<void> {
  return notifyLinkCache(tx, { offerId });
}

/** NOTIFY payloads are capped at 8,000 bytes: 150 UUIDs (~5.7 kB of JSON) per message. */
const LINK_IDS_PER_NOTIFY = 150;

/** Links were created, changed or removed. */
export async function invalidateLinks(tx: Tx, linkIds: string[]): Promise<void> {
  for (let i = 0; i < linkIds.length; i += LINK_IDS_PER_NOTIFY) {
    await notifyLinkCache(tx, { linkIds: linkIds.slice(i, i + LINK_IDS_PER_NOTIFY) });
  }
}
