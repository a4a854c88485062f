import type { Writable } from 'node:stream';
import {
  createRequestHandler as createRemixRequestHandler,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node';
// Remix's own Express request builder (not re-exported by the package's index).
import { createRemixRequest } from '@remix-run/express/dist/server.js';
import type { RequestHandler, Response as ExpressResponse } from 'express';
import { resourceMethodNotAllowed, routeAllow } from './method-not-allowed.server';

const FORM_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Express → Remix, like `@remix-run/express`'s createRequestHandler, except that a streamed body
 * is written with backpressure: Remix's adapter writes every chunk as soon as the stream yields
 * it, so a large download (a CSV export read from a cursor) to a slow client would pile up in
 * memory. Here the next chunk is read only once the socket has taken the last one, and a client
 * that goes away cancels the stream (which closes the cursor behind it). A form method to a
 * resource route that takes none gets a plain 405 with `Allow` (decision 038).
 */
export function createRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: 'development' | 'production';
  /** What loaders, actions and entry.server receive as `context` (e.g. the CSP nonce). */
  getLoadContext?: (req: Parameters<RequestHandler>[0], res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handleRequest = createRemixRequestHandler(options.build, options.mode);
  return async (req, res, next) => {
    try {
      let response = await handleRequest(
        createRemixRequest(req, res),
        options.getLoadContext?.(req, res),
      );
      // A form method to a route without an action. A resource route: Remix answers 405 with
      // its JSON "Unexpected Server Error" and no Allow; answer like the tracking endpoints
      // instead. A page's `.data` request (Remix's client protocol): add the Allow it lacks. (A
      // page's 405 is the app's error page, with Allow: entry.server.tsx and root.tsx.)
      if (response.status === 405 && FORM_METHODS.has(req.method)) {
        if (response.headers.has('x-remix-error')) {
          await response.body?.cancel();
          response = resourceMethodNotAllowed(req.method);
        } else if (!response.headers.has('allow')) {
          response.headers.set('allow', routeAllow(false));
        }
      }
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  await writeWithBackpressure(response.body, res);
}

/**
 * Copies a web stream to a Node writable, waiting for 'drain' whenever the writable's buffer is
 * full; cancels the stream when the writable closes early.
 */
export async function writeWithBackpressure(body: ReadableStream<Uint8Array>, out: Writable) {
  const reader = body.getReader();
  let closedEarly = false;
  const onClose = () => {
    closedEarly = true;
    void reader.cancel().catch(() => {});
  };
  out.once('close', onClose);
  try {
    while (!closedEarly) {
      const { done, value } = await reader.read();
      if (done) {
        out.end();
        return;
      }
      if (!out.write(value)) {
        await new Promise<void>((resolve) => {
          const settle = () => {
            out.off('drain', settle);
            out.off('close', settle);
            resolve();
          };
          out.on('drain', settle);
          out.on('close', settle);
        });
      }
    }
  } catch (error) {
    out.destroy(error as Error);
    throw error;
  } finally {
    out.off('close', onClose);
    reader.releaseLock();
  }
}
