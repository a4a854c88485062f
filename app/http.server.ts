import { data, type HeadersFunction } from '@remix-run/node';

/** Throws a 404 response unless the condition holds: for missing rows and other brands' ids. */
export function invariantResponse(
  condition: unknown,
  message = 'Not found',
  status = 404,
): asserts condition {
  if (!condition) {
    throw new Response(message, { status, headers: { 'content-type': 'text/plain' } });
  }
}

/** An action's answer for invalid input: field errors, status 400, nothing changed. */
export function badRequest<T extends Record<string, unknown>>(body: T) {
  return data(body, { status: 400 });
}

/**
 * A page route's `headers` export for forms that may answer 429: Remix sends an action's headers
 * only through this export, so without it the action's Retry-After never reaches the browser.
 */
export const headersWithRetryAfter: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const result = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) result.set('Retry-After', retryAfter);
  return result;
};
