import { singleton } from '../lib/singleton.server';

type Hook = { name: string; run: () => Promise<void> | void };

/**
 * Work that must finish before the database goes away on shutdown (e.g. flushing buffered
 * clicks). Hooks run in registration order, after the HTTP server stops taking requests.
 */
const hooks = singleton('shutdown-hooks', () => [] as Hook[]);

export function onShutdown(name: string, run: Hook['run']): void {
  if (!hooks.some((h) => h.name === name)) hooks.push({ name, run });
}

export async function runShutdownHooks(log: (line: string) => void = () => {}): Promise<void> {
  for (const hook of hooks.splice(0)) {
    try {
      await hook.run();
    } catch (error) {
      log(`shutdown hook ${hook.name} failed: ${String(error)}`);
    }
  }
}
