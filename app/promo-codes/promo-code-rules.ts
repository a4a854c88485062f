/**
 * What a promo code may look like, and codes made from a template. Shared by the forms (browser)
 * and the server; imports nothing.
 */

/** Upper-cased: letters A–Z, digits, `-` and `_`, 3 to 32 characters, starting with a letter or digit. */
export const PROMO_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

export const PROMO_CODE_RULE =
  'A promo code is 3 to 32 characters: letters A–Z, digits, - and _, starting with a letter or digit.';

export type CodeCheck = { ok: true; code: string } | { ok: false; message: string };

/** Trims and upper-cases a typed code, and checks it. */
export function normalizePromoCode(input: string): CodeCheck {
  const code = input.trim().toUpperCase();
  if (code === '')
    return { ok: false, message: 'Enter a promo code, or leave the member without one.' };
  if (!PROMO_CODE_PATTERN.test(code)) {
    const bad = [...new Set(code.replace(/[A-Z0-9_-]/g, ''))]
      .map((c) => (/\s/.test(c) ? 'spaces' : c))
      .join(' ');
    return {
      ok: false,
      message: bad
        ? `${code} contains characters a promo code cannot have (${bad}). ${PROMO_CODE_RULE}`
        : `${code} is not a valid promo code. ${PROMO_CODE_RULE}`,
    };
  }
  return { ok: true, code };
}

export const DEFAULT_CODE_TEMPLATE = '{CREATOR_NAME}{NN}';

/** The variables a template may use; N, NN, NNN… are that many random digits. */
export const TEMPLATE_VARIABLES = [
  '{CREATOR_NAME}',
  '{CREATOR_IG_USERNAME}',
  '{CREATOR_TIKTOK_USERNAME}',
  '{NN}',
] as const;

const VARIABLE = /\{(CREATOR_NAME|CREATOR_IG_USERNAME|CREATOR_TIKTOK_USERNAME|N+)\}/gi;

export const TEMPLATE_RULE =
  'A template is up to 60 characters of letters, digits, - and _, with {CREATOR_NAME}, {CREATOR_IG_USERNAME}, {CREATOR_TIKTOK_USERNAME} and {NN} (random digits, one N per digit).';

/** Checks a code template: known variables only, and the rest of it allowed in a code. */
export function checkTemplate(
  template: string,
): { ok: true; template: string } | { ok: false; message: string } {
  const t = template.trim();
  if (t === '') return { ok: false, message: `Enter a template. ${TEMPLATE_RULE}` };
  if (t.length > 60) return { ok: false, message: `The template is too long. ${TEMPLATE_RULE}` };
  const rest = t.replace(VARIABLE, '');
  if (/[{}]/.test(rest)) {
    return {
      ok: false,
      message: `The template names a variable it does not know. ${TEMPLATE_RULE}`,
    };
  }
  if (!/^[A-Za-z0-9_-]*$/.test(rest)) {
    return {
      ok: false,
      message: `The template contains characters a code cannot have. ${TEMPLATE_RULE}`,
    };
  }
  return { ok: true, template: t };
}

export function templateHasDigits(template: string): boolean {
  return /\{N+\}/i.test(template);
}

export interface TemplateMember {
  name: string;
  instagram?: string | null;
  tiktok?: string | null;
}

/** Keeps what a code may hold: `Maya Lopez` → `MAYA` (the first name; the whole name if it has no letters). */
function codePart(value: string | null | undefined, firstWordOnly = false): string {
  const text = (value ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Z0-9]/g, ''))
    .filter(Boolean);
  return (firstWordOnly ? words[0] : words.join('')) ?? '';
}

/**
 * A code from a template for one member (`{CREATOR_NAME}{NN}` → `MAYA15`), upper-cased and cut to
 * 32 characters; `digit()` gives each random digit (a test can fix them).
 */
export function renderCodeTemplate(
  template: string,
  member: TemplateMember,
  digit: () => number = () => Math.floor(Math.random() * 10),
): string {
  const rendered = template.replace(VARIABLE, (_, name: string) => {
    const n = name.toUpperCase();
    if (n === 'CREATOR_NAME') return codePart(member.name, true);
    if (n === 'CREATOR_IG_USERNAME') return codePart(member.instagram);
    if (n === 'CREATOR_TIKTOK_USERNAME') return codePart(member.tiktok);
    return Array.from({ length: n.length }, () => String(digit())).join('');
  });
  return rendered
    .toUpperCase()
    .replace(/^[_-]+/, '')
    .slice(0, 32);
}
