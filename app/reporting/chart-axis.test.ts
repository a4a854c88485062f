import { describe, expect, test } from 'vitest';
import { integerAxis, isSparse } from './chart-axis';

describe('integerAxis', () => {
  test.each([
    // One click: the axis ends at 1, the bar is full height (not 0–4 with a quarter-high bar).
    [1, [0, 1]],
    [2, [0, 1, 2]],
    [3, [0, 1, 2, 3]],
    [4, [0, 1, 2, 3, 4]],
    [5, [0, 2, 4, 6]],
    [7, [0, 2, 4, 6, 8]],
    [9, [0, 5, 10]],
    [10, [0, 5, 10]],
    [11, [0, 5, 10, 15]],
    [23, [0, 10, 20, 30]],
    [40, [0, 10, 20, 30, 40]],
    [41, [0, 20, 40, 60]],
    [100, [0, 50, 100]],
    [1234, [0, 500, 1000, 1500]],
    [98_765, [0, 50_000, 100_000]],
  ])('largest count %i → ticks %j', (max, ticks) => {
    const axis = integerAxis(max);
    expect(axis.ticks).toEqual(ticks);
    expect(axis.domain).toEqual([0, ticks.at(-1)]);
  });

  test('no data (or nonsense) still draws a 0–1 axis', () => {
    for (const max of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(integerAxis(max)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    }
  });

  test('whole numbers only, evenly spaced, at most five ticks, the top at or above the data', () => {
    for (let max = 1; max <= 5000; max += 7) {
      const { ticks, domain } = integerAxis(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      const step = ticks[1] - ticks[0];
      expect(ticks.every((t, i) => t === i * step)).toBe(true);
      expect(domain[1]).toBeGreaterThanOrEqual(max);
      // Never more than one step of empty headroom.
      expect(domain[1] - max).toBeLessThan(step);
    }
  });
});

test('isSparse: a few days with data in a long period', () => {
  expect(isSparse([0, 0, 1, 0])).toBe(true);
  expect(isSparse(Array.from({ length: 30 }, (_, i) => i % 4))).toBe(false);
});
