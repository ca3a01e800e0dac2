// A TCP forwarder on 127.0.0.1 in front of the test Postgres, so a test can cut the migrator's
// connections mid-COPY (what a network blip or a server restart does) while the server itself
// keeps running and new connections through the proxy keep working.
import net from 'node:net';
import { pipeline } from 'node:stream/promises';

export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open client and upstream socket; the listener stays up. Returns how many pairs were cut. */
  cutAll(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamHost: string, upstreamPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let accepted = 0;
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
    void pipeline(client, upstream).catch(() => undefined).finally(forget);
    void pipeline(upstream, client).catch(() => undefined).finally(forget);
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
