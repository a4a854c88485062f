import { singleton } from './singleton.server';

interface Waiting<K, R> {
  key: K;
  resolve: (answer: R) => void;
  reject: (error: unknown) => void;
}

/**
 * A lookup whose calls made in one event-loop turn share one `load` of all their keys (one query
 * instead of one per call: the postbacks' clicks and codes, the connectors' duplicate check).
 * `load` answers in the order of the keys it was given. A failed load fails every call of its
 * batch. `name` keeps one queue per process (see singleton).
 */
export function perTurnBatch<K, R>(
  name: string,
  load: (keys: K[]) => Promise<R[]>,
): (key: K) => Promise<R> {
  const state = singleton(`per-turn-batch:${name}`, () => ({
    queue: [] as Waiting<K, R>[],
    scheduled: false,
  }));
  return (key) =>
    new Promise<R>((resolve, reject) => {
      state.queue.push({ key, resolve, reject });
      if (state.scheduled) return;
      state.scheduled = true;
      setImmediate(() => {
        state.scheduled = false;
        const batch = state.queue;
        state.queue = [];
        load(batch.map((w) => w.key)).then(
          (answers) => batch.forEach((w, i) => w.resolve(answers[i])),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        );
      });
    });
}
