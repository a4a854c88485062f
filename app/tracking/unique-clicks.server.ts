import { singleton } from '../singleton.server';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "Unique" means: no click on the same link from the same IP hash and user agent in the 24 hours
 * before (a sliding window: every click, unique or not, renews it). Kept in process memory, as a
 * bounded map in least-recently-seen order; keys are a SHA-256 of the three, so a long user agent
 * costs no more memory than a short one. See docs/decisions/010-redirect-fast-path.md for what this
 * means with several processes and across restarts.
 */
export class UniqueClickTracker {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Records a click and tells whether it is unique. */
  seen(linkId: string, ipHash: string, userAgentDigest: string, now: number): boolean {
    const key = linkId + ipHash.slice(0, 32) + userAgentDigest;
    const previous = this.lastSeen.get(key);
    if (previous !== undefined) this.lastSeen.delete(key);
    this.lastSeen.set(key, now);
    if (this.lastSeen.size > this.maxEntries) {
      this.lastSeen.delete(this.lastSeen.keys().next().value as string);
    }
    return previous === undefined || now - previous >= DAY_MS;
  }

  get size(): number {
    return this.lastSeen.size;
  }
}

export function uniqueClicks(): UniqueClickTracker {
  return singleton('tracking:unique-clicks', () => new UniqueClickTracker());
}
