import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/postgres-server';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Folders that do not exist yet: as root, PostgreSQL runs as another user, who must be able to
// reach its data folder through the ones created for it.
const scratch = path.join(root, '.data', `embedded-test-${process.pid}`);
const dataDir = path.join(scratch, 'nested', 'postgres');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('embedded PostgreSQL', () => {
  it('creates a cluster with password authentication and leaves the exit code of the process alone', async () => {
    rmSync(scratch, { recursive: true, force: true });
    const port = await freePort();
    const { code, output } = await run([
      'test/fixtures/embedded-exit-code.ts',
      dataDir,
      String(port),
    ]);
    expect(output).toContain('connected as postgres');
    expect(output).toContain('wrong password refused: password authentication failed');
    // The package's async-exit-hook turned this into 0 (so a failing `npm test` passed).
    expect(code).toBe(3);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
  });
});
