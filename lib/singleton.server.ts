/**
 * One instance per process, even when a module is loaded twice: server.ts imports app modules
 * directly while the Remix server build bundles its own copy of them, and Vite's dev server
 * re-evaluates modules on every change. Connection pools, caches and write buffers must be shared.
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __offerlink?: Map<string, unknown> };
  const instances = (store.__offerlink ??= new Map());
  // One lookup on the hot path (the redirect asks for several singletons per click).
  let instance = instances.get(name) as T | undefined;
  if (instance === undefined && !instances.has(name)) {
    instance = create();
    instances.set(name, instance);
  }
  return instance as T;
}

/** Forget a singleton (after closing it), so a later call creates a fresh one. */
export function forgetSingleton(name: string): void {
  const store = globalThis as unknown as { __offerlink?: Map<string, unknown> };
  store.__offerlink?.delete(name);
}
