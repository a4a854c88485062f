import { expect, test } from 'vitest';
import { formatMinorUnits } from './money';

test('formats minor units exactly in the currency’s digits', () => {
  expect(formatMinorUnits(2234, 'USD')).toBe('$22.34');
  expect(formatMinorUnits(5, 'USD')).toBe('$0.05');
  expect(formatMinorUnits(0, 'EUR')).toBe('€0.00');
  expect(formatMinorUnits(1500, 'JPY')).toBe('¥1,500');
  expect(formatMinorUnits(-1999, 'USD')).toBe('-$19.99');
  expect(formatMinorUnits(900719925474099312n, 'USD')).toBe('$9,007,199,254,740,993.12');
});
