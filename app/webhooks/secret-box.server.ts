import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getConfig } from '../config.server';

/**
 * Webhook signing secrets at rest (decision 049). A secret must be read back to sign, so it is
 * encrypted, not hashed: AES-256-GCM under WEBHOOK_SECRET_KEY (32 bytes, base64), or, when that is
 * not set, a key derived with HKDF from IP_HASH_SALT (the installation's other secret), so a copy
 * of the database alone (a backup, a dump) does not reveal them. Stored as `v1.<iv>.<tag>.<data>`.
 */
function key(): Buffer {
  const config = getConfig();
  if (config.WEBHOOK_SECRET_KEY) return Buffer.from(config.WEBHOOK_SECRET_KEY, 'base64');
  return Buffer.from(
    hkdfSync('sha256', config.IP_HASH_SALT, 'offerlink', 'webhook signing secrets', 32),
  );
}

export function sealSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ['v1', iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join('.');
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unknown webhook secret format.');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
