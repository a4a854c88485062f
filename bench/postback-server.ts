/**
 * An Offerlink process serving only the tracking paths (no web app, no worker), for the kill test
 * and bench/postback-kill.ts (they SIGKILL it mid-load) and the multi-process tests
 * (test/tracking-processes.ts: SIGTERM stops it cleanly). DATABASE_URL must be set. Prints
 * `ready <port>` once it listens.
 */
import { startServer } from '../server';

const server = await startServer({
  web: false,
  worker: false,
  seed: false,
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  log: (line) => process.stderr.write(`${line}\n`),
});
console.log(`ready ${server.port}`);

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
