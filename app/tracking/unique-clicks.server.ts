import { singleton } from '../../lib/singleton.server';

const DAY_SECONDS = 24 * 60 * 60;
/**
 * Times are kept as whole seconds since this process started: small integers, which V8 stores in
 * the map itself, where a millisecond timestamp would be a heap number allocated on every click
 * (garbage that outlives the young generation, as the map does).
 */
const START_MS = Date.now();

/**
 * "Unique" means: no click on the same link from the same IP hash and user agent in the 24 hours
 * before (a sliding window: every click, unique or not, renews it). Kept in process memory, bounded
 * by two generations of maps: clicks go into the current one; when it is full it becomes the
 * previous one (the one before is forgotten), and a visitor found only in the previous generation
 * is carried over. So the most recently seen visitors are always remembered, and no map ever
 * deletes single entries (which, at thousands of clicks per second, costs V8's hash tables far more
 * than the lookups). See docs/decisions/010-redirect-fast-path.md for what this means with several
 * processes and across restarts.
 */
type Generation = Map<string, Map<string, Map<string, number>>>;

export class UniqueClickTracker {
  // link id → IP hash → user agent digest → last click (seconds since START_MS). Nested rather than one map with a
  // joined key: the three strings are the same objects click after click (the link cache's, and
  // the memoised hash and digest), so V8 hashes each once; a joined key would be a new string to
  // build and hash on every click.
  private current: Generation = new Map();
  private previous: Generation = new Map();
  private currentSize = 0;
  private previousSize = 0;
  private readonly generationSize: number;

  constructor(maxEntries = 200_000) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  /** Records a click and tells whether it is unique. */
  seen(linkId: string, ipHash: string, userAgentDigest: string, now: number): boolean {
    const at = Math.floor((now - START_MS) / 1000);
    let byIp = this.current.get(linkId);
    let byAgent = byIp?.get(ipHash);
    let last = byAgent?.get(userAgentDigest);
    if (last === undefined) {
      last = this.previous.get(linkId)?.get(ipHash)?.get(userAgentDigest);
      if (this.currentSize >= this.generationSize) {
        this.previous = this.current;
        this.previousSize = this.currentSize;
        this.current = new Map();
        this.currentSize = 0;
        byIp = undefined;
        byAgent = undefined;
      }
      this.currentSize += 1;
      if (!byIp) this.current.set(linkId, (byIp = new Map()));
      if (!byAgent) byIp.set(ipHash, (byAgent = new Map()));
    }
    // A visitor seen before: the maps found above are in the current generation.
    byAgent!.set(userAgentDigest, at);
    return last === undefined || at - last >= DAY_SECONDS;
  }

  /** Visitors remembered (at most `maxEntries`; one seen in both generations counts twice). */
  get size(): number {
    return this.currentSize + this.previousSize;
  }
}

export function uniqueClicks(): UniqueClickTracker {
  return singleton('tracking:unique-clicks', () => new UniqueClickTracker());
}
