import { singleton } from '../../lib/singleton.server';

/**
 * A fixed-window counter per key, in memory. Enough for one web process; a deployment with
 * several web processes multiplies the limit by their number (see docs/decisions/002-auth.md).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under the limit. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.windows.get(key);
    if (!entry || now - entry.start >= this.windowMs) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.start + this.windowMs - now) / 1000) : 0;
  }

  hit(key: string, now = Date.now()): void {
    const entry = this.windows.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 50_000) this.prune(now);
    } else {
      entry.count += 1;
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.windows) {
      if (now - entry.start >= this.windowMs) this.windows.delete(key);
    }
  }
}

/** Failed sign-ins: 10 per minute per client address, and 10 per minute per email. */
export const signInLimiter = singleton('sign-in-limiter', () => new RateLimiter(10, 60_000));
