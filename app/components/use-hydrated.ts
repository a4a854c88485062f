import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and until the page's scripts have run (or for good, without
 * JavaScript), true after hydration. For controls that only script can enable again: a button
 * disabled "until something is selected" must stay enabled before hydration, or the form cannot
 * be sent at all (the server answers an empty selection with its message).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
