import { db } from '../../db/client';

/**
 * Sign-in throttling shared by every web process: counters live in PostgreSQL
 * (`sign_in_throttle`), one fixed window per key. An attempt is counted *before* the password is
 * checked, in one statement for all its keys, so concurrent guesses spread over several processes
 * cannot get more than `limit` password checks per window; a successful sign-in gives its attempt
 * back. See docs/decisions/017-shared-state-across-processes.md.
 */
export class SignInThrottle {
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    // The hourly prune keeps counters for the longest window: a longer one would be cut short.
    if (windowMs > LONGEST_THROTTLE_WINDOW_MS) {
      throw new Error(`A throttle window is at most ${LONGEST_THROTTLE_WINDOW_MS} ms.`);
    }
  }

  /**
   * Counts one attempt against every key. Returns 0 when the attempt may go ahead, else the
   * seconds until the earliest moment every key is under its limit again (for `Retry-After`).
   */
  async attempt(keys: string[]): Promise<number> {
    const rows = await db.$client<{ attempts: number; remaining_ms: number }[]>`
      insert into sign_in_throttle as t (key, window_start, attempts)
      select k, now(), 1 from unnest(${keys}::text[]) as k order by k
      on conflict (key) do update set
        window_start = case when t.window_start <= now() - ${this.windowMs} * interval '1 millisecond'
          then now() else t.window_start end,
        attempts = case when t.window_start <= now() - ${this.windowMs} * interval '1 millisecond'
          then 1 else t.attempts + 1 end
      returning attempts,
        (extract(epoch from window_start - now()) * 1000 + ${this.windowMs})::float8 as remaining_ms`;
    let retryAfter = 0;
    for (const row of rows) {
      if (row.attempts > this.limit) {
        retryAfter = Math.max(retryAfter, Math.max(1, Math.ceil(row.remaining_ms / 1000)));
      }
    }
    return retryAfter;
  }

  /** A successful attempt: `reset` keys start afresh, the others get the attempt back. */
  async succeeded(keys: string[], reset: string[]): Promise<void> {
    await db.$client`
      with gone as (delete from sign_in_throttle where key = any(${reset}::text[]))
      update sign_in_throttle set attempts = greatest(attempts - 1, 0)
      where key = any(${keys.filter((k) => !reset.includes(k))}::text[])`;
  }
}

/**
 * The longest window of any throttle (the creator sign-in links' 15 minutes per address). The
 * counters of every throttle share one table, so the prune keeps each row this long.
 */
export const LONGEST_THROTTLE_WINDOW_MS = 15 * 60_000;

/**
 * Deletes counters whose window has ended whatever throttle they belong to (the hourly job).
 * Returns how many.
 */
export async function pruneThrottleCounters(): Promise<number> {
  const rows = await db.$client`
    delete from sign_in_throttle
    where window_start <= now() - ${LONGEST_THROTTLE_WINDOW_MS} * interval '1 millisecond'
    returning 1`;
  return rows.length;
}

/** Sign-in attempts: 10 per minute per client address, and 10 per minute per email. */
export const signInThrottle = new SignInThrottle(10, 60_000);
