import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { notificationListener, type NotificationListener } from '../../db/listener';

/**
 * "A link's destination may have changed": the one home of these events (docs/decisions/020).
 * Every writer of an input to a cached destination calls one of the functions below inside its
 * transaction: offers (URL, UTM, status, end date, expiry), links (created, changed, removed),
 * members (name, Instagram and TikTok usernames, archived, deleted) and projects (name,
 * membership, deleted: the first project's name is `project_name`). PostgreSQL delivers the
 * NOTIFY on commit, and not at all on rollback, to every process; each process hears it on its
 * one LISTEN connection (db/listener.ts), where the link cache subscribes with `onLinkChange`.
 */
export const LINK_CHANGES_CHANNEL = 'offerlink_link_cache';

export type LinkChange =
  { offerId: string } | { linkIds: string[] } | { memberIds: string[] } | { all: true };

async function notify(tx: Tx, change: LinkChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${LINK_CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}

/** NOTIFY payloads are capped at 8,000 bytes: 150 UUIDs (~5.7 kB of JSON) per message. */
const IDS_PER_NOTIFY = 150;

async function notifyIds(tx: Tx, key: 'linkIds' | 'memberIds', ids: string[]) {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IDS_PER_NOTIFY) {
    const chunk = unique.slice(i, i + IDS_PER_NOTIFY);
    await notify(tx, key === 'linkIds' ? { linkIds: chunk } : { memberIds: chunk });
  }
}

/** An offer was edited, paused, resumed or expired: every link of it must be re-read. */
export function offerLinksChanged(tx: Tx, offerId: string): Promise<void> {
  return notify(tx, { offerId });
}

/** Links were created, changed or removed. */
export function linksChanged(tx: Tx, linkIds: string[]): Promise<void> {
  return notifyIds(tx, 'linkIds', linkIds);
}

/**
 * Members' names or usernames changed, they were archived or deleted, or their projects changed
 * (which may change their `project_name`): every link of theirs must be re-read.
 */
export function memberLinksChanged(tx: Tx, memberIds: string[]): Promise<void> {
  return notifyIds(tx, 'memberIds', memberIds);
}

/** Parses a notification; anything unexpected is `{all}` (forget everything, to be safe). */
export function parseLinkChange(payload: string): LinkChange {
  try {
    const change = JSON.parse(payload) as Partial<Record<string, unknown>>;
    if (typeof change.offerId === 'string') return { offerId: change.offerId };
    if (Array.isArray(change.linkIds)) return { linkIds: change.linkIds.map(String) };
    if (Array.isArray(change.memberIds)) return { memberIds: change.memberIds.map(String) };
  } catch {
    // Fall through.
  }
  return { all: true };
}

/**
 * Subscribes a cache to link changes from every process, and to resets (after the LISTEN
 * connection (re)connects, notifications may have been missed: the cache must forget everything).
 */
export function onLinkChange(
  apply: (change: LinkChange) => void,
  reset: () => void,
  listener: NotificationListener = notificationListener(),
): { unsubscribe: () => void; isListening: () => boolean } {
  const unsubscribe = listener.subscribe(LINK_CHANGES_CHANNEL, (payload) =>
    apply(parseLinkChange(payload)),
  );
  const unreset = listener.onReset(reset);
  return {
    unsubscribe: () => {
      unsubscribe();
      unreset();
    },
    isListening: () => listener.isListening(LINK_CHANGES_CHANNEL),
  };
}
