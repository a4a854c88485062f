/**
 * Money in integer minor units, formatted for people without going through floating point: the
 * minor units are split into a decimal string that Intl.NumberFormat formats exactly.
 */
export function formatMinorUnits(minor: number | bigint, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const decimal =
    digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  // Intl formats decimal strings exactly (no float rounding) in Node 20+.
  return format.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}
