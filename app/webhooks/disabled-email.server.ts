import { createElement } from 'react';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { db } from '../../db/client';
import {
  brandMemberships,
  brands,
  users,
  webhookAttempts,
  webhookEndpoints,
} from '../../db/schema';
import WebhookEndpointDisabledEmail from '../../emails/webhook-endpoint-disabled';
import { publicUrl } from '../config.server';
import { sendEmail } from '../email/mailer.server';

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Tells the brand's admins and owner that an endpoint was disabled after 5 days of failures
 * (the `webhooks__disabled_email` task); once per person and disabling.
 */
export async function sendEndpointDisabledEmails(payload: {
  endpointId: string;
  disabledAt: string;
}): Promise<number> {
  const [endpoint] = await db
    .select({
      id: webhookEndpoints.id,
      brandId: webhookEndpoints.brandId,
      url: webhookEndpoints.url,
      enabled: webhookEndpoints.enabled,
      disabledAt: webhookEndpoints.disabledAt,
      brandName: brands.name,
    })
    .from(webhookEndpoints)
    .innerJoin(brands, eq(brands.id, webhookEndpoints.brandId))
    .where(eq(webhookEndpoints.id, payload.endpointId));
  // Enabled again (or deleted) meanwhile: nothing to say.
  if (!endpoint || endpoint.enabled) return 0;
  const [last] = await db
    .select({ statusCode: webhookAttempts.statusCode, error: webhookAttempts.error })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.endpointId, endpoint.id))
    .orderBy(desc(webhookAttempts.at))
    .limit(1);
  const [first] = await db
    .select({ at: webhookAttempts.at })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.endpointId, endpoint.id))
    .orderBy(webhookAttempts.at)
    .limit(1);
  const admins = await db
    .select({ email: users.email })
    .from(brandMemberships)
    .innerJoin(users, eq(users.id, brandMemberships.userId))
    .where(
      and(
        eq(brandMemberships.brandId, endpoint.brandId),
        inArray(brandMemberships.role, ['owner', 'admin']),
      ),
    );
  const lastError = last
    ? last.statusCode !== null
      ? `HTTP ${last.statusCode}`
      : (last.error ?? 'no answer')
    : 'no answer';
  for (const admin of admins) {
    await sendEmail({
      brandId: endpoint.brandId,
      kind: 'webhook_endpoint_disabled',
      to: admin.email,
      subject: `A webhook endpoint of ${endpoint.brandName} was disabled after 5 days of failures`,
      react: createElement(WebhookEndpointDisabledEmail, {
        brandName: endpoint.brandName,
        endpointUrl: endpoint.url,
        failingSince: first ? formatUtc(first.at) : 'five days ago',
        lastError,
        endpointPageUrl: `${publicUrl()}/brand/developers/webhooks/${endpoint.id}`,
      }),
      idempotencyKey: `webhook-disabled:${endpoint.id}:${payload.disabledAt}:${admin.email}`,
    });
  }
  return admins.length;
}
