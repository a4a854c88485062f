/**
 * What creators see of their money, shared by the creator pages (labels) and the server (the
 * status filter): a commission is pending, approved, paid (approved, in a paid statement),
 * rejected or reversed. Refused conversions (turned away when reported: unknown click, paused
 * offer, bot) never earned and are not shown (docs/decisions/031).
 */
import { REJECT_REASON_LABELS } from '../payouts/schemas';

export const CREATOR_CONVERSION_STATUSES = [
  'pending',
  'approved',
  'paid',
  'rejected',
  'reversed',
] as const;
export type CreatorConversionStatus = (typeof CREATOR_CONVERSION_STATUSES)[number];

export const CREATOR_STATUS_LABELS: Record<CreatorConversionStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  paid: 'Paid',
  rejected: 'Rejected',
  reversed: 'Reversed',
};

/** What each status means to the person it pays. */
export const CREATOR_STATUS_HINTS: Record<CreatorConversionStatus, string> = {
  pending: 'In the holding period: the brand can still reject it (a return, a test order).',
  approved: 'Cleared: it is in a statement and will be paid.',
  paid: 'Paid to you.',
  rejected: 'Rejected by the brand: it does not pay.',
  reversed: 'Reversed (refunded or cancelled): it does not pay.',
};

export function rejectReasonLabel(reason: string | null): string | null {
  if (!reason) return null;
  return REJECT_REASON_LABELS[reason as keyof typeof REJECT_REASON_LABELS] ?? reason;
}

/**
 * "2026-12-01T10:00:00.000Z" → "1 Dec 2026, 10:00" (UTC), written like the dashboard's days
 * (formatDayLong in earnings.ts).
 */
export function formatDayTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(new Date(iso));
}
