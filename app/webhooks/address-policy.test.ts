/**
 * Never a way into the internal network (decision 051): the addresses refused in production, the
 * sender refusing them at send time after DNS, and redirects not followed — over real sockets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkedLookup, isForbiddenAddress } from './address-policy.server';
import { openWebhookSender, postWebhook } from './send.server';

describe('forbidden addresses', () => {
  test.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.0.1',
    '0.0.0.0',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '[::ffff:169.254.169.254]',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '64:ff9b::7f00:1',
    'not an address',
  ])('%s is refused', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  test.each(['93.184.215.14', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('the sender', () => {
  let server: Server;
  let hits: string[] = [];
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(200);
      res.end('x'.repeat(5000));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const refused = { allowPrivate: false };

  test.each([
    ['https://127.0.0.1/hook', /private, loopback or link-local/],
    ['https://[::1]/hook', /private, loopback or link-local/],
    ['https://[::ffff:127.0.0.1]/hook', /private, loopback or link-local/],
    ['https://169.254.169.254/latest/meta-data', /private, loopback or link-local/],
    ['https://0.0.0.0/hook', /private, loopback or link-local/],
    ['https://[fc00::1]/hook', /private, loopback or link-local/],
    ['https://[fe80::1]/hook', /private, loopback or link-local/],
    ['http://example.com/hook', /Only https/],
  ])('in production %s is refused without a connection', async (url, message) => {
    const result = await postWebhook(url, {}, '{}', refused);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(message);
  });

  test('a name is checked after DNS: localhost resolves to loopback and is refused', async () => {
    const port = (server.address() as AddressInfo).port;
    hits = [];
    const result = await postWebhook(`https://localhost:${port}/hook`, {}, '{}', refused);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/resolves to (127\.0\.0\.1|::1).*refused/);
    expect(hits).toEqual([]);
  });

  test('the lookup hands the socket only the addresses it checked', async () => {
    const lookup = checkedLookup(false);
    const outcome = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(outcome.error?.message).toMatch(/refused/);
    const allowed = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      checkedLookup(true)('localhost', { family: 4 }, (error, address) =>
        resolve({ error, address }),
      ),
    );
    expect(allowed).toEqual({ error: null, address: '127.0.0.1' });
  });

  test('a redirect is a failure and is not followed', async () => {
    hits = [];
    const result = await postWebhook(`${base}/redirect`, {}, '{}', { allowPrivate: true });
    expect(result.statusCode).toBe(302);
    expect(result.error).toMatch(/not followed/);
    expect(hits).toEqual(['/redirect']);
  });

  test('the answer is kept to its first 1 KB', async () => {
    const result = await postWebhook(`${base}/big`, {}, '{}', { allowPrivate: true });
    expect(result.statusCode).toBe(200);
    expect(result.excerpt).toHaveLength(1024);
  });

  test('no answer within the limit is a failure', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const result = await postWebhook(url, {}, '{}', { allowPrivate: true, timeoutMs: 200 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/No answer within/);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('a sender (a batch) keeps one connection; one the receiver closes is opened again', async () => {
    let connections = 0;
    const bodies: string[] = [];
    const keeping = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        // From its fourth answer on, the receiver closes the connection after each answer.
        if (bodies.length > 3) res.setHeader('connection', 'close');
        res.writeHead(204);
        res.end();
      });
    });
    keeping.on('connection', () => connections++);
    await new Promise<void>((resolve) => keeping.listen(0, '127.0.0.1', resolve));
    const sender = openWebhookSender(
      `http://localhost:${(keeping.address() as AddressInfo).port}/hook`,
      { allowPrivate: true },
    );
    const statuses: (number | null)[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await sender.post({}, `{"n":${i}}`)).statusCode);
    sender.close();
    expect(statuses).toEqual([204, 204, 204, 204, 204, 204]);
    expect(bodies).toEqual([0, 1, 2, 3, 4, 5].map((i) => `{"n":${i}}`));
    // The first four over one connection (the fourth closes it), then one each: 1 + 2.
    expect(connections).toBe(3);
    await new Promise<void>((resolve) => keeping.close(() => resolve()));
  });

  test('a name refused after DNS is refused at every send of the batch (a refusal is not kept)', async () => {
    const sender = openWebhookSender(`https://localhost:1/hook`, refused);
    const first = await sender.post({}, '{}');
    const second = await sender.post({}, '{}');
    sender.close();
    expect([first.error, second.error]).toEqual([
      expect.stringMatching(/refused/),
      expect.stringMatching(/refused/),
    ]);
  });
});
