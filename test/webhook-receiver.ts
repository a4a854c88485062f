/**
 * A webhook receiver on this machine for tests: answers each request with the next status of
 * `script` (then 200), and keeps what it got and how many connections were opened to it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

export class WebhookReceiver {
  received: Received[] = [];
  script: number[] = [];
  /** TCP connections opened to it. */
  connections = 0;
  /** Runs before a request is answered (given how many came), e.g. to change the endpoint. */
  beforeAnswer: ((count: number) => Promise<void>) | null = null;
  private server: Server;
  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const answered = this.script.shift() ?? 200;
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          answered,
        });
        await this.beforeAnswer?.(this.received.length);
        if (answered >= 300 && answered < 400) res.setHeader('location', `${this.url}/elsewhere`);
        res.writeHead(answered, { 'content-type': 'text/plain' });
        res.end(answered === 200 ? 'ok' : `status ${answered}`);
      });
    });
    this.server.on('connection', () => this.connections++);
  }
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }
  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  /** The ids (webhook-id) of the requests answered 2xx. */
  deliveredIds() {
    return this.received
      .filter((r) => r.answered < 300)
      .map((r) => String(r.headers['webhook-id']));
  }
}
