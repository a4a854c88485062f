/**
 * Shared by the durability test and bench/postback-kill.ts: runs an Offerlink process as a child,
 * fires postbacks at it, SIGKILLs it mid-load, and returns the conversion ids it acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function startChildServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench/postback-server.ts')],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${errors}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export interface KillRun {
  acknowledged: string[];
  sent: number;
  failed: number;
}

/**
 * `concurrency` loops post conversions with unique order ids; after `killAfterAcks` success answers
 * the child is SIGKILLed while requests are still in flight. Resolves when every loop has stopped.
 */
export async function loadAndKill(options: {
  child: ChildProcess;
  url: string;
  token: string;
  clickIds: string[];
  concurrency: number;
  killAfterAcks: number;
}): Promise<KillRun> {
  const acknowledged: string[] = [];
  let sent = 0;
  let failed = 0;
  let killed = false;
  const exited = new Promise<void>((resolve) => options.child.once('exit', () => resolve()));
  const loop = async (worker: number) => {
    for (let n = 0; !killed; n++) {
      sent++;
      const query = new URLSearchParams({
        transaction_id: options.clickIds[(worker + n) % options.clickIds.length],
        amount: '19.99',
        order_id: `kill-${worker}-${n}`,
        security_token: options.token,
      });
      try {
        const response = await fetch(`${options.url}/postback?${query}`);
        const body = (await response.json()) as { success?: boolean; conversion_id?: string };
        if (response.status === 200 && body.success && body.conversion_id) {
          acknowledged.push(body.conversion_id);
        } else failed++;
      } catch {
        failed++; // Connection reset by the kill: not acknowledged.
      }
      if (!killed && acknowledged.length >= options.killAfterAcks) {
        killed = true;
        options.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => loop(i)));
  await exited;
  return { acknowledged, sent, failed };
}
