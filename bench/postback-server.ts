/**
 * An Offerlink process serving only the tracking paths (no web app, no worker), for the kill test
 * and bench/postback-kill.ts: they SIGKILL it mid-load. DATABASE_URL must be set. Prints
 * `ready <port>` once it listens.
 */
import { startServer } from '../server';

const server = await startServer({
  web: false,
  worker: false,
  seed: false,
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  log: () => {},
});
console.log(`ready ${server.port}`);
