/**
 * The figures of a scope (brand, offer, member, link, a breakdown row) and what is derived from
 * them. Plain TypeScript, shared by the server and both portals' pages. Money is integer minor
 * units per currency (a brand may run offers in several currencies).
 */
import { currencyExponent, formatMoney } from '../money/money';

/** Currency code → amount in minor units. */
export type MoneyByCurrency = Record<string, number>;

export interface Figures {
  /** Clicks by people (bots left out). */
  clicks: number;
  uniqueClicks: number;
  botClicks: number;
  /** Conversions that count: pending, approved or paid (not rejected, reversed or refused). */
  conversions: number;
  /** Sale amounts of the conversions that count. */
  sales: MoneyByCurrency;
  /** Commission of the conversions that count = pending + approved + paid. */
  commission: MoneyByCurrency;
  /** The commission split by where it stands. */
  pending: MoneyByCurrency;
  /** Approved and not yet paid. */
  approved: MoneyByCurrency;
  /** Approved and in a paid statement. */
  paid: MoneyByCurrency;
  rejected: number;
  reversed: number;
}

export function emptyFigures(): Figures {
  return {
    clicks: 0,
    uniqueClicks: 0,
    botClicks: 0,
    conversions: 0,
    sales: {},
    commission: {},
    pending: {},
    approved: {},
    paid: {},
    rejected: 0,
    reversed: 0,
  };
}

/**
 * What "unique clicks" means, for the pages (docs/decisions/040-narrow-rollups.md): a click is
 * unique when its visitor had not clicked the same link in the 24 hours before it (decision 030).
 * That is a property of each click, so a period's unique clicks are the sum of its clicks' flags —
 * exact for any period, and not the number of distinct visitors in it.
 */
export const UNIQUE_CLICKS_HINT = 'a visitor counts again after 24 h away';
export const UNIQUE_CLICKS_MEANING =
  'Clicks from visitors who had not clicked the same link in the 24 hours before. A visitor ' +
  'who comes back after a day counts again, so over a long period this is more than the ' +
  'number of different visitors.';

/** a − b, figure by figure (money per currency): the "All others" row of a breakdown. */
export function subtractFigures(a: Figures, b: Figures): Figures {
  const money = (x: MoneyByCurrency, y: MoneyByCurrency) => {
    const out: MoneyByCurrency = { ...x };
    for (const [c, v] of Object.entries(y)) out[c] = (out[c] ?? 0) - v;
    return out;
  };
  return {
    clicks: a.clicks - b.clicks,
    uniqueClicks: a.uniqueClicks - b.uniqueClicks,
    botClicks: a.botClicks - b.botClicks,
    conversions: a.conversions - b.conversions,
    sales: money(a.sales, b.sales),
    commission: money(a.commission, b.commission),
    pending: money(a.pending, b.pending),
    approved: money(a.approved, b.approved),
    paid: money(a.paid, b.paid),
    rejected: a.rejected - b.rejected,
    reversed: a.reversed - b.reversed,
  };
}

/** a + b, figure by figure. */
export function addFigures(a: Figures, b: Figures): Figures {
  return subtractFigures(a, subtractFigures(emptyFigures(), b));
}

/** Conversions per click (0–1), or null without clicks. */
export function conversionRate(f: Pick<Figures, 'clicks' | 'conversions'>): number | null {
  return f.clicks > 0 ? f.conversions / f.clicks : null;
}

/**
 * Earnings per click in each currency, in minor units to a hundredth of a minor unit (so $0.004
 * per click is not shown as $0.00). A display value derived from exact integers, never stored.
 */
export function earningsPerClick(f: Pick<Figures, 'clicks' | 'commission'>): MoneyByCurrency {
  const out: MoneyByCurrency = {};
  if (f.clicks <= 0) return out;
  for (const [currency, minor] of Object.entries(f.commission)) {
    out[currency] = Math.round((minor * 100) / f.clicks) / 100;
  }
  return out;
}

/** The largest amount of a money figure (to sort by), 0 when empty. */
export function moneySortValue(money: MoneyByCurrency): number {
  let best = 0;
  for (const v of Object.values(money)) if (Math.abs(v) > Math.abs(best)) best = v;
  return best;
}

export function currenciesOf(...monies: MoneyByCurrency[]): string[] {
  return [...new Set(monies.flatMap((m) => Object.keys(m)))].sort();
}

/** "$1,234.50 · €80.00", or a dash-free "0" line in `fallback` currency when empty. */
export function formatMoneyByCurrency(money: MoneyByCurrency, fallback = 'USD'): string {
  const entries = Object.entries(money).filter(([, v]) => v !== 0);
  if (!entries.length) return formatMoney(0, Object.keys(money)[0] ?? fallback);
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => formatMoney(minor, currency))
    .join(' · ');
}

/** Earnings per click for display, with two more decimals than the currency has below 1 unit. */
export function formatEpc(money: MoneyByCurrency, fallback = 'USD'): string {
  const entries = Object.entries(money);
  if (!entries.length) return '–';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => {
      const exponent = currencyExponent(currency);
      const major = minor / 10 ** exponent;
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: currency || fallback,
        minimumFractionDigits: exponent,
        maximumFractionDigits: major !== 0 && Math.abs(major) < 1 ? exponent + 2 : exponent,
      }).format(major);
    })
    .join(' · ');
}

export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(2)}%`;
}

/** Relative change of `current` against `previous` (0.25 = +25%), null when there was nothing. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / Math.abs(previous);
}
