import { describe, expect, it } from 'vitest';
import { decodePosition, encodePosition } from './keyset.server';

describe('keyset positions', () => {
  const position = {
    at: '2026-12-01T12:49:03.123456Z',
    id: '0b8e7c52-3f1a-4d2e-9c4b-5a6f7e8d9c0b',
  };

  it('reads back the position it wrote, to the microsecond', () => {
    expect(decodePosition(encodePosition(position))).toEqual(position);
  });

  it('takes anything else for no position', () => {
    for (const after of [
      undefined,
      null,
      '',
      '2026-12-01T12:49:03.123Z_0b8e7c52-3f1a-4d2e-9c4b-5a6f7e8d9c0b', // milliseconds only
      `${position.at}_not-a-uuid`,
      `${position.at}`,
      `x'; drop table conversions; --_${position.id}`,
    ]) {
      expect(decodePosition(after)).toBeNull();
    }
  });
});
