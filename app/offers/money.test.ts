import { describe, expect, test } from 'vitest';
import {
  displayMoney,
  formatMinorAmount,
  formatPercent,
  parseMajorAmount,
  parsePercent,
} from './money';

describe('parseMajorAmount', () => {
  test.each([
    ['15', 'USD', 1500],
    ['15.00', 'USD', 1500],
    ['15.5', 'USD', 1550],
    ['0.01', 'USD', 1],
    ['0.1', 'USD', 10],
    ['1,250.00', 'USD', 125000],
    ['  7.25 ', 'EUR', 725],
    ['1500', 'JPY', 1500],
    ['1000000', 'USD', 100000000],
    // Exact where binary floating point is not: 0.29 * 100 = 28.999999999999996.
    ['0.29', 'USD', 29],
    ['1.15', 'USD', 115],
  ])('%s %s → %i minor units', (input, currency, minor) => {
    expect(parseMajorAmount(input, currency)).toEqual({ ok: true, minor });
  });

  test.each([
    ['', 'USD', 'Enter an amount'],
    ['abc', 'USD', 'as a number'],
    ['-5', 'USD', 'as a number'],
    ['1e3', 'USD', 'as a number'],
    ['$15', 'USD', 'as a number'],
    ['15.001', 'USD', 'at most 2 decimals'],
    ['15.5', 'JPY', 'no decimals'],
    ['1000000.01', 'USD', 'at most 1,000,000'],
    ['99999999999999999', 'USD', 'at most 1,000,000'],
  ])('refuses %j in %s', (input, currency, message) => {
    const result = parseMajorAmount(input, currency);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('formatting', () => {
  test('minor units back to major-unit strings', () => {
    expect(formatMinorAmount(1500, 'USD')).toBe('15.00');
    expect(formatMinorAmount(5, 'USD')).toBe('0.05');
    expect(formatMinorAmount(1500, 'JPY')).toBe('1500');
    expect(formatMinorAmount(-250, 'EUR')).toBe('-2.50');
    expect(displayMoney(123456, 'USD')).toBe('$1,234.56');
    expect(displayMoney(1500, 'JPY')).toBe('¥1,500');
    expect(displayMoney(1500, 'SEK')).toBe('15.00 SEK');
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
    ['0.0001', '0.0001'],
    ['100', '100'],
    ['100.0000', '100'],
    ['15 %', '15'],
    ['007.25', '7.25'],
  ])('%s → %s', (input, percent) => {
    expect(parsePercent(input)).toEqual({ ok: true, percent });
  });

  test.each([
    ['', 'Enter a percentage'],
    ['0', 'more than 0'],
    ['0.00001', 'at most 4 decimals'],
    ['100.0001', 'at most 100'],
    ['101', 'at most 100'],
    ['-1', 'as a number'],
    ['ten', 'as a number'],
    ['1e1', 'as a number'],
  ])('refuses %j', (input, message) => {
    const result = parsePercent(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});
