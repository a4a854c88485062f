import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A handler that answers before Express and Remix: the tracking hot path. It returns true when it
 * took the request. Each calls the same module as the equivalent Remix resource route (see
 * docs/decisions/010-redirect-fast-path.md), so there is one implementation with two entrances.
 * server.ts holds the list of handlers; this HTTP plumbing imports no area, so the areas' handlers
 * can use its type without an import circle.
 */
export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean;
