import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { periodUnits } from './figures.server';
import { addDays, periodDays } from './period';

/** The days a unit covers: a month, a Monday's week, a day. */
function daysOf(kind: 'months' | 'weeks' | 'days', start: string): string[] {
  if (kind === 'days') return [start];
  if (kind === 'weeks') return Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const out: string[] = [];
  for (let d = start; d.slice(0, 7) === start.slice(0, 7); d = addDays(d, 1)) out.push(d);
  return out;
}

describe('periodUnits', () => {
  test('covers every day of any period exactly once, with whole months and Monday weeks', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 800 }),
        (start, length) => {
          const from = start.toISOString().slice(0, 10);
          const period = { from, to: addDays(from, length - 1) };
          const units = periodUnits(period);
          const covered = (['months', 'weeks', 'days'] as const).flatMap((kind) =>
            units[kind].flatMap((u) => daysOf(kind, u)),
          );
          expect(covered.length).toBe(periodDays(period));
          expect(new Set(covered).size).toBe(covered.length);
          expect(covered.every((d) => d >= period.from && d <= period.to)).toBe(true);
          for (const m of units.months) expect(m.endsWith('-01')).toBe(true);
          for (const w of units.weeks) expect(new Date(`${w}T00:00:00Z`).getUTCDay()).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('90 days are read as at most 22 units', () => {
    const units = periodUnits({ from: '2026-09-07', to: '2026-12-05' });
    expect(units.months).toEqual(['2026-10-01', '2026-11-01']);
    expect(units.weeks).toEqual(['2026-09-07', '2026-09-14', '2026-09-21']);
    expect(units.days).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
  });
});
