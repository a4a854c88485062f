/**
 * The mass-payout file PayPal Payouts accepts for upload (Payouts Web): a CSV without a header
 * row, one payout per line — recipient email, amount in major units with a dot ("100.50"; "500"
 * for JPY), three-letter currency, customer id (≤ 30 characters, no spaces), note to the recipient
 * (≤ 400 characters), wallet `PAYPAL`. One currency per file, at most 5,000 payouts per file: a
 * larger payout run comes as several files. Pure code; the payees come from
 * `exports.server.ts`.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMinor } from '../money/money';

export const PAYPAL_MAX_ROWS_PER_FILE = 5000;
export const PAYPAL_NOTE_MAX = 400;
export const PAYPAL_CUSTOMER_ID_MAX = 30;

export interface PaypalPayee {
  memberId: string;
  memberName: string;
  /** The member's payout email, or null when they have not given one. */
  payoutEmail: string | null;
  currency: string;
  /** What is payable to the member in this currency, in minor units. */
  amountMinor: bigint;
  /** The statement periods the amount pays, as labels ("December 2026"), oldest first. */
  periods: string[];
}

/**
 * The customer id PayPal shows beside each payout in its reports: the member's id in base 36
 * (25 characters, no spaces or dashes), so a PayPal report can be matched to a member; the
 * statements CSV carries the same value.
 */
export function paypalCustomerId(memberId: string): string {
  const hex = memberId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a member id: ${memberId}`);
  return BigInt(`0x${hex}`).toString(36).toUpperCase().padStart(25, '0');
}

/** The inverse of paypalCustomerId (for reconciling a PayPal report). */
export function memberIdFromPaypalCustomerId(customerId: string): string | null {
  if (!/^[0-9A-Z]{1,25}$/i.test(customerId)) return null;
  let value = 0n;
  for (const ch of customerId.toLowerCase()) value = value * 36n + BigInt(parseInt(ch, 36));
  const hex = value.toString(16);
  if (hex.length > 32) return null;
  const h = hex.padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** "Glow Co commissions for November 2026 and December 2026", single-line, ≤ 400 characters. */
export function paypalNote(brandName: string, periods: readonly string[]): string {
  const list =
    periods.length <= 1
      ? (periods[0] ?? '')
      : `${periods.slice(0, -1).join(', ')} and ${periods[periods.length - 1]}`;
  const note = `${brandName} commissions${list ? ` for ${list}` : ''}`
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return note.length <= PAYPAL_NOTE_MAX ? note : `${note.slice(0, PAYPAL_NOTE_MAX - 1)}…`;
}

export interface PaypalFile {
  currency: string;
  /** 1-based part number among the currency's files, and how many there are. */
  part: number;
  parts: number;
  payees: PaypalPayee[];
  totalMinor: bigint;
}

export interface PaypalPlan {
  files: PaypalFile[];
  /** Members owed money who have given no payout email: listed apart, left out of the files. */
  needsPayoutDetails: PaypalPayee[];
}

/**
 * Splits payees into PayPal files: one currency per file, at most `maxRows` per file, in the
 * order given (callers sort by member, so the parts are stable). Nothing to pay (≤ 0) is left out.
 */
export function planPaypalFiles(
  payees: readonly PaypalPayee[],
  maxRows = PAYPAL_MAX_ROWS_PER_FILE,
): PaypalPlan {
  const byCurrency = new Map<string, PaypalPayee[]>();
  const needsPayoutDetails: PaypalPayee[] = [];
  for (const payee of payees) {
    if (payee.amountMinor <= 0n) continue;
    if (!payee.payoutEmail) {
      needsPayoutDetails.push(payee);
      continue;
    }
    const list = byCurrency.get(payee.currency) ?? [];
    list.push(payee);
    byCurrency.set(payee.currency, list);
  }
  const files: PaypalFile[] = [];
  for (const currency of [...byCurrency.keys()].sort()) {
    const list = byCurrency.get(currency)!;
    const parts = Math.ceil(list.length / maxRows);
    for (let part = 1; part <= parts; part++) {
      const slice = list.slice((part - 1) * maxRows, part * maxRows);
      files.push({
        currency,
        part,
        parts,
        payees: slice,
        totalMinor: slice.reduce((sum, p) => sum + p.amountMinor, 0n),
      });
    }
  }
  return { files, needsPayoutDetails };
}

/** One file's content, ready to upload to PayPal. */
export function paypalFileCsv(file: PaypalFile, brandName: string): string {
  return stringify(
    file.payees.map((p) => [
      p.payoutEmail!,
      formatMinor(p.amountMinor, p.currency),
      p.currency,
      paypalCustomerId(p.memberId),
      paypalNote(brandName, p.periods),
      'PAYPAL',
    ]),
    { record_delimiter: 'windows' },
  );
}

/** "paypal-payouts-USD-2026-12-01-part-1-of-2.csv" */
export function paypalFileName(file: PaypalFile, date: string): string {
  return `paypal-payouts-${file.currency}-${date}${file.parts > 1 ? `-part-${file.part}-of-${file.parts}` : ''}.csv`;
}
