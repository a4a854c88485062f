import { SNIPPET_SOURCE } from '~/conversions/snippet-source.server';

export function loader() {
  return new Response(SNIPPET_SOURCE, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      // Shops embed it on every page: cache it, but let a fix reach them within the hour.
      'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    },
  });
}

/** POST, PUT, DELETE…: the snippet is a script to load, not an endpoint to call. */
export function action() {
  return new Response('Method not allowed. /js/offerlink.js is a script: load it with GET.\n', {
    status: 405,
    headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
  });
}
