/**
 * A fresh production build of this checkout for integration tests over real HTTP: made once per
 * test file (in build-test-<pid>/, removed after the file), served by the test with
 * `startServer({ buildDir: await buildWebApp(), ... })` against the test file's database.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const buildName = `build-test-${process.pid}`;
const buildDir = path.join(root, buildName);
let built: Promise<string> | undefined;

afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

/** The build folder, built on first call. */
export function buildWebApp(): Promise<string> {
  built ??= (async () => {
    rmSync(buildDir, { recursive: true, force: true });
    await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'],
      {
        cwd: root,
        env: { ...process.env, OFFERLINK_BUILD_DIR: buildName, NODE_ENV: 'production' },
      },
    );
    return buildDir;
  })();
  return built;
}

/** Options for startServer() that serve the build on a free port, without worker or seed. */
export async function webServerOptions() {
  return {
    buildDir: await buildWebApp(),
    worker: false,
    seed: false,
    port: 0,
    host: '127.0.0.1',
    log: () => {},
  };
}
