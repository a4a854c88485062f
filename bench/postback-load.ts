/**
 * The load generator of bench/postback.ts, run as its own process so that it does not share an
 * event loop with the server it measures. Sends GET /postback with valid click ids and unique order
 * ids, records every conversion id answered with success, and prints one JSON line.
 */
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, token, clickFile, outFile, duration, connections] = process.argv.slice(2);
const clickIds: string[] = JSON.parse((await import('node:fs')).readFileSync(clickFile, 'utf8'));
const runId = process.pid.toString(36);
let seq = 0;
const acknowledged: string[] = [];
let refused = 0;
let errors = 0;

const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(duration),
  requests: [
    {
      setupRequest: (request) => {
        const n = seq++;
        const query = new URLSearchParams({
          transaction_id: clickIds[n % clickIds.length],
          amount: `${(n % 500) + 1}.99`,
          order_id: `bench-${runId}-${n}`,
          currency: 'USD',
          security_token: token,
        });
        return { ...request, method: 'GET', path: `/postback?${query}` };
      },
      onResponse: (status, body) => {
        if (status !== 200) {
          errors++;
          return;
        }
        const answer = JSON.parse(body) as { success: boolean; conversion_id?: string };
        if (answer.success && answer.conversion_id) acknowledged.push(answer.conversion_id);
        else refused++;
      },
    },
  ],
});

writeFileSync(outFile, JSON.stringify(acknowledged));
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + errors,
    timeouts: result.timeouts,
    acknowledged: acknowledged.length,
    refused,
  }),
);
