import { describe, expect, test } from 'vitest';
import { cpsCommission, divideHalfEven } from './commission';

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
