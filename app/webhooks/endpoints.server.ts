import { isIP } from 'node:net';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '../../db/client';
import { apiKeys, users, webhookEndpoints } from '../../db/schema';
import { webhooksMayReachPrivateNetworks } from '../config.server';
import { isUuid } from '../ids';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';
import { brandActor, type BrandActor } from '../payouts/ledger.server';
import { isForbiddenAddress } from './address-policy.server';
import type { EndpointForm } from './endpoint-schema';
import { ROTATION_GRACE_MS } from './event-types';
import { generateWebhookSecret, openSecret, sealSecret } from './secret-box.server';

/** An error to show next to a form field: the input breaks a rule, nothing changed. */
export class WebhookInputError extends Error {
  constructor(
    readonly field: 'url' | 'eventTypes' | 'description',
    message: string,
  ) {
    super(message);
  }
}

/** At most this many endpoints per brand (each event is sent once per endpoint). */
export const MAX_ENDPOINTS = 20;

/**
 * The rules of the environment for an endpoint's URL, checked when it is saved (the address it
 * resolves to is checked again at every send, app/webhooks/send.server.ts): in production https
 * only, and never a name or address of this machine or a private network.
 */
export function checkEndpointUrl(value: string): string | null {
  const url = new URL(value);
  if (webhooksMayReachPrivateNetworks()) return null;
  if (url.protocol !== 'https:') return 'The URL must start with https://.';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) {
    return 'The URL must be reachable on the internet, not a name of this machine or network.';
  }
  if (isIP(host) && isForbiddenAddress(host)) {
    return 'The URL must not be a private, loopback or link-local address.';
  }
  return null;
}

function assertUrl(value: string): void {
  const problem = checkEndpointUrl(value);
  if (problem) throw new WebhookInputError('url', problem);
}

const listed = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt,
  failingSince: webhookEndpoints.failingSince,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
  /** Who added it: a person (their name) or an API key (its name), or null (removed, seed). */
  createdByUserId: webhookEndpoints.createdBy,
  createdByUserName: users.name,
  createdByApiKeyId: webhookEndpoints.createdByApiKeyId,
  createdByApiKeyName: apiKeys.name,
  position: exactTimeSql(webhookEndpoints.createdAt),
};

function selectEndpoints() {
  return db
    .select(listed)
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.createdBy))
    .leftJoin(
      apiKeys,
      and(
        eq(apiKeys.id, webhookEndpoints.createdByApiKeyId),
        eq(apiKeys.brandId, webhookEndpoints.brandId),
      ),
    );
}

/**
 * The brand's endpoints, newest first: all of them (the page; at most MAX_ENDPOINTS), or a
 * keyset page of `limit + 1` rows after `after` (the API).
 */
export async function listEndpoints(
  brandId: string,
  page?: { after: KeysetPosition | null; limit: number },
) {
  const query = selectEndpoints()
    .where(
      and(
        eq(webhookEndpoints.brandId, brandId),
        ...(page?.after
          ? olderThanSql(webhookEndpoints.createdAt, webhookEndpoints.id, page.after)
          : []),
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .$dynamic();
  const rows = await (page ? query.limit(page.limit + 1) : query);
  return rows.map(({ position, ...row }) => ({ ...row, position: { at: position, id: row.id } }));
}

export type EndpointSummary = Awaited<ReturnType<typeof listEndpoints>>[number];

/** One of the brand's endpoints, or null for a missing or another brand's id. */
export async function findEndpoint(brandId: string, endpointId: string) {
  if (!isUuid(endpointId)) return null;
  const [row] = await selectEndpoints().where(
    and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)),
  );
  if (!row) return null;
  const { position, ...rest } = row;
  return { ...rest, position: { at: position, id: rest.id } };
}

/**
 * The columns of an endpoint switched on or off. Enabling starts afresh: the failure clock is
 * reset. Disabling by a person or a key is `manual` (the deliverer writes `gone` and `failing`).
 */
function enabledColumns(enabled: boolean, now: Date) {
  return enabled
    ? { enabled, disabledReason: null, disabledAt: null, failingSince: null }
    : { enabled, disabledReason: 'manual', disabledAt: now };
}

/**
 * Adds an endpoint (enabled unless said otherwise) for a person (`userId`), an API key, or
 * nobody (seed, tests); returns it with its secret, which is shown this once.
 */
export async function createEndpoint(
  brandId: string,
  by: string | BrandActor | null,
  input: EndpointForm,
  options: { enabled?: boolean } = {},
): Promise<{ id: string; secret: string }> {
  assertUrl(input.url);
  const actor = by === null ? null : brandActor(by);
  const now = new Date();
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    // One at a time per brand, so the limit holds under concurrent requests.
    await tx.execute(sql`select id from brands where id = ${brandId} for update`);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.brandId, brandId));
    if (n >= MAX_ENDPOINTS) {
      throw new WebhookInputError(
        'url',
        `A brand can have at most ${MAX_ENDPOINTS} endpoints; delete one first.`,
      );
    }
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        brandId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretEncrypted: sealSecret(secret),
        createdBy: actor?.kind === 'user' ? actor.userId : null,
        createdByApiKeyId: actor?.kind === 'api_key' ? actor.apiKeyId : null,
        ...enabledColumns(options.enabled ?? true, now),
      })
      .returning({ id: webhookEndpoints.id });
    return { id: row.id, secret };
  });
}

/** Changes an endpoint's URL, description and events. False: not one of the brand's. */
export async function updateEndpoint(
  brandId: string,
  endpointId: string,
  input: EndpointForm,
): Promise<boolean> {
  if (!isUuid(endpointId)) return false;
  assertUrl(input.url);
  const rows = await db
    .update(webhookEndpoints)
    .set({
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/**
 * Enables or disables an endpoint. Enabling starts afresh: the failure clock is reset. Events made
 * while it was disabled are not sent (they were never queued for it).
 */
export async function setEndpointEnabled(
  brandId: string,
  endpointId: string,
  enabled: boolean,
): Promise<boolean> {
  if (!isUuid(endpointId)) return false;
  const now = new Date();
  const rows = await db
    .update(webhookEndpoints)
    .set({ ...enabledColumns(enabled, now), updatedAt: now })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/**
 * A new secret; the old one keeps signing next to it for 24 hours (both signatures in
 * `webhook-signature`), so the receiver can switch without losing a delivery. Returns the new
 * secret (shown once), or null for another brand's endpoint.
 */
export async function rotateEndpointSecret(
  brandId: string,
  endpointId: string,
  now = new Date(),
): Promise<{ secret: string; previousExpiresAt: Date } | null> {
  if (!isUuid(endpointId)) return null;
  const secret = generateWebhookSecret();
  const previousExpiresAt = new Date(now.getTime() + ROTATION_GRACE_MS);
  const rows = await db
    .update(webhookEndpoints)
    .set({
      previousSecretEncrypted: sql`${webhookEndpoints.secretEncrypted}`,
      previousSecretExpiresAt: previousExpiresAt,
      secretEncrypted: sealSecret(secret),
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0 ? { secret, previousExpiresAt } : null;
}

/** Deletes an endpoint with its deliveries and log. */
export async function deleteEndpoint(brandId: string, endpointId: string): Promise<boolean> {
  if (!isUuid(endpointId)) return false;
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.brandId, brandId)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** The secrets that sign a delivery made at `now`: the current one, and the previous one in its grace period. */
export function signingSecrets(
  endpoint: {
    secretEncrypted: string;
    previousSecretEncrypted: string | null;
    previousSecretExpiresAt: Date | null;
  },
  now: Date,
): string[] {
  const secrets = [openSecret(endpoint.secretEncrypted)];
  if (
    endpoint.previousSecretEncrypted &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt.getTime() > now.getTime()
  ) {
    secrets.push(openSecret(endpoint.previousSecretEncrypted));
  }
  return secrets;
}
