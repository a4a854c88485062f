/**
 * The API's rate limit: a fixed window per key, counted in PostgreSQL (`api_rate_counters`), so
 * every web process shares it (the sign-in throttle's design, decision 017). Each answer carries
 * the IETF draft's `RateLimit-Policy` and `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers),
 * a 429 also `Retry-After`. docs/decisions/044-rest-api-framework.md.
 */
import { db } from '../../db/client';

/** Requests per window per key, and the window. Tests may lower the limit. */
export const apiRateLimit = { limit: 600, windowSeconds: 60 };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export async function countApiRequest(apiKeyId: string): Promise<RateDecision> {
  const { limit, windowSeconds } = apiRateLimit;
  const [row] = await db.$client<{ requests: number; remaining_ms: number }[]>`
    insert into api_rate_counters as c (api_key_id, window_start, requests)
    values (${apiKeyId}, now(), 1)
    on conflict (api_key_id) do update set
      window_start = case when c.window_start <= now() - ${windowSeconds} * interval '1 second'
        then now() else c.window_start end,
      requests = case when c.window_start <= now() - ${windowSeconds} * interval '1 second'
        then 1 else c.requests + 1 end
    returning requests,
      (extract(epoch from window_start - now()) * 1000 + ${windowSeconds * 1000})::float8
        as remaining_ms`;
  const resetSeconds = Math.max(1, Math.ceil(row.remaining_ms / 1000));
  return {
    allowed: row.requests <= limit,
    limit,
    remaining: Math.max(0, limit - row.requests),
    resetSeconds,
  };
}

/** The headers every answer to an authenticated request carries. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': `"per-key";q=${decision.limit};w=${apiRateLimit.windowSeconds}`,
    RateLimit: `"per-key";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers['Retry-After'] = String(decision.resetSeconds);
  return headers;
}

/** Deletes counters whose window ended (the hourly prune). Returns how many. */
export async function pruneApiRateCounters(): Promise<number> {
  const rows = await db.$client`
    delete from api_rate_counters
    where window_start <= now() - ${apiRateLimit.windowSeconds} * interval '1 second'
    returning 1`;
  return rows.length;
}
