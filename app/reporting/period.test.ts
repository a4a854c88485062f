import { describe, expect, test } from 'vitest';
import { formatDayText, parseDayText, periodQuerySchema } from './period';

describe('the custom period fields take days as the pages write them', () => {
  test.each([
    ['6 Nov 2026', '2026-11-06'],
    ['06 nov 2026', '2026-11-06'],
    ['6 November 2026', '2026-11-06'],
    ['  6   Nov.  2026 ', '2026-11-06'],
    ['Nov 6, 2026', '2026-11-06'],
    ['November 6 2026', '2026-11-06'],
    ['30 Sept 2026', '2026-09-30'],
    ['29 Feb 2028', '2028-02-29'],
    ['2026-11-06', '2026-11-06'],
  ])('%s → %s', (text, day) => {
    expect(parseDayText(text)).toBe(day);
  });

  test.each([
    '06/11/2026', // day or month first? refused rather than guessed
    '11/06/2026',
    '29 Feb 2027',
    '31 Apr 2026',
    '6 Novem 2026',
    '6 No 2026',
    'yesterday',
    '2026-13-01',
    '',
  ])('%s is refused', (text) => {
    expect(parseDayText(text)).toBeNull();
  });

  test('what the fields show reads back to the same day', () => {
    for (const day of ['2026-01-01', '2026-11-06', '2028-02-29', '2026-12-31']) {
      expect(parseDayText(formatDayText(day))).toBe(day);
    }
    expect(formatDayText('2026-11-06')).toBe('6 Nov 2026');
  });

  test('the query schema turns typed days into YYYY-MM-DD and says how to write a bad one', () => {
    expect(
      periodQuerySchema.parse({ period: 'custom', from: '6 Nov 2026', to: 'Dec 5, 2026' }),
    ).toEqual({ period: 'custom', from: '2026-11-06', to: '2026-12-05' });
    const refused = periodQuerySchema.safeParse({ period: 'custom', from: '11/06/2026', to: '' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['from', 'Enter a start date like 6 Nov 2026.'],
      ['to', 'Enter an end date like 6 Nov 2026.'],
    ]);
  });
});
