/**
 * `Idempotency-Key` on writes (draft-ietf-httpapi-idempotency-key-header), stored in PostgreSQL
 * per API key for 24 hours:
 * - first time: a `running` row is committed before the handler runs (so a concurrent retry
 *   sees it), then the answer is stored (`done`);
 * - the same key with the same request (method, path, body) → the stored answer again, with
 *   `Idempotent-Replayed: true`;
 * - the same key with another request → 422; while the first is still running → 409;
 * - a 5xx is not stored (the row is dropped, a retry runs again); nor is a request whose process
 *   died: a `running` row older than 5 minutes is taken over by the next retry.
 * docs/decisions/044-rest-api-framework.md.
 */
import { createHash } from 'node:crypto';
import { db } from '../../db/client';
import { openSecret, sealSecret } from '../webhooks/secret-box.server';
import { ApiProblem } from './problem.server';

/**
 * A stored answer that holds a secret (a webhook endpoint's, decision 065) is kept sealed like
 * the endpoint's own secret (AES-256-GCM, decision 049): a copy of the database alone does not
 * reveal it. JSON never starts with this prefix, so a stored body says which it is.
 */
const SEALED = 'sealed:';

export const IDEMPOTENCY_TTL_HOURS = 24;
const TAKE_OVER_AFTER_SECONDS = 300;
export const IDEMPOTENCY_KEY_MAX = 255;

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\n${path}\n${body}`).digest('hex');
}

export interface StoredAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Claims `key` for this request. Returns null when the handler should run (the claim is held), or
 * the stored answer to replay; throws 409/422 problems.
 */
export async function claimIdempotencyKey(
  apiKeyId: string,
  key: string,
  fingerprint: string,
): Promise<StoredAnswer | null> {
  if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX) {
    throw new ApiProblem(
      'validation',
      `The Idempotency-Key header is 1 to ${IDEMPOTENCY_KEY_MAX} characters.`,
      [{ field: 'Idempotency-Key', message: `1 to ${IDEMPOTENCY_KEY_MAX} characters.` }],
    );
  }
  // Claim: a new row, or an expired one, or a running one whose process is gone.
  const claimed = await db.$client`
    insert into api_idempotency_keys as k (api_key_id, key, request_hash, state)
    values (${apiKeyId}, ${key}, ${fingerprint}, 'running')
    on conflict (api_key_id, key) do update set
      request_hash = excluded.request_hash, state = 'running', created_at = now(),
      response_status = null, response_body = null, response_headers = null
    where k.created_at <= now() - ${IDEMPOTENCY_TTL_HOURS} * interval '1 hour'
      or (k.state = 'running' and k.request_hash = excluded.request_hash
        and k.created_at <= now() - ${TAKE_OVER_AFTER_SECONDS} * interval '1 second')
    returning 1`;
  if (claimed.length === 1) return null;
  const [row] = await db.$client<
    {
      request_hash: string;
      state: string;
      response_status: number | null;
      response_body: string | null;
      response_headers: Record<string, string> | null;
    }[]
  >`
    select request_hash, state, response_status, response_body, response_headers
    from api_idempotency_keys where api_key_id = ${apiKeyId} and key = ${key}`;
  if (!row) {
    // Dropped in between (a 5xx of the first request): try once more.
    return claimIdempotencyKey(apiKeyId, key, fingerprint);
  }
  if (row.request_hash !== fingerprint) {
    throw new ApiProblem(
      'idempotency_key_reused',
      'This Idempotency-Key was used with another request (method, path or body). Use a new key for a new request.',
    );
  }
  if (row.state !== 'done') {
    throw new ApiProblem(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed. Retry after it finishes.',
      undefined,
      { 'Retry-After': '1' },
    );
  }
  const body = row.response_body ?? '';
  return {
    status: row.response_status ?? 200,
    body: body.startsWith(SEALED) ? openSecret(body.slice(SEALED.length)) : body,
    headers: row.response_headers ?? {},
  };
}

/** Stores the answer (status < 500) or gives the key up (5xx) so that a retry runs again. */
export async function settleIdempotencyKey(
  apiKeyId: string,
  key: string,
  answer: StoredAnswer,
  options: { sealed?: boolean } = {},
): Promise<void> {
  if (answer.status >= 500) {
    await db.$client`
      delete from api_idempotency_keys
      where api_key_id = ${apiKeyId} and key = ${key} and state = 'running'`;
    return;
  }
  const body = options.sealed ? `${SEALED}${sealSecret(answer.body)}` : answer.body;
  await db.$client`
    update api_idempotency_keys set state = 'done', response_status = ${answer.status},
      response_body = ${body}, response_headers = ${JSON.stringify(answer.headers)}::jsonb
    where api_key_id = ${apiKeyId} and key = ${key}`;
}

/** Deletes answers older than 24 hours (the hourly prune). Returns how many. */
export async function pruneIdempotencyKeys(): Promise<number> {
  const rows = await db.$client`
    delete from api_idempotency_keys
    where created_at <= now() - ${IDEMPOTENCY_TTL_HOURS} * interval '1 hour'
    returning 1`;
  return rows.length;
}
