import { formatMoney } from '../money/money';

/**
 * Why a creator's unpaid money is (or is not yet) payable, in words: statements are payable
 * ("due") once the unpaid balance in their currency is positive and at least the brand's minimum
 * payout; otherwise they are carried forward (app/payouts/ledger.server.ts decides it).
 */
export function balanceExplanation(
  brandName: string,
  balance: { currency: string; unpaidMinor: number; minimumPayoutMinor: number },
): string {
  const money = (minor: number) => formatMoney(minor, balance.currency);
  const { unpaidMinor, minimumPayoutMinor } = balance;
  if (unpaidMinor < 0) {
    return `Your ${balance.currency} balance is ${money(unpaidMinor)} after a clawback (a sale refunded after it was paid): it is set against your next commissions, so nothing is due until they make it positive.`;
  }
  if (unpaidMinor === 0) return `Nothing is due in ${balance.currency}.`;
  if (unpaidMinor >= minimumPayoutMinor) {
    return minimumPayoutMinor > 0
      ? `Due: ${money(unpaidMinor)} is at least ${brandName}’s minimum payout of ${money(minimumPayoutMinor)}, so it is paid at their next payout.`
      : `Due: ${money(unpaidMinor)} is paid at ${brandName}’s next payout.`;
  }
  return `Carried forward: your unpaid balance of ${money(unpaidMinor)} is below ${brandName}’s minimum payout of ${money(minimumPayoutMinor)}. It rolls on into the next months’ statements and is paid once it reaches ${money(minimumPayoutMinor)}.`;
}
