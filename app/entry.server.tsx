/**
 * Server rendering (Remix's default Node entry) plus what every page needs from the security
 * headers: the request's CSP nonce on every inline script Remix and React write, and
 * `Cache-Control: no-store` on every page and data answer (decision 026).
 */
import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceProvider } from './components/nonce';
import { noStoreUnlessSet } from './server/cache-control.server';
import { withoutNulBytes } from './server/html-stream.server';
import { routeAllow } from './server/method-not-allowed.server';
import { targetRouteId } from './server/route-target.server';

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? '';
  // Bots and SPA mode get the whole document at once; browsers get the shell as soon as it is ready.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  noStoreUnlessSet(responseHeaders);
  if (responseStatusCode === 405) {
    // A form method the page does not take (it has no action): say which it does (root.tsx
    // renders the page, without Remix's internal message).
    const target = targetRouteId(remixContext.manifest.routes, request.url);
    responseHeaders.set(
      'Allow',
      routeAllow(Boolean(target && remixContext.manifest.routes[target]?.hasAction)),
    );
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      // Not a plain PassThrough: React 18 can write NUL bytes into the HTML (see withoutNulBytes).
      const body = withoutNulBytes();
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors of the shell itself are logged by Remix when the promise rejects.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/** Loader and action answers of client navigations (`.data`): never stored either. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  noStoreUnlessSet(response.headers);
  return response;
};

/**
 * Remix's default (log unless the client went away), except a 405: a client posting to a page
 * that takes no post is the client's mistake, answered by the 405 page, not a server error.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // An unknown address (a browser's /favicon.ico, a mistyped URL) or a wrong method is the
  // client's error, answered with its page: nothing for the server's log.
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 405)) return;
  const internal = isRouteErrorResponse(error) && (error as { error?: unknown }).error;
  console.error(internal || error);
};
