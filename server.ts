/**
 * The Offerlink process: database (embedded unless DATABASE_URL is set), migrations, the demo seed,
 * the graphile-worker runner, and one HTTP server. The HTTP server answers the tracking hot path
 * (`/l/:code` …) at the node:http level and hands everything else to Express + Remix.
 * Shutdown is ordered: stop taking requests, flush buffers, stop the worker, close pools, stop
 * the embedded database.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequestHandler } from './app/server/remix-handler.server';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import {
  CLIENT_IP_HEADER,
  proxyTrust,
  socketClientAddress,
} from './app/auth/client-address.server';
import {
  crossSiteRefusalHtml,
  crossSiteRefusalText,
  refusedPageBackTo,
} from './app/auth/cross-site-refusal.server';
import { hideOriginFromRemix, originAllowed } from './app/auth/origin.server';
import { getConfig, publicUrl } from './app/config.server';
import { runShutdownHooks } from './app/lifecycle.server';
import { connectorFastPath } from './app/connectors/connector-fast-path.server';
import { pixelFastPath } from './app/conversions/pixel-fast-path.server';
import { ensureClickPartitions } from './app/tracking/click-partitions.server';
import { postbackFastPath } from './app/conversions/postback-fast-path.server';
import type { FastPathHandler } from './app/server/fast-path.server';
import { securityHeaders } from './app/server/security-headers.server';
import { redirectFastPath } from './app/tracking/redirect-fast-path.server';
import { closeDb } from './db/client';
import { lockDataDir, openDatabase, type Database } from './db/connection';
import { migrate } from './db/migrate';
import { demoLogin, seedDemoIfEmpty } from './seed/demo';
import { startWorker, type Worker } from './workers';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The tracking endpoints, answered at the node:http level before Express and Remix: their one
 * entrance, whatever the method (decisions 010, 011 and 021). Add a handler by adding it here.
 */
const fastPathHandlers: FastPathHandler[] = [
  redirectFastPath,
  postbackFastPath,
  pixelFastPath,
  connectorFastPath,
];
const defaultBuildDir = () => path.join(root, process.env.OFFERLINK_BUILD_DIR ?? 'build');

export interface StartOptions {
  dev?: boolean;
  port?: number;
  host?: string;
  /** Serve the Remix app (needs `npm run build` unless dev). Off for tests of the tracking paths. */
  web?: boolean;
  /** Listen for HTTP at all. Off for a worker-only process (`npm run worker`). */
  http?: boolean;
  worker?: boolean;
  seed?: boolean;
  /** The Remix production build to serve (default: build/, or OFFERLINK_BUILD_DIR). */
  buildDir?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  stop: () => Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = getConfig();
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(root, config.OFFERLINK_DATA_DIR);
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };

  try {
    if (!config.DATABASE_URL) cleanups.push(lockDataDir(dataDir));
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir,
      embeddedPort: config.EMBEDDED_PG_PORT,
      log: (line) => log(`[db] ${line}`),
    });
    cleanups.push(database.stop);
    process.env.DATABASE_URL = database.url;
    cleanups.push(closeDb);
    // Migrations, the job runner's LISTEN and session locks need PostgreSQL itself, not a pooler.
    const directUrl = config.DIRECT_DATABASE_URL || database.url;

    await migrate(directUrl);
    // The coming months' click partitions (also made daily by a job; a start after a long stop
    // must not leave this month's clicks to the default partition).
    await ensureClickPartitions();
    if (options.seed ?? config.SEED_DEMO === '1') {
      if (await seedDemoIfEmpty()) log('Created the demo brand (first start).');
    }

    let worker: Worker | undefined;
    if (options.worker ?? config.RUN_WORKER === '1') {
      worker = await startWorker({ connectionString: directUrl });
      const w = worker;
      cleanups.push(() => w.stop());
    }

    if (options.http === false) {
      let stopping: Promise<void> | undefined;
      const stop = () =>
        (stopping ??= (async () => {
          await runShutdownHooks(log);
          await cleanup();
        })());
      return { url: publicUrl(), port: 0, database, stop };
    }

    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', proxyTrust());
    app.use(securityHeaders({ dev: options.dev ?? false }));
    let build: ServerBuild | (() => Promise<ServerBuild>) | undefined;
    if (options.web ?? true) {
      if (options.dev) {
        const vite = await import('vite');
        const viteServer = await vite.createServer({ server: { middlewareMode: true } });
        cleanups.push(() => viteServer.close());
        app.use(viteServer.middlewares);
        build = () =>
          viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
      } else {
        const buildDir = options.buildDir ?? defaultBuildDir();
        const buildFile = path.join(buildDir, 'server/index.js');
        if (!existsSync(buildFile)) {
          throw new Error('No production build found: run `npm run build` (npm start does it).');
        }
        build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
        app.use(
          '/assets',
          express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }),
        );
        app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }));
      }
    }
    const publicOrigin = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : undefined;
    // The app's stylesheets, for the refusal page (the build's root links; none without a build).
    const stylesheets = async (): Promise<string[]> => {
      const loaded = typeof build === 'function' ? await build() : build;
      const links = loaded?.routes.root?.module.links?.() ?? [];
      return links.flatMap((l) => ('rel' in l && l.rel === 'stylesheet' && l.href ? [l.href] : []));
    };
    app.use((req, res, next) => {
      const request = {
        method: req.method,
        pathname: req.path,
        origin: req.headers.origin,
        host: req.headers.host,
      };
      if (originAllowed({ ...request, publicOrigin, fetchSite: req.get('sec-fetch-site') })) {
        if (hideOriginFromRemix(request)) delete req.headers.origin;
        next();
        return;
      }
      res.status(403).set('Cache-Control', 'no-store');
      // A hydrated page's form (`.data`) or a script reads text; a browser's form post, a page.
      if (req.path.endsWith('.data') || !req.accepts('html')) {
        res.type('text/plain').send(crossSiteRefusalText({ publicUrl: publicUrl() }));
        return;
      }
      stylesheets().then(
        (hrefs) =>
          res.type('html').send(
            crossSiteRefusalHtml({
              origin: req.headers.origin,
              backTo: refusedPageBackTo({
                referer: req.headers.referer,
                url: req.originalUrl,
                host: req.headers.host,
                publicOrigin,
              }),
              publicUrl: publicUrl(),
              stylesheets: hrefs,
            }),
          ),
        next,
      );
    });
    if (build)
      app.all(
        '*',
        createRequestHandler({
          build,
          mode: options.dev ? 'development' : 'production',
          getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
        }),
      );

    const server = http.createServer((req, res) => {
      // The tracking hot path (fastPathHandlers above) answers before Express and Remix.
      for (const handle of fastPathHandlers) {
        if (handle(req, res)) return;
      }
      // Never trust a client-supplied copy of our internal header.
      req.headers[CLIENT_IP_HEADER] = socketClientAddress(
        req.socket.remoteAddress,
        req.headers['x-forwarded-for'],
      );
      app(req, res);
    });
    server.keepAliveTimeout = 65_000;
    const port = options.port ?? config.PORT;
    const host = options.host ?? config.HOST;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`Port ${port} is already in use. Stop what uses it, or set PORT.`)
            : error,
        ),
      );
      server.listen(port, host, resolve);
    });
    const actualPort = (server.address() as { port: number }).port;
    process.env.OFFERLINK_LISTEN_URL = `http://localhost:${actualPort}`;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 3000).unref();
        });
        await runShutdownHooks(log);
        await cleanup();
      })());
    return { url: publicUrl(), port: actualPort, database, stop };
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
}

async function main() {
  try {
    process.loadEnvFile(path.join(root, '.env'));
  } catch {
    // No .env file: the environment alone configures Offerlink.
  }
  const dev = process.argv.includes('--dev');
  // `npm run worker`: the job runner and its crontab only, no HTTP (run web processes with
  // RUN_WORKER=0 beside it).
  const workerOnly = process.argv.includes('--worker');
  process.env.NODE_ENV ??= dev ? 'development' : 'production';
  let running: RunningServer;
  try {
    running = await startServer(
      workerOnly ? { http: false, web: false, worker: true, seed: false } : { dev },
    );
  } catch (error) {
    console.error(
      `\nOfferlink could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  if (workerOnly) {
    console.log(
      '\nOfferlink worker is running (jobs and crontab, no HTTP). Press Ctrl-C to stop.\n',
    );
  } else {
    await printWelcome(running);
  }
  installSignalHandlers(running);
}

async function printWelcome(running: RunningServer) {
  const login = await demoLogin();
  console.log(`\nOfferlink is running at ${running.url}`);
  console.log(
    running.database.embedded
      ? `Database: embedded PostgreSQL (${running.database.url.replace(/:[^:@/]+@/, ':***@')})`
      : 'Database: DATABASE_URL',
  );
  if (login) console.log(`Demo brand sign-in: ${login.email} / ${login.password}`);
  console.log('Press Ctrl-C to stop.\n');
}

function installSignalHandlers(running: RunningServer) {
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      console.log('Forced exit.');
      process.exit(1);
    }
    console.log(`\n${signal}: stopping Offerlink…`);
    running.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
