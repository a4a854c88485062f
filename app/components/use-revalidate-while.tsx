import { useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';

/**
 * Reloads the page's loader data every `intervalMs` while `active` (a job queued or running:
 * its progress shows without a reload), skipping a tick while a reload is still under way.
 */
export function useRevalidateWhile(active: boolean, intervalMs = 1000) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, revalidator]);
}

/**
 * The same without JavaScript: a `<noscript>` refresh of the whole page every `seconds` while
 * `active` (a browser running scripts ignores it; `useRevalidateWhile` does the work there).
 */
export function RefreshWithoutScript({
  active,
  seconds = 2,
}: {
  active: boolean;
  seconds?: number;
}) {
  return active ? (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  ) : null;
}
