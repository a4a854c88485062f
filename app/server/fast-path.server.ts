import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Handlers that answer before Express and Remix: the tracking hot path. Each returns true when it
 * took the request. They call the same modules as the equivalent Remix resource routes
 * (see docs/decisions/), so there is one implementation with two entrances.
 */
export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export const fastPathHandlers: FastPathHandler[] = [];
