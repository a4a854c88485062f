import { randomBytes } from 'node:crypto';
import { publicUrl } from '../config.server';

/**
 * A link code: 9 random bytes (72 bits) in base64url, 12 characters. Unguessable (enumerating
 * codes is hopeless), URL-safe, and short enough to type. Uniqueness is enforced by the database.
 */
export function generateLinkCode(): string {
  return randomBytes(9).toString('base64url');
}

export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

/** The public tracking URL of a link code. */
export function trackingUrl(code: string): string {
  return `${publicUrl()}/l/${code}`;
}
