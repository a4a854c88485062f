/**
 * An offer's end date: typed in the brand's browser time zone, checked and stored as an instant.
 * Shared by the offer form (client) and its schema (server).
 */

/**
 * The end date as the brand typed it in their browser's time zone ("2026-12-31T23:59") with the
 * browser's offset for that moment in minutes (Date#getTimezoneOffset: UTC − local) → a Date.
 * Empty → null. Without JavaScript the offset is 0 and the time is read as UTC.
 */
export function parseEndDate(value: string, tzOffset: string): Date | null | 'invalid' {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (!match) return 'invalid';
  const offset = /^-?\d{1,3}$/.test(tzOffset.trim()) ? Number(tzOffset.trim()) : NaN;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) return 'invalid';
  const [, y, mo, d, h, mi, s = '0'] = match.map((part) => part) as string[];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59
  ) {
    return 'invalid';
  }
  return new Date(utc + offset * 60_000);
}

/** Within a minute: the form shows minutes, so an untouched end date may differ in seconds. */
function sameMinute(a: Date, b: Date): boolean {
  return Math.abs(a.getTime() - b.getTime()) < 60_000;
}

/** The end date to store: null when empty or invalid, the current one when left unchanged. */
export function resolveEndDate(
  value: string,
  tzOffset: string,
  currentEndsAt: Date | null | undefined,
): Date | null {
  const endsAt = parseEndDate(value, tzOffset);
  if (endsAt === 'invalid' || endsAt === null) return null;
  if (currentEndsAt && sameMinute(currentEndsAt, endsAt)) return currentEndsAt;
  return endsAt;
}

/**
 * Why an end date is refused, or null: it must be a valid date and time, in the future (an
 * unchanged past end date may be kept when editing) and within the next 10 years.
 */
export function endDateIssue(
  value: string,
  tzOffset: string,
  currentEndsAt: Date | null | undefined,
  now: Date,
): string | null {
  const endsAt = parseEndDate(value, tzOffset);
  if (endsAt === 'invalid') return 'Enter a valid date and time.';
  if (!endsAt) return null;
  const unchanged = currentEndsAt != null && sameMinute(currentEndsAt, endsAt);
  if (!unchanged && endsAt.getTime() <= now.getTime()) {
    return 'The end date must be in the future (or leave it empty).';
  }
  if (endsAt.getTime() > now.getTime() + 10 * 366 * 86_400_000) {
    return 'The end date must be within the next 10 years.';
  }
  return null;
}

/** "2026-12-31T23:59" in the browser's time zone for an instant (the form's input value). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The browser's offset (minutes, UTC − local) at a local date-time, as the form posts it. */
export function offsetFor(localValue: string): string {
  if (!localValue) return '0';
  const date = new Date(localValue); // a date-time without zone is read as local time
  return Number.isNaN(date.getTime()) ? '0' : String(date.getTimezoneOffset());
}
