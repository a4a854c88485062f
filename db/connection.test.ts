import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lockDataDir } from './connection';

test('a second Offerlink on the same data folder is refused with a clear message', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'offerlink-lock-'));
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    writeFileSync(path.join(dir, 'offerlink.pid'), String(other.pid));
    expect(() => lockDataDir(dir)).toThrow(/Offerlink is already running \(pid \d+\)/);
  } finally {
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
  }
  // The holder is gone: its stale lock is taken over, and released again.
  const release = lockDataDir(dir);
  expect(readFileSync(path.join(dir, 'offerlink.pid'), 'utf8')).toBe(String(process.pid));
  release();
  expect(existsSync(path.join(dir, 'offerlink.pid'))).toBe(false);
});
