import { notificationListener } from '../../db/listener';
import { singleton } from '../../lib/singleton.server';
import { clickIdTime, CLICK_ID_PATTERN } from '../tracking/click-id.server';
import { CLICKS_WRITTEN_CHANNEL, clickWriter, settleClicks } from '../tracking/click-writer.server';

/**
 * A conversion may be reported milliseconds after its click, through another process than the one
 * that made the click (docs/decisions/020). Clicks are written in batches (every ~50 ms), so such a
 * click may not be visible yet. A click id is a UUIDv7 that carries its creation time: a click id
 * not found that is too new to have been written yet is waited for, and if it is still not visible
 * the conversion is answered with a retryable status, never refused `unknown_click`.
 */

/** How long after a click's time a conversion waits for the click to become visible. */
export const FRESH_CLICK_WAIT_MS = 1_000;
/**
 * A missing click younger than this is answered "retry" rather than refused: a writer that could
 * not reach the database keeps its clicks and retries (decision 010), and clocks differ a little
 * between machines. An older missing click is refused `unknown_click`.
 */
export const FRESH_CLICK_RETRY_MS = 10 * 60_000;
/** A click id from the future beyond this is not a click of ours (clock skew between machines). */
const FUTURE_SKEW_MS = 60_000;
/** First re-check without a notification; doubles up to the last one. */
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 200;

export type ClickFreshness = 'fresh' | 'recent' | 'old';

/**
 * `fresh`: the click may still be in a writer's buffer (wait for it); `recent`: it should be
 * written by now but a writer may be retrying (answer "retry"); `old`: refuse. Ids that are not
 * UUIDv7 carry no time: `old`.
 */
export function clickFreshness(clickId: string, now = Date.now()): ClickFreshness {
  if (!CLICK_ID_PATTERN.test(clickId)) return 'old';
  const age = now - clickIdTime(clickId);
  if (age < -FUTURE_SKEW_MS) return 'old';
  if (age < FRESH_CLICK_WAIT_MS) return 'fresh';
  return age < FRESH_CLICK_RETRY_MS ? 'recent' : 'old';
}

interface Wakers {
  waiting: Set<() => void>;
  subscribed: boolean;
}

const wakers = singleton('conversions:fresh-click-wakers', (): Wakers => ({
  waiting: new Set(),
  subscribed: false,
}));

/** Resolves when any process's click writer committed a batch, or after `ms` at the latest. */
function clicksWritten(ms: number): Promise<void> {
  if (!wakers.subscribed) {
    wakers.subscribed = true;
    notificationListener().subscribe(CLICKS_WRITTEN_CHANNEL, () => {
      const waiting = [...wakers.waiting];
      wakers.waiting.clear();
      for (const wake of waiting) wake();
    });
  }
  notificationListener().ensure();
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      wakers.waiting.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    wakers.waiting.add(wake);
  });
}

export type ClickLookup<T> = { found: T } | { retry: true } | { missing: true };

/**
 * Looks a click up with `lookup`; when it is not found and too new to have been written, waits:
 * this process's buffered clicks are written at once (settle), and clicks of other processes are
 * looked for again whenever a click writer commits (NOTIFY), with polling as a fallback, until
 * FRESH_CLICK_WAIT_MS after the click's time. Still not visible: `retry` (never a refusal).
 */
export async function lookUpClick<T>(
  clickId: string,
  lookup: () => Promise<T | null>,
): Promise<ClickLookup<T>> {
  const first = await lookup();
  if (first) return { found: first };
  const freshness = clickFreshness(clickId);
  if (freshness === 'old') {
    // No time to go by (not a UUIDv7) or long gone; this process's buffer is still worth a look.
    if (!clickWriter().unsettled) return { missing: true };
    await settleClicks();
    const settled = await lookup();
    return settled ? { found: settled } : { missing: true };
  }
  const start = Date.now();
  const deadline =
    freshness === 'fresh' ? Math.min(clickIdTime(clickId), start) + FRESH_CLICK_WAIT_MS : start; // Recent: one more look after settling, no waiting.
  let poll = FIRST_POLL_MS;
  for (;;) {
    // The click may be in this process's buffer: write it now rather than in up to 50 ms.
    if (clickWriter().unsettled) await settleClicks();
    const again = await lookup();
    if (again) return { found: again };
    const left = deadline - Date.now();
    if (left <= 0) return { retry: true };
    await clicksWritten(Math.min(poll, left));
    poll = Math.min(poll * 2, MAX_POLL_MS);
  }
}
