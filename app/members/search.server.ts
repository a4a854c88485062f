import { ilike, or, type SQL } from 'drizzle-orm';
import { members } from '../../db/schema';

/** `%`, `_` and `\` in a search are literal characters, not patterns. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%<text>%` for ILIKE, with the text's own wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/**
 * The condition of a member search box: the text anywhere in the name, email, Instagram or TikTok
 * username, case-insensitively. Used by the members list, the project page and Add Members.
 */
export function memberMatches(text: string): SQL {
  const pattern = containsPattern(text);
  return or(
    ilike(members.name, pattern),
    ilike(members.email, pattern),
    ilike(members.instagram, pattern),
    ilike(members.tiktok, pattern),
  )!;
}
