import { z } from 'zod';

/** Limits shared by the member form (client constraints), its action and the CSV import. */
export const MEMBER_NAME_MAX = 120;
export const EMAIL_MAX = 254;
export const INSTAGRAM_MAX = 30;
export const TIKTOK_MAX = 24;
export const MEMBERS_PAGE_SIZE = 50;
/** Largest members CSV accepted, in bytes (about 60,000 typical rows). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const CSV_COLUMNS = [
  'name',
  'email',
  'instagram',
  'tiktok',
  'projects',
  // The member's promo code on the offer chosen for the import (docs/promo-codes.md).
  'promo_code',
] as const;

/** Instagram and TikTok usernames: letters, digits, periods and underscores. */
const HANDLE_PATTERN = /^[a-z0-9._]+$/;

export const memberName = z
  .string({ error: 'Enter the member’s name.' })
  .trim()
  .min(1, 'Enter the member’s name.')
  .max(MEMBER_NAME_MAX, `A name is at most ${MEMBER_NAME_MAX} characters.`);

export const memberEmail = z
  .string({ error: 'Enter the member’s email address.' })
  .trim()
  .min(1, 'Enter the member’s email address.')
  .max(EMAIL_MAX, `An email address is at most ${EMAIL_MAX} characters.`)
  .pipe(z.email('Enter a valid email address, like name@example.com.'))
  .transform((email) => email.toLowerCase());

/**
 * A social username as people paste it: "@Maya.Glows", "maya.glows", or a profile URL. Stored
 * without the @ and lower-cased (both platforms treat usernames case-insensitively). Empty → null.
 */
export function normalizeHandle(raw: string): string {
  let value = raw.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|m\.)?(?:instagram\.com|tiktok\.com)\/@?([^/?#]+)/i.exec(
    value,
  );
  if (url) value = url[1];
  return value.replace(/^@/, '').toLowerCase();
}

function handleField(platform: 'Instagram' | 'TikTok', max: number) {
  const article = platform === 'Instagram' ? 'An' : 'A';
  return z
    .string()
    .optional()
    .transform((raw) => normalizeHandle(raw ?? ''))
    .pipe(
      z
        .string()
        .max(max, `${article} ${platform} username is at most ${max} characters.`)
        .refine(
          (handle) => handle === '' || HANDLE_PATTERN.test(handle),
          `${article} ${platform} username uses only letters, numbers, periods and underscores.`,
        ),
    )
    .transform((handle) => (handle === '' ? null : handle));
}

export const instagramHandle = handleField('Instagram', INSTAGRAM_MAX);
export const tiktokHandle = handleField('TikTok', TIKTOK_MAX);

/** Repeated form fields arrive as a string, an array of strings, or not at all. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.uuid('Choose projects from the list.')))
  .transform((ids) => [...new Set(ids)]);

export const memberFormSchema = z.object({
  name: memberName,
  email: memberEmail,
  instagram: instagramHandle,
  tiktok: tiktokHandle,
  projectIds: idList,
});
export type MemberInput = z.output<typeof memberFormSchema>;

/** The members list's query string: linkable search, project filter and page. */
export const memberListQuery = z.object({
  q: z
    .string()
    .optional()
    .transform((q) => (q ?? '').trim().slice(0, 200)),
  /** A project id, `none` for members in no project, or empty for all. */
  project: z
    .string()
    .optional()
    .transform((p) => p ?? '')
    .pipe(z.union([z.literal(''), z.literal('none'), z.uuid()])),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type MemberListQuery = z.output<typeof memberListQuery>;
