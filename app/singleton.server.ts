/**
 * One instance per process, even when a module is loaded twice: server.ts imports app modules
 * directly while the Remix server build bundles its own copy of them, and Vite's dev server
 * re-evaluates modules on every change. Connection pools, caches and write buffers must be shared.
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __offerlink?: Map<string, unknown> };
  store.__offerlink ??= new Map();
  if (!store.__offerlink.has(name)) store.__offerlink.set(name, create());
  return store.__offerlink.get(name) as T;
}

/** Forget a singleton (after closing it), so a later call creates a fresh one. */
export function forgetSingleton(name: string): void {
  const store = globalThis as unknown as { __offerlink?: Map<string, unknown> };
  store.__offerlink?.delete(name);
}
