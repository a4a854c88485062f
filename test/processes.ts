/**
 * Offerlink processes for tests and benches: `server.ts` started as a child process (a web process,
 * or a worker-only one as `npm run worker` starts it), waited for until it says it is ready, and
 * stopped with SIGINT (its ordered shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export interface ChildServer {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

export async function startChildServer(options: {
  args?: string[];
  env: Record<string, string | undefined>;
  /** Printed when the process is ready. */
  readyText: string | RegExp;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = (text: string) =>
    typeof options.readyText === 'string'
      ? text.includes(options.readyText)
      : options.readyText.test(text);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server.ts did not start in time:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const check = () => {
      if (ready(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server.ts exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
