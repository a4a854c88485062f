/**
 * How a creator's money reads on their pages: clearing dates and the minimum-payout forecast.
 * Plain TypeScript, shared by the loaders (app/creators/earnings.server.ts) and the pages.
 * Money is integer minor units of one currency.
 */
import { formatMoney } from '../money/money';

/** "14 Dec 2026" for a calendar day (YYYY-MM-DD). */
export function formatDayLong(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

export interface AmountDue {
  currency: string;
  /** In `open` statements: payable with the brand's next payout. */
  payableMinor: number;
  /** In `carried_forward` statements: below the minimum payout so far. */
  carriedMinor: number;
  /**
   * payable + carried: the balance, everything approved (less clawbacks) and not yet paid — the
   * net of all unpaid statements, which the next payment pays in full (decision 036).
   */
  dueMinor: number;
  /** The brand's minimum payout in this currency (0 = none). */
  minimumMinor: number;
  /** Whether the amount due is payable with the next payout (it reaches the minimum). */
  reachesMinimum: boolean;
  /** How much more it takes to reach the minimum (0 once it is reached). */
  shortMinor: number;
}

/**
 * "Above the $50.00 minimum payout — will be paid with the next payout", or "$12.00 more to reach
 * the $50.00 minimum payout", against the brand's minimum in the balance's currency. The ledger
 * decides (a member's unpaid statements are `open` when their sum is positive and reaches the
 * minimum, docs/decisions/023 and 036); this only says it.
 */
export function minimumPayoutMessage(due: AmountDue): string {
  const minimumPayoutMinor = due.minimumMinor;
  const minimum = formatMoney(minimumPayoutMinor, due.currency);
  if (due.reachesMinimum) {
    return minimumPayoutMinor > 0
      ? `Above the ${minimum} minimum payout — will be paid with the next payout`
      : 'Will be paid with the next payout (this brand has no minimum payout)';
  }
  if (due.dueMinor < 0) {
    const then =
      minimumPayoutMinor > 0
        ? `; ${formatMoney(due.shortMinor, due.currency)} more reaches the ${minimum} minimum payout`
        : '';
    return `A reversal of a paid sale left ${formatMoney(due.dueMinor, due.currency)} to make up from new earnings${then}`;
  }
  if (minimumPayoutMinor === 0) return 'Nothing due yet';
  return `${formatMoney(due.shortMinor, due.currency)} more to reach the ${minimum} minimum payout`;
}

/** "$8.00 pending clears on 14 Dec 2026". */
export function clearingMessage(amountMinor: number, currency: string, day: string): string {
  return `${formatMoney(amountMinor, currency)} pending clears on ${formatDayLong(day)}`;
}
