// A byte relay between two socket addresses, as a child process:
//   node --import tsx test/helpers/stream-relay.ts <listen> <forward>
// each address `host:port` or a Unix socket path (starting with /). A Unix socket file is how a
// process in one network namespace reaches one in another without any route between them.
import { createConnection, createServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

function address(a: string): { path: string } | { host: string; port: number } {
  if (a.startsWith('/')) return { path: a };
  const at = a.lastIndexOf(':');
  return { host: a.slice(0, at), port: Number(a.slice(at + 1)) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [listen, forward] = [address(process.argv[2]!), address(process.argv[3]!)];
  const server = createServer((inbound: Socket) => {
    const outbound = createConnection(forward as never);
    inbound.pipe(outbound).pipe(inbound);
    const close = (): void => void (inbound.destroy(), outbound.destroy());
    inbound.on('error', close);
    outbound.on('error', close);
  });
  server.listen(listen as never, () => process.stderr.write('relay ready\n'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
