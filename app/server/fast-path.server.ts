import type { IncomingMessage, ServerResponse } from 'node:http';
import { postbackFastPath } from '../conversions/postback-fast-path.server';
import { redirectFastPath } from '../tracking/redirect-fast-path.server';

/**
 * Handlers that answer before Express and Remix: the tracking hot path. Each returns true when it
 * took the request. They call the same modules as the equivalent Remix resource routes
 * (see docs/decisions/010-redirect-fast-path.md), so there is one implementation with two
 * entrances. Add a handler by adding it to this array.
 */
export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export const fastPathHandlers: FastPathHandler[] = [redirectFastPath, postbackFastPath];
