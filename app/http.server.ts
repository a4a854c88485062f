import { data } from '@remix-run/node';

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
