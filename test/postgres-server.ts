/**
 * A PostgreSQL server for a test run: DATABASE_URL's server when set, else an embedded one in a
 * throw-away folder under .data/ on a free port. Used by vitest's global setup and the e2e server.
 */
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../db/embedded';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** URL of a database on the server (`postgres` by default). */
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

export async function startTestPostgres(label: string): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    return {
      url: (database = 'postgres') => {
        const url = new URL(external);
        url.pathname = `/${database}`;
        return url.toString();
      },
      stop: async () => {},
    };
  }
  const dir = path.join(root, '.data', `${label}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort() });
  return {
    url: pg.url,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withServer<T>(serverUrl: string, fn: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function createDatabase(serverUrl: string, name: string, template?: string) {
  await withServer(serverUrl, (sql) =>
    sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`),
  );
}

export async function dropDatabase(serverUrl: string, name: string) {
  await withServer(serverUrl, (sql) =>
    sql.unsafe(`drop database if exists "${name}" with (force)`),
  );
}
