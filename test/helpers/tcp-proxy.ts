// A TCP forwarder on 127.0.0.1 in front of the test Postgres, so a test can cut the migrator's
// connections mid-COPY (what a network blip or a server restart does) while the server itself
// keeps running and new connections through the proxy keep working, or freeze them: the
// connections stay open and nothing more gets through (a server that stopped answering).
import net from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open client and upstream socket; the listener stays up. Returns how many pairs were cut. */
  cutAll(): number;
  /** From now on nothing is forwarded, either way, on any connection; the sockets stay open. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamHost: string, upstreamPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let accepted = 0;
  let frozen = false;
  // Holds a chunk (never calls back) once frozen: backpressure then stops the reads too.
  const gate = (): Transform =>
    new Transform({
      transform(chunk, _encoding, done) {
        if (!frozen) done(null, chunk);
      },
    });
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(upstreamPort, upstreamHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const forget = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // Either direction ending or failing tears the pair down; errors are the point of a cut,
    // so they are swallowed here and seen by the Postgres client instead.
    void pipeline(client, gate(), upstream).catch(() => undefined).finally(forget);
    void pipeline(upstream, gate(), client).catch(() => undefined).finally(forget);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  const cutAll = (): number => {
    const cut = pairs.size;
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return cut;
  };
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    cutAll,
    freeze: () => void (frozen = true),
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy in front of the Postgres at `url`, and the same URL going through it. */
export async function proxyPostgresUrl(url: string): Promise<{ proxy: TcpProxy; url: string }> {
  const upstream = new URL(url);
  const proxy = await startTcpProxy(upstream.hostname, Number(upstream.port));
  const viaProxy = new URL(url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: viaProxy.toString() };
}

/** A TCP server that accepts every connection and never sends a byte: a port nobody answers on. */
export async function startSilentServer(): Promise<{ readonly port: number; readonly accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  let accepted = 0;
  server.on('connection', () => (accepted += 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent server has no TCP address');
  return {
    port: address.port,
    accepted: () => accepted,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
