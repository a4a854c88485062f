/**
 * Reporting periods: inclusive ranges of days in the brand's time zone ("2026-11-01" to
 * "2026-11-30"). Plain TypeScript, shared by the server and the pages; day arithmetic works on
 * calendar dates (UTC noon of the day), so daylight-saving changes never shift a day.
 */
import { z } from 'zod';

export interface Period {
  /** First day, YYYY-MM-DD, in the brand's time zone. */
  from: string;
  /** Last day (inclusive). */
  to: string;
}

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'this_month', label: 'This month' },
  { id: 'last_month', label: 'Last month' },
  { id: 'custom', label: 'Custom' },
] as const;

export type PresetId = (typeof PRESETS)[number]['id'];
export const PRESET_IDS = PRESETS.map((p) => p.id) as [PresetId, ...PresetId[]];

/** The longest custom period (a little over two years). */
export const MAX_PERIOD_DAYS = 800;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The month (1–12) a name names: in full, by its first three letters, or "Sept"; any case. */
function monthOf(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const index = MONTH_NAMES.findIndex(
    (full) =>
      lower === full || lower === full.slice(0, 3) || (full === 'september' && lower === 'sept'),
  );
  return index === -1 ? null : index + 1;
}

/**
 * A day as typed in a period field: the pages' own style ("6 Nov 2026", "6 November 2026"), the
 * month first ("Nov 6, 2026"), or YYYY-MM-DD (links, bookmarks). Numeric day/month orders
 * ("06/11/2026") are ambiguous and refused. The day as YYYY-MM-DD, or null.
 */
export function parseDayText(text: string): string | null {
  const value = text.trim().replace(/\s+/g, ' ');
  if (isDay(value)) return value;
  const dayFirst = /^(\d{1,2}) ([a-z]+\.?),? (\d{4})$/i.exec(value);
  const monthFirst = /^([a-z]+\.?) (\d{1,2}),? (\d{4})$/i.exec(value);
  const [day, monthName, year] = dayFirst
    ? [dayFirst[1], dayFirst[2], dayFirst[3]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3]]
      : [];
  if (!day || !monthName || !year) return null;
  const month = monthOf(monthName);
  if (!month) return null;
  const iso = `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isDay(iso) ? iso : null;
}

const dayTextFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "6 Nov 2026": a day (YYYY-MM-DD) as the pages write it, and as the period fields take it. */
export function formatDayText(day: string): string {
  return dayTextFormat.format(new Date(`${day}T12:00:00Z`));
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function periodDays(period: Period): number {
  const ms = Date.parse(`${period.to}T12:00:00Z`) - Date.parse(`${period.from}T12:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day it is now in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The period a preset names, on the day `today`. */
export function presetPeriod(preset: Exclude<PresetId, 'custom'>, today: string): Period {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'this_month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last_month': {
      const firstOfThis = `${today.slice(0, 8)}01`;
      const lastOfPrevious = addDays(firstOfThis, -1);
      return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
    }
  }
}

/** The period of the same length just before `period` (what "change" is measured against). */
export function previousPeriod(period: Period): Period {
  const days = periodDays(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

/** A custom period's day as typed: YYYY-MM-DD when `parseDayText` reads it, else as typed. */
const dayField = z
  .string()
  .max(40)
  .transform((value) => parseDayText(value) ?? value)
  .optional();

/** Query-string fields of a period: a preset, or custom days (checked by `refinePeriod`). */
export const periodFields = {
  period: z.enum(PRESET_IDS).default('30d'),
  from: dayField,
  to: dayField,
};

/** How a custom day is written, for the fields' hints and messages. */
export const DAY_EXAMPLE = '6 Nov 2026';

/** The checks of a custom period, with a message for each field. */
export function refinePeriod(
  value: { period: PresetId; from?: string; to?: string },
  ctx: z.RefinementCtx,
) {
  if (value.period !== 'custom') return;
  if (!value.from || !isDay(value.from)) {
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `Enter a start date like ${DAY_EXAMPLE}.`,
    });
  }
  if (!value.to || !isDay(value.to)) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `Enter an end date like ${DAY_EXAMPLE}.`,
    });
  }
  if (value.from && value.to && isDay(value.from) && isDay(value.to)) {
    if (value.from > value.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The end date must be on or after the start date.',
      });
    } else if (periodDays({ from: value.from, to: value.to }) > MAX_PERIOD_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A period can be at most ${MAX_PERIOD_DAYS} days long.`,
      });
    }
  }
}

/** Query-string input of a period: a preset, or custom days. */
export const periodQuerySchema = z.object(periodFields).superRefine(refinePeriod);

export type PeriodQuery = z.output<typeof periodQuerySchema>;

/** The period of a parsed query, in the brand's time zone. */
export function resolvePeriod(query: PeriodQuery, timeZone: string, now = new Date()): Period {
  if (query.period === 'custom') return { from: query.from!, to: query.to! };
  return presetPeriod(query.period, todayIn(timeZone, now));
}
