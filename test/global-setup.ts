import type { TestProject } from 'vitest/node';
import { closeDb } from '../db/client';
import { migrate } from '../db/migrate';
import { createDatabase, dropDatabase, startTestPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
    /** DATABASE_URL when it is a pooler (DIRECT_DATABASE_URL set): files then use it. */
    pgPoolerUrl: string;
  }
}

/**
 * Starts one PostgreSQL server for the run and migrates a template database once; every test file
 * then gets its own copy of the template (test/setup-db.ts), so files run in parallel on clean state.
 */
export default async function setup(project: TestProject) {
  // Behind a pooler (DATABASE_URL = PgBouncer, DIRECT_DATABASE_URL = the server), databases are
  // created and migrated directly, and the tests' queries go through the pooler.
  const poolerUrl = process.env.DIRECT_DATABASE_URL ? process.env.DATABASE_URL : undefined;
  if (poolerUrl) process.env.DATABASE_URL = process.env.DIRECT_DATABASE_URL;
  project.provide('pgPoolerUrl', poolerUrl ?? '');
  const pg = await startTestPostgres('vitest');
  const template = `offerlink_template_${process.pid}`;
  const serverUrl = pg.url('postgres');
  await dropDatabase(serverUrl, template);
  await createDatabase(serverUrl, template);
  process.env.DATABASE_URL = pg.url(template);
  await migrate(pg.url(template));
  await closeDb();
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);
  return async () => {
    await dropDatabase(serverUrl, template);
    await pg.stop();
  };
}
