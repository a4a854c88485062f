/**
 * Calling Remix loaders and actions directly in integration tests, as a signed-in brand user or
 * anonymously, with the headers server.ts would add.
 */
import { CLIENT_IP_HEADER } from '../app/auth/client-address.server';
import { eq } from 'drizzle-orm';
import { createSession, SESSION_COOKIE, type SessionOwner } from '../app/auth/session.server';
import { db } from '../db/client';
import { members } from '../db/schema';

export interface RouteResult {
  status: number;
  headers: Headers;
  /** The returned data (for `data()` and plain objects), or the parsed body of a Response. */
  body: unknown;
}

type RouteFn = (args: {
  request: Request;
  params: Record<string, string>;
  context: { cspNonce?: string };
}) => unknown;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs a loader or action; thrown responses (redirects, 404s) are results too. */
export async function callRoute(
  fn: RouteFn,
  request: Request,
  params: Record<string, string> = {},
): Promise<RouteResult> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) {
      return { status: result.status, headers: result.headers, body: await readBody(result) };
    }
    if (
      result &&
      typeof result === 'object' &&
      'type' in result &&
      (result as { type: unknown }).type === 'DataWithResponseInit'
    ) {
      const d = result as unknown as {
        data: unknown;
        init?: { status?: number; headers?: HeadersInit } | null;
      };
      return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data };
    }
    return { status: 200, headers: new Headers(), body: result };
  } catch (thrown) {
    if (thrown instanceof Response) {
      return { status: thrown.status, headers: thrown.headers, body: await readBody(thrown) };
    }
    throw thrown;
  }
}

export interface RequestOptions {
  method?: string;
  /** Form fields (sent url-encoded) or a ready FormData (multipart). */
  form?: Record<string, string | string[]> | FormData;
  cookie?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export function makeRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  headers.set(CLIENT_IP_HEADER, options.ip ?? '203.0.113.10');
  headers.set('origin', 'http://localhost');
  if (options.cookie) headers.set('cookie', options.cookie);
  let body: BodyInit | undefined;
  if (options.form instanceof FormData) {
    body = options.form;
  } else if (options.form) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    body = params;
  }
  return new Request(`http://localhost${path}`, {
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  });
}

/**
 * A session cookie for a brand user, or a creator (a member, signed in with their email address
 * unless `email` says otherwise), as the browser would send it.
 */
export async function sessionCookieFor(
  owner: { userId: string } | { memberId: string; email?: string },
) {
  let session: SessionOwner;
  if ('userId' in owner) session = owner;
  else {
    const [member] = await db
      .select({ email: members.email })
      .from(members)
      .where(eq(members.id, owner.memberId));
    session = { memberId: owner.memberId, email: owner.email ?? member.email };
  }
  const { token } = await createSession(session);
  return `${SESSION_COOKIE}=${token}`;
}
