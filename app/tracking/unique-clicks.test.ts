import { describe, expect, test } from 'vitest';
import { UniqueClickTracker } from './unique-clicks.server';

const DAY = 24 * 60 * 60 * 1000;
const t0 = Date.UTC(2026, 10, 24, 12);

describe('UniqueClickTracker', () => {
  test('the same link, address and browser within 24 hours is not unique; the window slides', () => {
    const u = new UniqueClickTracker();
    expect(u.seen('link', 'ip', 'ua', t0)).toBe(true);
    expect(u.seen('link', 'ip', 'ua', t0 + 1000)).toBe(false);
    // Every click renews the window: 23 h after the last one is still within it.
    expect(u.seen('link', 'ip', 'ua', t0 + 1000 + 23 * 60 * 60 * 1000)).toBe(false);
    expect(u.seen('link', 'ip', 'ua', t0 + 1000 + 23 * 60 * 60 * 1000 + DAY)).toBe(true);
  });

  test('another link, address or browser is a unique click of its own', () => {
    const u = new UniqueClickTracker();
    expect(u.seen('link', 'ip', 'ua', t0)).toBe(true);
    expect(u.seen('other-link', 'ip', 'ua', t0)).toBe(true);
    expect(u.seen('link', 'other-ip', 'ua', t0)).toBe(true);
    expect(u.seen('link', 'ip', 'other-ua', t0)).toBe(true);
    expect(u.seen('link', 'ip', 'ua', t0)).toBe(false);
  });

  test('memory is bounded, and recently seen visitors survive a generation change', () => {
    const u = new UniqueClickTracker(10);
    u.seen('link', 'kept', 'ua', t0);
    for (let i = 0; i < 100; i += 1) {
      u.seen('link', `ip-${i}`, 'ua', t0);
      // Seen again now and then: carried over from generation to generation.
      if (i % 4 === 0) expect(u.seen('link', 'kept', 'ua', t0)).toBe(false);
      expect(u.size).toBeLessThanOrEqual(10);
    }
    // Long forgotten: counts as unique again (the price of the bound).
    expect(u.seen('link', 'ip-0', 'ua', t0)).toBe(true);
  });
});
