/**
 * Redirect benchmark (SPEC §10): Offerlink's `/l/:code` against a bare node:http server answering
 * a fixed 302, in the same run, loaded the same way by wrk over loopback (bench/wrk.ts).
 *
 *   npm run bench:redirect            (embedded PostgreSQL, or the server of DATABASE_URL)
 *   BENCH_DURATION=20 BENCH_CONNECTIONS=32 npm run bench:redirect
 *
 * Processes: this one prepares the database (1,000 links) and counts stored clicks; Offerlink
 * (startServer, web and worker off: the redirect path only), the bare server and each wrk run
 * (one thread) are processes of their own. On a 2-core machine the load
 * generator, the server and PostgreSQL share the cores, for both servers alike.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { checkWrk, runWrk, type WrkResult, type WrkSpec } from './wrk';

const here = fileURLToPath(import.meta.url);
const BROWSER_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 300.0';

// ---- child roles ---------------------------------------------------------------------------

async function runBareServer() {
  const http = await import('node:http');
  const location =
    'https://shop.example.com/landing?utm_source=offerlink&utm_medium=influencer&transaction_id=0190f2a1-7c3b-7d2e-9a4f-1b2c3d4e5f60';
  const server = http.createServer((_req, res) => {
    res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as { port: number }).port });
  });
}

/** Offerlink's production server (redirect path only: no Remix build, no job runner). */
async function runOfferlink({ databaseUrl }: { databaseUrl: string }) {
  process.env.DATABASE_URL = databaseUrl;
  process.env.NODE_ENV = 'production';
  const { startServer } = await import('../server');
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    web: false,
    worker: false,
    seed: false,
    log: () => {},
  });
  process.once('SIGINT', () => void server.stop().then(() => process.exit(0)));
  process.send!({ port: server.port });
}

// ---- CPU accounting ------------------------------------------------------------------------

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU time (user + system) a process has used, in milliseconds; 0 once it is gone. */
function processCpuMs(pid: number): number {
  const { user, system } = processCpuSplitMs(pid);
  return user + system;
}

function processCpuSplitMs(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
      system: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** The PostgreSQL server's processes (postmaster and its children), when it runs on this machine. */
function postgresPids(dataDirectory: string): number[] {
  try {
    const postmaster = Number(
      readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0],
    );
    const pids = [postmaster];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pids.push(Number(entry));
      } catch {
        // The process ended meanwhile.
      }
    }
    return pids;
  } catch {
    return [];
  }
}

// ---- orchestration -------------------------------------------------------------------------

function child(role: string, arg?: unknown): ChildProcess {
  return fork(here, [role, JSON.stringify(arg ?? null)], {
    // BENCH_PROFILE=dir writes a CPU profile of the Offerlink server (node --cpu-prof);
    // BENCH_SERVER_FLAGS passes node flags to it (e.g. "--trace-gc").
    execArgv: [
      '--import',
      'tsx',
      ...(role === 'offerlink' && process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
      ...(role === 'offerlink'
        ? (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function load(spec: Omit<WrkSpec, 'headers'>): Promise<WrkResult> {
  return runWrk({ ...spec, headers: { 'user-agent': BROWSER_UA } });
}

async function main() {
  const duration = Number(process.env.BENCH_DURATION ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  const rate = Number(process.env.BENCH_RATE ?? 5000);
  const linkCount = Number(process.env.BENCH_LINKS ?? 1000);

  const missing = checkWrk();
  if (missing) throw new Error(missing);
  process.env.NODE_ENV = 'production';
  process.env.SEED_DEMO = '0';
  process.env.RUN_WORKER = '0';
  // Imported here, not at the top: the bare server's process loads nothing it does not need.
  const { benchDatabase } = await import('./setup');
  const database = await benchDatabase('redirect');

  const { db } = await import('../db/client');
  const { createBrandWithUser, createOffer } = await import('../seed/factories');
  const { links, members } = await import('../db/schema');
  const { generateLinkCode } = await import('../app/links/link-code.server');

  const offerlink = child('offerlink', { databaseUrl: database.url });
  const [{ port: offerlinkPort }] = (await once(offerlink, 'message')) as [{ port: number }];
  const bare = child('bare');
  const [{ port: barePort }] = (await once(bare, 'message')) as [{ port: number }];

  try {
    // 1,000 links of one offer, each for its own member, with templated UTM.
    const { brand } = await createBrandWithUser({ brandName: 'Bench brand' });
    const { offer, payouts } = await createOffer(brand.id, {
      name: 'Bench offer',
      offerUrl: 'https://shop.example.com/landing',
      utmSource: 'offerlink',
      utmMedium: 'influencer',
      utmContent: '{creator_ig_username}',
    });
    const memberRows = await db
      .insert(members)
      .values(
        Array.from({ length: linkCount }, (_, i) => ({
          brandId: brand.id,
          name: `Creator ${i}`,
          email: `creator-${i}@example.com`,
          instagram: `creator_${i}`,
        })),
      )
      .returning({ id: members.id });
    const linkRows = await db
      .insert(links)
      .values(
        memberRows.map((m) => ({
          brandId: brand.id,
          offerId: offer.id,
          memberId: m.id,
          payoutOptionId: payouts[0].id,
          code: generateLinkCode(),
        })),
      )
      .returning({ code: links.code });
    const paths = linkRows.map((l) => `/l/${l.code}`);
    const loadBefore = os.loadavg()[0];
    const offerlinkUrl = `http://127.0.0.1:${offerlinkPort}`;
    const bareUrl = `http://127.0.0.1:${barePort}`;

    const humanClicks = async () => {
      const [row] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from clicks where not is_bot`,
      );
      return Number(row.n);
    };
    /** Polls (a benchmark may) until `expected` clicks are stored or 1 s after `since` passed. */
    const storedWithin1s = async (expected: number, since: number) => {
      let n = await humanClicks();
      while (n < expected && Date.now() - since < 1000) {
        await new Promise((r) => setTimeout(r, 25));
        n = await humanClicks();
      }
      const at = Date.now() - since;
      return { stored: n, msAfterLoad: at };
    };

    console.log(
      `Redirect benchmark: ${linkCount} links, ${connections} connections, ${duration} s per run, loopback`,
    );
    // Warm-up: JIT and the link cache (every code once), for both servers.
    await load({ url: offerlinkUrl, paths, connections, duration: 5 });
    await load({ url: bareUrl, paths, connections, duration: 5 });

    const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
    const runs: Array<{
      name: string;
      r: WrkResult;
      stored?: number;
      expected?: number;
      cpu: { server: number; serverSystem: number; postgres: number };
    }> = [];
    // CPU time per answered request of the server under load and of PostgreSQL (all its
    // processes), read from /proc around each run: what each request costs, whatever the machine
    // is doing, beside the requests/s that depend on it.
    const [{ data_directory: dataDirectory }] = await db.execute<{ data_directory: string }>(
      sql`show data_directory`,
    );
    const postgresCpuMs = () =>
      postgresPids(dataDirectory).reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const loadMeasured = async (serverPid: number, spec: Omit<WrkSpec, 'headers'>) => {
      const server0 = processCpuSplitMs(serverPid);
      const pg0 = postgresCpuMs();
      const r = await load(spec);
      const answered = Math.max(1, r.requests - r.badStatus);
      const server1 = processCpuSplitMs(serverPid);
      const cpu = {
        server: ((server1.user + server1.system - server0.user - server0.system) * 1000) / answered,
        serverSystem: ((server1.system - server0.system) * 1000) / answered,
        postgres: ((postgresCpuMs() - pg0) * 1000) / answered,
      };
      return { r, cpu };
    };
    const measureOfferlink = async (name: string, spec: Omit<WrkSpec, 'headers'>) => {
      // Let the previous run's clicks land first, so they are not counted for this one.
      let before = await humanClicks();
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        const now = await humanClicks();
        if (now === before) break;
        before = now;
      }
      const { r, cpu } = await loadMeasured(offerlink.pid!, spec);
      const check = await storedWithin1s(before + r.requests - r.badStatus, r.endedAt);
      runs.push({
        name,
        r,
        cpu,
        stored: check.stored - before,
        expected: r.requests - r.badStatus,
      });
      return r;
    };
    // The machine is shared: bare and Offerlink runs alternate, and the ratio is the median of
    // the rounds' ratios, so a burst of someone else's load does not decide the result.
    const ratios: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const first = round % 2 === 1 ? 'bare' : 'offerlink';
      let bareR: WrkResult | undefined;
      let olR: WrkResult | undefined;
      for (const which of first === 'bare' ? ['bare', 'offerlink'] : ['offerlink', 'bare']) {
        if (which === 'bare') {
          const measured = await loadMeasured(bare.pid!, {
            url: bareUrl,
            paths,
            connections,
            duration,
          });
          bareR = measured.r;
          runs.push({ name: `round ${round}: bare node:http (fixed 302)`, ...measured });
        } else {
          olR = await measureOfferlink(`round ${round}: Offerlink /l/:code`, {
            url: offerlinkUrl,
            paths,
            connections,
            duration,
          });
        }
      }
      ratios.push(olR!.rps / bareR!.rps);
    }
    // The same fixed rate against the bare server: the p99 this machine allows at all.
    const bareRateRun = await loadMeasured(bare.pid!, {
      url: bareUrl,
      paths,
      connections: Math.max(connections, 64),
      duration,
      rate,
    });
    const bareRate = bareRateRun.r;
    runs.push({ name: `bare node:http at ${rate} req/s`, ...bareRateRun });
    const rateResult = await measureOfferlink(`Offerlink /l/:code at ${rate} req/s`, {
      url: offerlinkUrl,
      paths,
      connections: Math.max(connections, 64),
      duration,
      rate,
    });

    const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
    console.log(
      '\n| run | requests/s | p50 ms | p99 ms | max ms | answered (3xx) | errors | CPU µs per request: server (of which system) · PostgreSQL | human clicks in PostgreSQL ≤ 1 s after the load |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const { name, r, stored, expected, cpu } of runs) {
      const storedText =
        expected === undefined
          ? '—'
          : `${fmt(stored!)} of ${fmt(expected)} answered${stored! >= expected ? ' (all)' : ''}`;
      console.log(
        `| ${name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.max} | ${fmt(r.requests - r.badStatus)} | ${r.errors + r.badStatus} | ${cpu.server.toFixed(1)} (${cpu.serverSystem.toFixed(1)}) · ${cpu.postgres.toFixed(1)} | ${storedText} |`,
      );
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const quartile = (q: number) => sorted[Math.round(q * (sorted.length - 1))];
    console.log(
      `\nratio Offerlink / bare node:http per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median.toFixed(2)}, middle half ${quartile(0.25).toFixed(2)}–${quartile(0.75).toFixed(2)} (target ≥ 0.5)`,
    );
    console.log(
      `p99 at ${rate} req/s: ${rateResult.p99} ms (target ≤ 10 ms; bare node:http ${bareRate.p99} ms); achieved ${fmt(rateResult.rps)} req/s`,
    );
    // Requests still in flight when wrk stops are answered but not counted by it, so
    // PostgreSQL may hold a few more clicks than "answered".
    const all = runs.filter((x) => x.expected !== undefined).every((x) => x.stored! >= x.expected!);
    console.log(`every answered human click in PostgreSQL within 1 s: ${all ? 'yes' : 'NO'}`);
    console.log(
      `load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`,
    );
  } finally {
    bare.kill('SIGTERM');
    offerlink.kill('SIGINT');
    await once(offerlink, 'exit');
    await database.drop();
  }
}

const role = process.argv[2];
if (role === 'bare') void runBareServer();
else if (role === 'offerlink')
  void runOfferlink(JSON.parse(process.argv[3]) as { databaseUrl: string });
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
