import { describe, expect, test } from 'vitest';
import { parseWithSchema } from '../forms/parse-form';
import { memberFormSchema, memberListQuery, normalizeHandle } from './schemas';

describe('member form schema', () => {
  test('trims, lower-cases the email and normalises usernames', () => {
    const result = memberFormSchema.parse({
      name: '  Maya Lopez ',
      email: ' Maya@Example.COM ',
      instagram: ' @Maya.Glows',
      tiktok: 'https://www.tiktok.com/@MayaGlows?lang=en',
      projectIds: '0b6f3a52-3c1e-4c43-9b1f-6f0b9c8f2d11',
    });
    expect(result).toEqual({
      name: 'Maya Lopez',
      email: 'maya@example.com',
      instagram: 'maya.glows',
      tiktok: 'mayaglows',
      projectIds: ['0b6f3a52-3c1e-4c43-9b1f-6f0b9c8f2d11'],
    });
  });

  test('empty usernames become null and missing projects an empty list', () => {
    const result = memberFormSchema.parse({
      name: 'A',
      email: 'a@b.co',
      instagram: ' @ ',
      tiktok: '',
    });
    expect(result).toMatchObject({ instagram: null, tiktok: null, projectIds: [] });
  });

  test('every invalid field gets its own message', () => {
    const result = parseWithSchema(memberFormSchema, {
      name: 'x'.repeat(121),
      email: 'not-an-email',
      instagram: 'bad name!',
      tiktok: 'a'.repeat(25),
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.fieldErrors;
    expect(errors.name).toEqual(['A name is at most 120 characters.']);
    expect(errors.email?.[0]).toMatch(/valid email/);
    expect(errors.instagram?.[0]).toMatch(/letters, numbers, periods and underscores/);
    expect(errors.tiktok?.[0]).toMatch(/at most 24 characters/);
  });

  test('an Instagram username of 31 characters is too long, 30 is fine', () => {
    expect(
      memberFormSchema.safeParse({ name: 'A', email: 'a@b.co', instagram: 'a'.repeat(30) }).success,
    ).toBe(true);
    expect(
      memberFormSchema.safeParse({ name: 'A', email: 'a@b.co', instagram: 'a'.repeat(31) }).success,
    ).toBe(false);
  });

  test('normalizeHandle accepts profile URLs and a leading @', () => {
    expect(normalizeHandle('https://instagram.com/theo_park/')).toBe('theo_park');
    expect(normalizeHandle('@@x')).toBe('@x');
    expect(normalizeHandle('Sam.Reed')).toBe('sam.reed');
  });

  test('list query: bad page falls back to 1, project must be an id or "none"', () => {
    expect(memberListQuery.parse({ page: 'abc' })).toEqual({ q: '', project: '', page: 1 });
    expect(memberListQuery.parse({ project: 'none', page: '3', q: ' ana ' })).toEqual({
      q: 'ana',
      project: 'none',
      page: 3,
    });
    expect(memberListQuery.safeParse({ project: "1' or 1=1" }).success).toBe(false);
  });
});
