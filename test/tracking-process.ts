/**
 * A separate Offerlink process for multi-process tests (test/processes.ts starts it): the tracking
 * endpoints (no Remix build, no job runner, no seed) on a free port, on the DATABASE_URL it is
 * given. Prints `{"port":N}` once listening; stops cleanly on SIGTERM/SIGINT.
 */
import { startServer } from '../server';

const server = await startServer({
  web: false,
  worker: false,
  seed: false,
  port: 0,
  host: '127.0.0.1',
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stop failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
