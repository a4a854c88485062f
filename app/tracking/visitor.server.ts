import { createHash } from 'node:crypto';
import { isbot } from 'isbot';
import { getConfig } from '../config.server';
import { singleton } from '../../lib/singleton.server';
import { withoutNul } from '../../db/pg-binary';

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';

export interface UserAgentClass {
  isBot: boolean;
  device: DeviceClass;
  /**
   * The first 8 bytes of the SHA-256 of the user agent as stored (MAX_USER_AGENT characters, no
   * NUL) as 16 hex digits: with the IP hash, the visitor of unique clicks (click-batch.server.ts).
   */
  digest: string;
}

/**
 * Link-preview fetchers and crawlers that open a posted link without a shopper behind them. `isbot`
 * knows most; this list names the ones a creator's link meets every day, so they stay bots even if
 * the package's list changes.
 */
const PREVIEW_FETCHERS =
  /facebookexternalhit|facebookcatalog|meta-externalagent|twitterbot|slackbot|slack-imgproxy|whatsapp|telegrambot|discordbot|linkedinbot|applebot|googlebot|google-inspectiontool|adsbot-google|bingbot|bingpreview|skypeuripreview|pinterestbot|redditbot|embedly|iframely|vkshare|snapchat|yahoo! slurp|duckduckbot|baiduspider|yandex(bot|images)|petalbot|bytespider|mastodon|bluesky|cardyb|headlesschrome|lighthouse/i;

const TABLET = /ipad|tablet|playbook|silk|kindle|nexus (7|9|10)|sm-t\d|(android(?!.*mobile))/i;
const MOBILE = /mobi|iphone|ipod|android|windows phone|blackberry|bb10|opera mini|iemobile/i;
const DESKTOP = /windows nt|macintosh|mac os x|x11|linux x86_64|cros/i;

/** Longest user agent kept on a click; longer ones are cut (they are noise or attacks). */
export const MAX_USER_AGENT = 512;
export const MAX_REFERRER = 1024;

function device(userAgent: string): DeviceClass {
  // No user agent at all: scripts and scanners, not browsers.
  if (!userAgent.trim() || isbot(userAgent) || PREVIEW_FETCHERS.test(userAgent)) return 'bot';
  if (TABLET.test(userAgent)) return 'tablet';
  if (MOBILE.test(userAgent)) return 'mobile';
  if (DESKTOP.test(userAgent)) return 'desktop';
  return 'other';
}

function classify(userAgent: string): UserAgentClass {
  const d = device(userAgent);
  // Of the user agent as stored (cut, without NUL), so that PostgreSQL can work out a stored
  // click's visitor too (decideUniqueClicks).
  const stored = withoutNul(userAgent.slice(0, MAX_USER_AGENT));
  const digest = createHash('sha256').update(stored).digest('hex').slice(0, 16);
  return { isBot: d === 'bot', device: d, digest };
}

// Regular expressions over a user agent cost microseconds; the same few hundred user agents make
// most clicks, so results are memoised in a small bounded map.
const memo = singleton('tracking:user-agent-classes', () => new Map<string, UserAgentClass>());
const MEMO_LIMIT = 5000;

export function classifyUserAgent(userAgent: string): UserAgentClass {
  let result = memo.get(userAgent);
  if (!result) {
    result = classify(userAgent);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(userAgent, result);
  }
  return result;
}

// Hashing costs microseconds and a shopper's address repeats (several clicks, shared NATs):
// memoised in a small bounded map, which lives only in this process's memory.
const ipHashes = singleton('tracking:ip-hashes', () => new Map<string, string>());
const IP_MEMO_LIMIT = 10_000;

/** Hex SHA-256 of the configured salt and the address: the raw address is never stored. */
export function hashIp(ip: string): string {
  let hash = ipHashes.get(ip);
  if (hash === undefined) {
    hash = createHash('sha256').update(getConfig().IP_HASH_SALT).update(ip).digest('hex');
    if (ipHashes.size >= IP_MEMO_LIMIT) ipHashes.delete(ipHashes.keys().next().value as string);
    ipHashes.set(ip, hash);
  }
  return hash;
}

/** A two-letter country code from the trusted proxy header, or null (absent, unknown `XX`, Tor `T1`). */
export function countryFrom(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || raw.length !== 2) return null;
  const code = raw.toUpperCase();
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' ? code : null;
}

export function truncate(value: string | string[] | undefined, max: number): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  return text.length > max ? text.slice(0, max) : text;
}
