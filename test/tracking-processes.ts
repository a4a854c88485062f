/**
 * Real Offerlink processes for scale-out tests: each is its own Node.js process (its own caches,
 * click buffer and LISTEN connection) on the test file's database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The tracking-only Offerlink process (no web app, no job runner), started by path: an entrance.
const script = path.join(
  path.dirname(path.dirname(fileURLToPath(import.meta.url))),
  'bench/postback-server.ts',
);

export interface TrackingProcess {
  url: string;
  /** What the process wrote to stderr (its log), for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

export function startTrackingProcess(env: Record<string, string> = {}): Promise<TrackingProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /ready (\d+)/.exec(stdout);
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, log: () => stderr, stop });
    });
    child.once('exit', (code) =>
      reject(new Error(`tracking process exited (${code}) before listening:\n${stderr}`)),
    );
  });
}
