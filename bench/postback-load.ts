/**
 * The load generator of bench/postback.ts, run as its own process so that it does not share an
 * event loop with the server it measures. Sends GET /postback with valid click ids and unique order
 * ids, records every conversion id answered with success, and prints one JSON line.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

/**
 * `token` is the postback token, or for `shopify` mode `<connector token>:<signing secret>`:
 * then each request is a Shopify-shaped orders/paid delivery (the documented example order, the
 * click id in note_attributes) signed with X-Shopify-Hmac-Sha256, as Shopify sends it.
 */
const [url, token, clickFile, outFile, duration, connections, mode = 'postback', fixtureFile] =
  process.argv.slice(2);
const order = fixtureFile ? (JSON.parse(readFileSync(fixtureFile, 'utf8')) as object) : {};
const [connectorToken, secret] = token.split(':');
const clickIds: string[] = JSON.parse(readFileSync(clickFile, 'utf8'));
const runId = process.pid.toString(36);
let seq = 0;
const acknowledged: string[] = [];
let refused = 0;
let errors = 0;

function shopifyDelivery(n: number): { body: string; signature: string } {
  const body = JSON.stringify({
    ...order,
    id: `${process.pid}${String(n).padStart(9, '0')}`,
    subtotal_price: `${(n % 500) + 1}.99`,
    note_attributes: [{ name: 'offerlink_click_id', value: clickIds[n % clickIds.length] }],
  });
  return { body, signature: createHmac('sha256', secret).update(body).digest('base64') };
}

// The store builds and signs its deliveries on its own servers: here that is done before the
// clock starts (enough for 5,000 a second), so the generator's share of the two cores is what
// sending costs.
const signed =
  mode === 'shopify'
    ? Array.from({ length: Number(duration) * 5000 }, (_, n) => shopifyDelivery(n))
    : [];

const cpuStart = process.cpuUsage();
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(duration),
  requests: [
    {
      setupRequest: (request) => {
        const n = seq++;
        if (mode === 'shopify') {
          const { body, signature } = signed[n] ?? shopifyDelivery(n);
          return {
            ...request,
            method: 'POST',
            path: `/connectors/shopify/${connectorToken}`,
            body,
            headers: {
              'content-type': 'application/json',
              'x-shopify-topic': 'orders/paid',
              'x-shopify-hmac-sha256': signature,
            },
          };
        }
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
        const answer = JSON.parse(body) as {
          success: boolean;
          conversion_id?: string;
          verdict?: string;
        };
        const ok = mode === 'shopify' ? answer.verdict === 'accepted' : answer.success;
        if (ok && answer.conversion_id) acknowledged.push(answer.conversion_id);
        else refused++;
      },
    },
  ],
});

writeFileSync(outFile, JSON.stringify(acknowledged));
console.log(
  JSON.stringify({
    requests: result.requests.total,
    cpuMs: (process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / 1000,
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
