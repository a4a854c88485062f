/**
 * API keys: made by a brand's admins on the Developers page, shown once, stored as a hash.
 * `authenticateApiKey` runs on every API request: one indexed read by the secret's hash, no
 * in-process cache, so a revocation or an expiry holds at the very next request in every web
 * process. docs/decisions/044-rest-api-framework.md.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../../db/client';
import { apiKeys, users } from '../../db/schema';
import { isUuid } from '../ids';
import { generateToken, hashToken } from '../tokens.server';
import { API_SCOPES, isApiScope, type ApiScope } from './scopes';

/** The recognisable start of every secret (secret scanners can match it). */
export const API_KEY_PREFIX = 'olk_live_';
/** How much of the secret the list shows. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 6;
/** Last-used time and address are written at most this often per key. */
const LAST_USED_EVERY_MS = 60_000;

export const API_KEY_NAME_MAX = 80;

export const createApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the key a name (what uses it: “CRM sync”).')
    .max(API_KEY_NAME_MAX, `A key’s name is at most ${API_KEY_NAME_MAX} characters.`),
  scopes: z
    .array(z.string())
    .transform((list) => [...new Set(list)])
    .pipe(
      z
        .array(z.string().refine(isApiScope, 'Unknown scope.'))
        .min(1, 'Choose at least one scope: what the key may read or change.'),
    ),
  expiresAt: z
    .date()
    .nullable()
    .refine((d) => d === null || d.getTime() > Date.now(), 'The expiry must be in the future.'),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export interface CreatedApiKey {
  id: string;
  /** The whole secret: shown once, never stored. */
  secret: string;
  prefix: string;
}

export async function createApiKey(
  brandId: string,
  createdByUserId: string | null,
  input: z.output<typeof createApiKeySchema>,
): Promise<CreatedApiKey> {
  const secret = `${API_KEY_PREFIX}${generateToken(32)}`;
  const prefix = secret.slice(0, SHOWN_CHARS);
  const [row] = await db
    .insert(apiKeys)
    .values({
      brandId,
      name: input.name,
      prefix,
      secretHash: hashToken(secret),
      scopes: API_SCOPES.filter((s) => input.scopes.includes(s)),
      createdByUserId,
      expiresAt: input.expiresAt,
    })
    .returning({ id: apiKeys.id });
  return { id: row.id, secret, prefix };
}

/** The brand's keys, newest first, with who made them (revoked ones too, marked). */
export async function listApiKeys(brandId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      createdBy: users.name,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      lastUsedIp: apiKeys.lastUsedIp,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.brandId, brandId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Revokes one of the brand's keys; false when there is no such live key. */
export async function revokeApiKey(
  brandId: string,
  keyId: string,
  revokedByUserId: string | null,
): Promise<boolean> {
  if (!isUuid(keyId)) return false;
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedByUserId })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.brandId, brandId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length === 1;
}

/** Who is calling: the key and its brand (the audit log names the key: id and name). */
export interface ApiCaller {
  brandId: string;
  apiKeyId: string;
  apiKeyName: string;
  scopes: readonly ApiScope[];
}

export type Authentication =
  | { ok: true; caller: ApiCaller }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' };

/** The secret of an `Authorization: Bearer …` header, or null. */
export function bearerSecret(header: string | null): string | null | 'malformed' {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) return 'malformed';
  return match[1];
}

export async function authenticateApiKey(
  authorization: string | null,
  clientIp: string,
): Promise<Authentication> {
  const secret = bearerSecret(authorization);
  if (secret === null) return { ok: false, reason: 'missing' };
  if (secret === 'malformed' || !secret.startsWith(API_KEY_PREFIX) || secret.length > 200) {
    return { ok: false, reason: 'malformed' };
  }
  const rows = await db.$client<
    {
      id: string;
      brand_id: string;
      name: string;
      scopes: string[];
      revoked: boolean;
      expired: boolean;
      last_used_recent: boolean;
    }[]
  >`
    select id, brand_id, name, scopes, revoked_at is not null as revoked,
      coalesce(expires_at <= now(), false) as expired,
      coalesce(last_used_at > now() - ${LAST_USED_EVERY_MS} * interval '1 millisecond', false)
        as last_used_recent
    from api_keys where secret_hash = ${hashToken(secret)}`;
  const key = rows[0];
  if (!key) return { ok: false, reason: 'unknown' };
  if (key.revoked) return { ok: false, reason: 'revoked' };
  if (key.expired) return { ok: false, reason: 'expired' };
  if (!key.last_used_recent) {
    // At most once a minute per key; the condition keeps concurrent requests to one write.
    await db.$client`
      update api_keys set last_used_at = now(), last_used_ip = ${clientIp}
      where id = ${key.id}
        and (last_used_at is null
          or last_used_at <= now() - ${LAST_USED_EVERY_MS} * interval '1 millisecond')`;
  }
  return {
    ok: true,
    caller: {
      brandId: key.brand_id,
      apiKeyId: key.id,
      apiKeyName: key.name,
      scopes: key.scopes.filter(isApiScope),
    },
  };
}
