import { describe, expect, test } from 'vitest';
import {
  CURRENCIES,
  currencyExponent,
  isCurrencyCode,
  formatMinor,
  formatMoney,
  formatPercent,
  MAX_CPA_MAJOR,
  parseAmount,
  parsePercent,
} from './money';

describe('parseAmount', () => {
  test.each([
    ['49.99', 'USD', 4999n],
    ['49.9', 'USD', 4990n],
    ['49', 'USD', 4900n],
    ['49.', 'USD', 4900n],
    ['10.500', 'USD', 1050n],
    ['0', 'USD', 0n],
    ['0.1', 'USD', 10n],
    ['  7.25 ', 'EUR', 725n],
    ['1234', 'JPY', 1234n],
    ['1234', 'KRW', 1234n],
    ['1.234', 'KWD', 1234n],
    ['1.5', 'BHD', 1500n],
    ['12.345', 'OMR', 12345n],
    ['9999999.99', 'USD', 999999999n],
    ['10000000', 'USD', 1000000000n],
    // Exact where binary floating point is not: 0.29 * 100 = 28.999999999999996.
    ['0.29', 'USD', 29n],
    ['1.15', 'USD', 115n],
    ['9007199.254', 'TND', 9007199254n],
  ])('%s %s → %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  test.each([
    ['', 'USD', /Enter an amount from 0 to 10,000,000 USD/],
    ['-1', 'USD', /must be from 0 to 10,000,000 USD; -1 is too low/],
    ['\u22125', 'USD', /-5 is too low/],
    ['1,000.00', 'USD', /not a number like 49.99/],
    ['1e3', 'USD', /not a number/],
    ['abc', 'USD', /not a number/],
    ['$15', 'USD', /not a number/],
    ['0x10', 'USD', /not a number/],
    ['49.999', 'USD', /USD amounts have at most 2 decimals/],
    ['1.5', 'JPY', /JPY amounts have no decimals/],
    ['1.2345', 'KWD', /at most 3 decimals/],
    ['10000000.01', 'USD', /from 0 to 10,000,000 USD; 10000000.01 is too high/],
    ['99999999999999999999', 'USD', /from 0 to 10,000,000 USD/],
  ])('refuses %j in %s', (text, currency, message) => {
    const parsed = parseAmount(text, currency);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  test('typed amounts may group thousands and have their own ceiling', () => {
    const typed = { allowGrouping: true, maxMajor: MAX_CPA_MAJOR, positive: true };
    expect(parseAmount('1,250.00', 'USD', typed)).toEqual({ ok: true, minor: 125000n });
    expect(parseAmount('1000000', 'USD', typed)).toEqual({ ok: true, minor: 100000000n });
    const over = parseAmount('1000000.01', 'USD', typed);
    expect(over.ok ? '' : over.message).toContain('more than 0 and at most 1,000,000 USD');
    const zero = parseAmount('0.00', 'USD', typed);
    expect(zero.ok ? '' : zero.message).toBe(
      'The amount must be more than 0 and at most 1,000,000 USD; 0.00 is too low.',
    );
  });

  test('currency exponents', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    for (const c of ['BHD', 'KWD', 'OMR', 'JOD', 'TND']) expect(currencyExponent(c)).toBe(3);
  });
});

describe('formatting', () => {
  test('formatMinor: plain major-unit strings', () => {
    expect(formatMinor(4999, 'USD')).toBe('49.99');
    expect(formatMinor(5, 'USD')).toBe('0.05');
    expect(formatMinor(-5, 'USD')).toBe('-0.05');
    expect(formatMinor(-250, 'EUR')).toBe('-2.50');
    expect(formatMinor(500, 'JPY')).toBe('500');
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
  });

  test('formatMoney: exact, in the currency’s digits', () => {
    expect(formatMoney(2234, 'USD')).toBe('$22.34');
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(-1999, 'USD')).toBe('-$19.99');
    expect(formatMoney(1234, 'KWD')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(900719925474099312n, 'USD')).toBe('$9,007,199,254,740,993.12');
  });

  test('stored percentages are shown short', () => {
    expect(formatPercent('12.5000')).toBe('12.5');
    expect(formatPercent('10.0000')).toBe('10');
    expect(formatPercent('7')).toBe('7');
  });
});

describe('parsePercent', () => {
  test.each([
    ['10', '10'],
    ['12.5', '12.5'],
    ['12.50', '12.5'],
    ['0.01', '0.01'],
    ['0.0125', '0.0125'],
    ['100', '100'],
    ['100.0000', '100'],
    ['15 %', '15'],
    ['007.25', '7.25'],
  ])('%s → %s', (input, percent) => {
    expect(parsePercent(input)).toEqual({ ok: true, percent });
  });

  test.each([
    ['', 'Enter a percentage between 0.01 and 100 %'],
    ['0', 'must be between 0.01 and 100 %; 0 is too low'],
    ['0.0099', '0.0099 is too low'],
    ['0.00001', 'too low'],
    ['12.34567', 'at most 4 decimals (between 0.01 and 100 %)'],
    ['100.0001', 'must be between 0.01 and 100 %; 100.0001 is too high'],
    ['101', '101 is too high'],
    ['1000', '1000 is too high'],
    ['-5', 'must be between 0.01 and 100 %; -5 is too low'],
    ['\u22125', '-5 is too low'],
    ['ten', 'as a number between 0.01 and 100 %'],
    ['1e1', 'as a number between 0.01 and 100 %'],
  ])('refuses %j', (input, message) => {
    const result = parsePercent(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

test('every currency an offer can use has the ISO 4217 decimals the runtime knows', () => {
  for (const { code } of CURRENCIES) {
    const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    expect([code, currencyExponent(code)]).toEqual([
      code,
      intl.resolvedOptions().maximumFractionDigits,
    ]);
    expect(isCurrencyCode(code)).toBe(true);
  }
  expect(isCurrencyCode('XYZ')).toBe(false);
  expect(isCurrencyCode('usd')).toBe(false);
  expect(isCurrencyCode('KWD')).toBe(true);
});
