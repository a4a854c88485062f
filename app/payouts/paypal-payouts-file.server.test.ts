import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import {
  memberIdFromPaypalCustomerId,
  paypalCustomerId,
  paypalFileCsv,
  paypalFileName,
  paypalNote,
  planPaypalFiles,
  type PaypalPayee,
} from './paypal-payouts-file.server';

const payee = (overrides: Partial<PaypalPayee> = {}): PaypalPayee => ({
  memberId: randomUUID(),
  memberName: 'Ann',
  payoutEmail: 'ann@example.com',
  currency: 'USD',
  amountMinor: 12345n,
  periods: ['December 2026'],
  ...overrides,
});

describe('PayPal customer id', () => {
  test('is at most 30 characters without spaces, and maps back to the member', () => {
    for (const id of [
      randomUUID(),
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '00000000-0000-0000-0000-000000000001',
    ]) {
      const customerId = paypalCustomerId(id);
      expect(customerId.length).toBeLessThanOrEqual(30);
      expect(customerId).toMatch(/^[0-9A-Z]+$/);
      expect(memberIdFromPaypalCustomerId(customerId)).toBe(id);
    }
    expect(memberIdFromPaypalCustomerId('not valid!')).toBeNull();
  });
});

describe('PayPal note', () => {
  test('names the brand and the periods, on one line, at most 400 characters', () => {
    expect(paypalNote('Glow Co', ['November 2026', 'December 2026'])).toBe(
      'Glow Co commissions for November 2026 and December 2026',
    );
    expect(paypalNote('Glow\r\nCo', ['A', 'B', 'C'])).toBe('Glow Co commissions for A, B and C');
    expect(paypalNote('x'.repeat(500), ['December 2026'])).toHaveLength(400);
  });
});

describe('planPaypalFiles', () => {
  test('one currency per file, at most 5,000 rows per file, payees without an email apart', () => {
    const usd = Array.from({ length: 12_001 }, () => payee());
    const eur = [payee({ currency: 'EUR', amountMinor: 100n })];
    const noEmail = payee({ payoutEmail: null, memberName: 'Nina' });
    const nothingDue = payee({ amountMinor: 0n });
    const owes = payee({ amountMinor: -500n });
    const plan = planPaypalFiles([...usd, noEmail, ...eur, nothingDue, owes]);
    expect(plan.files.map((f) => [f.currency, f.part, f.parts, f.payees.length])).toEqual([
      ['EUR', 1, 1, 1],
      ['USD', 1, 3, 5000],
      ['USD', 2, 3, 5000],
      ['USD', 3, 3, 2001],
    ]);
    // Every payee once, in order, across the parts.
    expect(plan.files.slice(1).flatMap((f) => f.payees)).toEqual(usd);
    expect(plan.needsPayoutDetails).toEqual([noEmail]);
    expect(plan.files[1].totalMinor).toBe(5000n * 12345n);
  });

  test('the file parses back to PayPal’s six columns, amounts in major units', () => {
    const ann = payee({ amountMinor: 10050n });
    const yen = payee({ currency: 'JPY', amountMinor: 1500n, payoutEmail: 'ken@example.jp' });
    const plan = planPaypalFiles([ann, yen]);
    const [jpy, usd] = plan.files;
    const rows = parse(paypalFileCsv(usd, 'Glow, "Co"'));
    expect(rows).toEqual([
      [
        'ann@example.com',
        '100.50',
        'USD',
        paypalCustomerId(ann.memberId),
        'Glow, "Co" commissions for December 2026',
        'PAYPAL',
      ],
    ]);
    expect(parse(paypalFileCsv(jpy, 'Glow'))[0].slice(0, 3)).toEqual([
      'ken@example.jp',
      '1500',
      'JPY',
    ]);
    expect(paypalFileName(usd, '2026-12-01')).toBe('paypal-payouts-USD-2026-12-01.csv');
    expect(paypalFileName({ ...usd, part: 2, parts: 3 }, '2026-12-01')).toBe(
      'paypal-payouts-USD-2026-12-01-part-2-of-3.csv',
    );
  });
});
