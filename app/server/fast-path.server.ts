import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A handler that answers before Express and Remix: the tracking endpoints (`/l/:code`, the
 * postbacks, `/pixel.gif`). It returns true when it took the request, whatever its method (a wrong
 * one is a 405 with `Allow`). The handlers are these endpoints' one entrance: there is no Remix
 * route behind them (docs/decisions/010 and 021). server.ts holds the list of handlers; this HTTP
 * plumbing imports no area, so the areas' handlers can use its type without an import circle.
 */
export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean;
