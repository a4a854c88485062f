import { EventEmitter } from 'node:events';
import type postgres from 'postgres';
import { getDb } from '../../db/client';
import { notificationListener, type NotificationListener } from '../../db/listener';
import { renderLinkDestination, type UtmSettings, type UtmVariables } from '../links/destination';
import { appendClickId } from '../links/destination';
import { onLinkChange, type LinkChange } from '../links/link-events.server';
import { singleton } from '../../lib/singleton.server';

/** Everything the redirect needs about a link, read once and kept in memory. */
export interface CachedLink {
  linkId: string;
  code: string;
  brandId: string;
  offerId: string;
  memberId: string;
  payoutOptionId: string;
  paused: boolean;
  /** Set by the expiry job. */
  expired: boolean;
  /** The end date (ms); a click after it is not attributable even before the job has run. */
  endsAtMs: number | null;
  attributionWindowDays: number;
  clickIdParam: string;
  /** The default destination with UTM rendered, split around the click id: head + id + tail. */
  locationHead: string;
  locationTail: string;
  hasDeepLink: boolean;
  allowCreatorDeepLinks: boolean;
  offerUrl: string;
  additionalDomains: string[];
  utm: UtmSettings;
  vars: UtmVariables;
}

interface LinkRow {
  id: string;
  code: string;
  brand_id: string;
  offer_id: string;
  member_id: string;
  payout_option_id: string;
  deep_link: string | null;
  status: 'active' | 'paused';
  offer_url: string;
  offer_name: string;
  ends_at: string | Date | null;
  expired_at: string | Date | null;
  attribution_window_days: number;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  allow_creator_deep_links: boolean;
  additional_domains: string[];
  click_id_param: string;
  member_name: string;
  instagram: string | null;
  tiktok: string | null;
  project_name: string | null;
}

// Letters, digits and underscores: URLSearchParams writes them as they are, so the placeholder can
// be found in the rendered URL and replaced by each click's id.
const CLICK_ID_PLACEHOLDER = 'OFFERLINKCLICKIDPLACEHOLDER7f3a9c';

export function toCachedLink(row: LinkRow): CachedLink {
  const utm: UtmSettings = {
    utmSource: row.utm_source,
    utmMedium: row.utm_medium,
    utmCampaign: row.utm_campaign,
    utmContent: row.utm_content,
    utmTerm: row.utm_term,
  };
  const vars: UtmVariables = {
    creator_name: row.member_name,
    creator_ig_username: row.instagram,
    project_name: row.project_name,
    link_offer_name: row.offer_name,
    creator_tiktok_username: row.tiktok,
    member_id: row.member_id,
  };
  const base = renderLinkDestination(row.deep_link ?? row.offer_url, utm, vars);
  const withPlaceholder = appendClickId(base, row.click_id_param, CLICK_ID_PLACEHOLDER);
  const at = withPlaceholder.lastIndexOf(CLICK_ID_PLACEHOLDER);
  return {
    linkId: row.id,
    code: row.code,
    brandId: row.brand_id,
    offerId: row.offer_id,
    memberId: row.member_id,
    payoutOptionId: row.payout_option_id,
    paused: row.status === 'paused',
    expired: row.expired_at !== null,
    // drizzle's postgres.js client returns timestamps as text.
    endsAtMs: row.ends_at ? new Date(row.ends_at).getTime() : null,
    attributionWindowDays: row.attribution_window_days,
    clickIdParam: row.click_id_param,
    locationHead: withPlaceholder.slice(0, at),
    locationTail: withPlaceholder.slice(at + CLICK_ID_PLACEHOLDER.length),
    hasDeepLink: row.deep_link !== null,
    allowCreatorDeepLinks: row.allow_creator_deep_links,
    offerUrl: row.offer_url,
    additionalDomains: row.additional_domains,
    utm,
    vars,
  };
}

/** Thrown when too many unknown codes are being looked up at once (a flood of random codes). */
export class LinkLookupBusyError extends Error {
  constructor() {
    super('Too many link lookups in progress');
  }
}

export interface LinkCacheOptions {
  /** The postgres.js client to read links with; called on each use (it may be replaced). */
  client?: () => postgres.Sql;
  /** The LISTEN connection that delivers link changes (default: the process's one). */
  listener?: NotificationListener;
  maxEntries?: number;
  maxNegative?: number;
  /** How long an unknown code is remembered as unknown. */
  negativeTtlMs?: number;
  /** Safety net: entries are re-read after this long even without a notification. */
  ttlMs?: number;
  maxConcurrentLoads?: number;
  maxQueuedLoads?: number;
}

/**
 * The in-process link cache of the redirect. Bounded LRU of links by code, plus a bounded, short-
 * lived memory of unknown codes. Kept coherent across processes by the link-change events
 * (app/links/link-events.server.ts), heard on the process's one LISTEN connection
 * (db/listener.ts): `{offerId}`, `{linkIds}` and `{memberIds}` drop the matching entries; `{all}`
 * and every reset of the listener (a reconnect: notifications may have been missed) drop
 * everything. `events` emits `invalidated` (with the change) after applying one, and `reset`
 * after a reset, so tests can wait for them instead of sleeping.
 */
export class LinkCache {
  readonly events = new EventEmitter();
  private readonly entries = new Map<
    string,
    { link: CachedLink; expiresAt: number; touchedAt: number }
  >();
  private readonly negative = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<CachedLink | null>>();
  private generation = 0;
  private activeLoads = 0;
  private readonly queue: Array<() => void> = [];
  private subscription: { unsubscribe: () => void } | undefined;
  private readonly listener: NotificationListener;
  private readonly opts: Required<Omit<LinkCacheOptions, 'listener'>>;

  constructor(options: LinkCacheOptions = {}) {
    const { listener, ...rest } = options;
    this.listener = listener ?? notificationListener();
    this.opts = {
      client: () => getDb().$client,
      maxEntries: 100_000,
      maxNegative: 10_000,
      negativeTtlMs: 10_000,
      ttlMs: 10 * 60_000,
      maxConcurrentLoads: 8,
      maxQueuedLoads: 1_000,
      ...rest,
    };
    this.events.setMaxListeners(100);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The link for a code: synchronously when cached (the hot path allocates no promise), null when
   * known to be unknown, or a promise when it must be read.
   */
  resolve(code: string): CachedLink | null | Promise<CachedLink | null> {
    this.ensureListening();
    const now = Date.now();
    const hit = this.entries.get(code);
    if (hit && hit.expiresAt > now) {
      // Map order = least recently used first, kept by re-inserting: at most once a second per
      // link, as a delete and insert on every click churns the Map (V8 compacts its table).
      if (now - hit.touchedAt > 1000) {
        hit.touchedAt = now;
        this.entries.delete(code);
        this.entries.set(code, hit);
      }
      return hit.link;
    }
    const unknownUntil = this.negative.get(code);
    if (unknownUntil !== undefined) {
      if (unknownUntil > now) return null;
      this.negative.delete(code);
    }
    let pending = this.inflight.get(code);
    if (!pending) {
      pending = this.load(code).finally(() => this.inflight.delete(code));
      this.inflight.set(code, pending);
    }
    return pending;
  }

  private async load(code: string): Promise<CachedLink | null> {
    await this.acquire();
    try {
      const generation = this.generation;
      const rows = await this.opts.client()<LinkRow[]>`
        select l.id, l.code, l.brand_id, l.offer_id, l.member_id, l.payout_option_id, l.deep_link,
               o.status, o.offer_url, o.name as offer_name, o.ends_at, o.expired_at,
               o.attribution_window_days, o.utm_source, o.utm_medium, o.utm_campaign,
               o.utm_content, o.utm_term, o.allow_creator_deep_links, o.additional_domains,
               o.click_id_param, m.name as member_name, m.instagram, m.tiktok,
               (select p.name from project_members pm join projects p on p.id = pm.project_id
                 where pm.member_id = m.id order by lower(p.name), p.name limit 1) as project_name
          from links l
          join offers o on o.id = l.offer_id
          join members m on m.id = l.member_id
         where l.code = ${code}`;
      const link = rows[0] ? toCachedLink(rows[0]) : null;
      // An invalidation arrived while reading: the row may predate it, so do not keep it.
      if (generation === this.generation) this.store(code, link);
      return link;
    } finally {
      this.release();
    }
  }

  private store(code: string, link: CachedLink | null) {
    const now = Date.now();
    if (link) {
      this.entries.delete(code);
      this.entries.set(code, { link, expiresAt: now + this.opts.ttlMs, touchedAt: now });
      while (this.entries.size > this.opts.maxEntries) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
    } else {
      this.negative.set(code, now + this.opts.negativeTtlMs);
      while (this.negative.size > this.opts.maxNegative) {
        this.negative.delete(this.negative.keys().next().value as string);
      }
    }
  }

  private acquire(): Promise<void> {
    if (this.activeLoads < this.opts.maxConcurrentLoads) {
      this.activeLoads += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.opts.maxQueuedLoads) {
      return Promise.reject(new LinkLookupBusyError());
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.activeLoads += 1;
        resolve();
      }),
    );
  }

  private release() {
    this.activeLoads -= 1;
    this.queue.shift()?.();
  }

  /** Applies one link change (from a notification, or directly in tests). */
  apply(change: LinkChange) {
    this.generation += 1;
    if ('all' in change) {
      this.clear();
    } else if ('offerId' in change) {
      for (const [code, entry] of this.entries) {
        if (entry.link.offerId === change.offerId) this.entries.delete(code);
      }
    } else if ('memberIds' in change) {
      const ids = new Set(change.memberIds);
      for (const [code, entry] of this.entries) {
        if (ids.has(entry.link.memberId)) this.entries.delete(code);
      }
    } else if ('linkIds' in change) {
      const ids = new Set(change.linkIds);
      for (const [code, entry] of this.entries) {
        if (ids.has(entry.link.linkId)) this.entries.delete(code);
      }
      // A new link's code might have been looked up (and remembered as unknown) just before.
      this.negative.clear();
    }
    this.events.emit('invalidated', change);
  }

  clear() {
    this.generation += 1;
    this.entries.clear();
    this.negative.clear();
  }

  /** Resolves once this cache hears link changes (tests wait on it before changing data). */
  async ready(): Promise<void> {
    this.ensureListening();
    await this.listener.ready();
  }

  private ensureListening() {
    // Connects again after closeDb() (tests); a no-op while connected or retrying.
    this.listener.ensure();
    if (this.subscription) return;
    this.subscription = onLinkChange(
      (change) => this.apply(change),
      () => {
        this.clear();
        this.events.emit('reset');
      },
      this.listener,
    );
  }

  /** Stops hearing link changes. */
  close() {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}

/** The process's link cache, shared by the fast path and the Remix route. */
export function linkCache(): LinkCache {
  return singleton('tracking:link-cache', () => new LinkCache());
}
