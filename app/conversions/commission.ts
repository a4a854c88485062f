/**
 * Commission arithmetic, exact: BigInt over the decimal percentage string stored in
 * payout_options.percent (numeric(7,4)), rounded half-even ("banker's rounding") to the minor unit.
 */

/** Divides, rounding to the nearest integer, ties to even. Both operands non-negative, d > 0. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = r * 2n;
  if (twice < d) return q;
  if (twice > d) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

const PERCENT = /^(\d+)(?:\.(\d+))?$/;

/** amount × percent / 100, e.g. cpsCommission(4999n, '10') = 500n (499.9 → 500). */
export function cpsCommission(amountMinor: bigint, percent: string): bigint {
  const match = PERCENT.exec(percent.trim());
  if (!match) throw new Error(`Not a decimal percentage: ${percent}`);
  const fraction = match[2] ?? '';
  const numerator = BigInt(match[1] + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  return divideHalfEven(amountMinor * numerator, denominator);
}
