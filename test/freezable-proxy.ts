/**
 * A TCP proxy in front of PostgreSQL whose open connections can be frozen: they stay open but
 * nothing passes any more, as with a half-open connection (a dead NAT entry, a cut cable). New
 * connections pass normally.
 */
import net from 'node:net';

export async function freezableProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair = { client, upstream, frozen: false };
    sockets.add(pair);
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || client.write(chunk));
    const end = () => {
      sockets.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freezeOpenConnections() {
      for (const pair of sockets) pair.frozen = true;
    },
    async close() {
      for (const pair of sockets) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
