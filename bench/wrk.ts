/**
 * Load generation with wrk (Debian's `wrk` package: `apt-get install -y wrk`), a C load generator
 * that costs the 2-core machine far less CPU than a Node.js one, so more of it is left to the
 * servers under test. CONVENTIONS.md's measurements of the redirect's budget were taken with it.
 *
 * A Lua script cycles over the given paths and, with `rate`, paces the requests evenly: every
 * request takes the next slot of one schedule (`1000 / rate` ms apart), so the load is a steady
 * stream at that rate, not bursts. (autocannon's `overallRate` sends each connection's quota for
 * the second back to back at the start of each second and then idles: a burst at full speed, whose
 * tail latency says nothing about a steady rate.) Latency is measured by wrk from the moment a
 * request is written to its response.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkSpec {
  url: string;
  paths: string[];
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests per second, evenly paced; omitted: as fast as the server answers. */
  rate?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Request bodies, cycled with the paths (same length as paths), for POST. */
  bodies?: string[];
}

export interface WrkResult {
  /** Completed responses. */
  requests: number;
  rps: number;
  /** Latency percentiles and maximum, milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Responses with a status outside 2xx/3xx. */
  badStatus: number;
  /** Connect, read, write errors and timeouts. */
  errors: number;
  endedAt: number;
}

const SCRIPT = String.raw`
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } ol_timespec;
  int clock_gettime(int clk_id, ol_timespec *tp);
]]
local ts = ffi.new("ol_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local requests = {}
local count = 0
local index = 0
-- wrk decides whether to call delay() from the script's top level, before init(): the rate comes
-- from the environment, and without one there is no delay() at all (no timer per request).
local rate = tonumber(os.getenv("OFFERLINK_WRK_RATE") or "0")
local interval = 0
if rate > 0 then interval = 1000 / rate end
local slot = nil

function init(args)
  local file = assert(io.open(args[1], "r"))
  local method = args[2]
  local paths = {}
  for line in file:lines() do paths[#paths + 1] = line end
  file:close()
  local bodies = {}
  if args[3] ~= "" then
    local bfile = assert(io.open(args[3], "r"))
    for line in bfile:lines() do bodies[#bodies + 1] = line end
    bfile:close()
  end
  for i, p in ipairs(paths) do
    requests[i] = wrk.format(method, p, nil, bodies[i])
  end
  count = #requests
  -- Each thread starts at a different place in the list.
  index = math.random(count) - 1
end

function request()
  index = (index % count) + 1
  return requests[index]
end

if interval > 0 then
  -- Every request takes the next slot of one schedule; a request whose slot has passed goes now.
  function delay()
    local now = now_ms()
    if slot == nil then slot = now end
    slot = slot + interval
    local wait = slot - now
    if wait < 0 then return 0 end
    return wait
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"status":%d,"errors":%d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

/** Whether wrk is installed; the message says how to install it when it is not. */
export function checkWrk(): string | null {
  const probe = spawnSync('wrk', ['--version']);
  if (probe.error) {
    return 'wrk is not installed: the benchmarks load the servers with it (apt-get install -y wrk).';
  }
  return null;
}

/** Runs wrk once (one thread, as its own process) and returns what it measured. */
export async function runWrk(spec: WrkSpec): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offerlink-wrk-'));
  try {
    const script = path.join(dir, 'load.lua');
    const pathsFile = path.join(dir, 'paths.txt');
    const bodiesFile = spec.bodies ? path.join(dir, 'bodies.txt') : '';
    writeFileSync(script, SCRIPT);
    writeFileSync(pathsFile, spec.paths.join('\n') + '\n');
    if (spec.bodies) writeFileSync(bodiesFile, spec.bodies.join('\n') + '\n');
    const headerArgs = Object.entries(spec.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const args = [
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.duration}s`,
      '--timeout',
      '10s',
      ...headerArgs,
      '-s',
      script,
      spec.url,
      '--',
      pathsFile,
      spec.method ?? 'GET',
      bodiesFile,
    ];
    const child = spawn('wrk', args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OFFERLINK_WRK_RATE: String(spec.rate ?? 0) },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    const endedAt = Date.now();
    const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${out}`);
    const raw = JSON.parse(line) as {
      requests: number;
      durationUs: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      status: number;
      errors: number;
    };
    const ms = (us: number) => Math.round(us / 100) / 10;
    return {
      requests: raw.requests,
      rps: raw.requests / (raw.durationUs / 1e6),
      p50: ms(raw.p50),
      p90: ms(raw.p90),
      p99: ms(raw.p99),
      max: ms(raw.max),
      badStatus: raw.status,
      errors: raw.errors,
      endedAt,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
