import { describe, expect, test } from 'vitest';
import { cpsCommission, divideHalfEven } from './commission';
import { currencyExponent, formatMinor, parseAmount } from './money';

describe('parseAmount', () => {
  test.each([
    ['49.99', 'USD', 4999n],
    ['49.9', 'USD', 4990n],
    ['49', 'USD', 4900n],
    ['49.', 'USD', 4900n],
    ['10.500', 'USD', 1050n],
    ['0', 'USD', 0n],
    ['0.1', 'USD', 10n],
    ['1234', 'JPY', 1234n],
    ['1234', 'KRW', 1234n],
    ['1.234', 'KWD', 1234n],
    ['1.5', 'BHD', 1500n],
    ['12.345', 'OMR', 12345n],
    ['9999999.99', 'USD', 999999999n],
    ['10000000', 'USD', 1000000000n],
    // Beyond float precision: exact.
    ['9007199.254', 'TND', 9007199254n],
  ])('%s %s → %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  test.each([
    ['', 'USD', /missing/],
    ['-1', 'USD', /negative/],
    ['1,000.00', 'USD', /decimal number/],
    ['1e3', 'USD', /decimal number/],
    ['abc', 'USD', /decimal number/],
    ['0x10', 'USD', /decimal number/],
    ['49.999', 'USD', /more decimals than USD allows \(2\)/],
    ['1.5', 'JPY', /more decimals than JPY allows \(0\)/],
    ['1.2345', 'KWD', /more decimals/],
    ['10000000.01', 'USD', /larger than 10,000,000/],
    ['99999999999999999999', 'USD', /larger than/],
  ])('refuses %j in %s', (text, currency, message) => {
    const parsed = parseAmount(text, currency);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  test('currency exponents', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    for (const c of ['BHD', 'KWD', 'OMR', 'JOD', 'TND']) expect(currencyExponent(c)).toBe(3);
  });

  test('formatMinor', () => {
    expect(formatMinor(4999, 'USD')).toBe('49.99');
    expect(formatMinor(-5, 'USD')).toBe('-0.05');
    expect(formatMinor(500, 'JPY')).toBe('500');
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
  });
});

describe('commission', () => {
  test('half-even division: ties go to the even neighbour', () => {
    expect(divideHalfEven(25n, 10n)).toBe(2n); // 2.5 → 2
    expect(divideHalfEven(35n, 10n)).toBe(4n); // 3.5 → 4
    expect(divideHalfEven(45n, 10n)).toBe(4n); // 4.5 → 4
    expect(divideHalfEven(26n, 10n)).toBe(3n);
    expect(divideHalfEven(24n, 10n)).toBe(2n);
    expect(divideHalfEven(0n, 10n)).toBe(0n);
  });

  test.each([
    [25n, '10', 2n], // 2.5 → 2
    [35n, '10', 4n], // 3.5 → 4
    [4999n, '10', 500n], // 499.9 → 500
    [1000n, '12.5', 125n],
    [1000n, '12.5000', 125n],
    [1n, '50', 0n], // 0.5 → 0
    [3n, '50', 2n], // 1.5 → 2
    [10000n, '0.0001', 0n], // 0.01 → 0
    [5000n, '0.01', 0n], // 0.5 → 0
    [15000n, '0.01', 2n], // 1.5 → 2
    [999999999n, '100', 999999999n],
    [999999999n, '33.3333', 333333000n], // 333332999.666667 → 333333000
  ])('%s minor × %s %% → %s', (amount, percent, expected) => {
    expect(cpsCommission(amount, percent)).toBe(expected);
  });
});
