import { expect, test } from 'vitest';
import { db, getDb } from './client';

test('the lazy db proxy exposes the real postgres.js client with its properties', async () => {
  expect(db.$client).toBe(getDb().$client);
  expect(typeof db.$client.listen).toBe('function');
  const rows = await db.$client`select 1 as one`;
  expect(rows[0].one).toBe(1);
});
