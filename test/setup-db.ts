import { afterAll, inject } from 'vitest';
import { closeDb } from '../db/client';
import { createDatabase, dropDatabase } from './postgres-server';

// Each test file works in its own database, copied from the migrated template.
const serverUrl = inject('pgServerUrl');
const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
await createDatabase(serverUrl, name, inject('pgTemplate'));
const url = new URL(serverUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
const poolerUrl = inject('pgPoolerUrl');
if (poolerUrl) {
  process.env.DIRECT_DATABASE_URL = url.toString();
  const pooled = new URL(poolerUrl);
  pooled.pathname = `/${name}`;
  process.env.DATABASE_URL = pooled.toString();
}
process.env.NODE_ENV = 'test';

afterAll(async () => {
  await closeDb();
  await dropDatabase(serverUrl, name);
});
