import type { VisitorGroup } from './click-batch.server';

/**
 * How far `click_visitors.last_seen` may lag a visitor's real last click of a link
 * (docs/decisions/039-visitor-groups-per-batch.md): a process upserts a visitor at most about once
 * per this long; decideUniqueClicks checks the clicks themselves when a decision falls within it
 * of the 24-hour mark, and the prune keeps rows this much longer.
 */
export const VISITOR_RENEW_MS = 1_000;

/**
 * What one process knows is in `click_visitors` already: for each link and visitor it upserted in
 * the last second or two (visitorKey()), the `last_seen` its committed batch wrote (PostgreSQL's
 * is that or later, never earlier). A group of that visitor's clicks that starts at or after that
 * time and ends less than VISITOR_RENEW_MS after it needs no upsert: a committed click precedes
 * all of them within 24 hours, so none is unique, and `last_seen` then lags the visitor's last
 * click by less than VISITOR_RENEW_MS, which the decision allows for. Nothing here is a promise
 * to keep: losing it (a restart, a crash) only means the next clicks are upserted.
 */
export class RecentVisitors {
  /** Two generations, swapped every VISITOR_RENEW_MS: older entries cannot cover a group. */
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private swappedAt = 0;

  /** Whether every click of `group` is known not to be unique, with no upsert needed. */
  covers(group: VisitorGroup): boolean {
    const seen = this.current.get(group.key) ?? this.previous.get(group.key);
    return seen !== undefined && seen <= group.firstMs && group.lastMs < seen + VISITOR_RENEW_MS;
  }

  /** Records the groups whose upserts a batch just committed. */
  remember(groups: readonly VisitorGroup[], now = Date.now()) {
    if (now - this.swappedAt >= VISITOR_RENEW_MS) {
      this.previous = this.current;
      this.current = new Map();
      this.swappedAt = now;
    }
    for (const group of groups) {
      const known = this.current.get(group.key);
      if (known === undefined || known < group.lastMs) this.current.set(group.key, group.lastMs);
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
