/**
 * Real Offerlink processes for scale-out tests: each is its own Node.js process (its own caches,
 * click buffer and LISTEN connection) on the test file's database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tracking-process.ts');

export interface TrackingProcess {
  url: string;
  /** What the process wrote to stderr (its log), for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

export function startTrackingProcess(env: Record<string, string> = {}): Promise<TrackingProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
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
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const { port } = JSON.parse(line) as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, log: () => stderr, stop });
    });
    child.once('exit', (code) =>
      reject(new Error(`tracking process exited (${code}) before listening:\n${stderr}`)),
    );
  });
}
