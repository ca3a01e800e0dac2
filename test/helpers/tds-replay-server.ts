// A REPLAY of recorded TDS bytes over loopback, run in its own process (so its CPU is not the
// client's): it is not SQL Server and proves nothing about one. It exists to measure the
// client (read + decode + COPY encode, socket reading included) and to test our own transport
// code (backpressure, cancel) against a real socket and real tedious connections.
//
// It answers PRELOGIN with "encryption not supported" (tedious with encrypt: false then logs in
// in clear), LOGIN7 with a recorded login response, tedious's initial `set textsize ...` batch
// with a DONE, and every other request with a token stream: `prefix` once, `rows` repeated
// `repeat` times, then a DONE counting them. A request whose text holds `CAST(` gets the
// `today` stream (the wire types of today's SELECT), any other the `native` one. ATTENTION ends
// the current response early and is acknowledged with DONE(ATTN) in a message of its own.
//
// Usage: tsx tds-replay-server.ts <config.json>; prints the port on stdout.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';

interface StreamSpec {
  readonly prefix: string;
  readonly rows: string;
  readonly rowsPerRepeat: number;
}
interface Config {
  readonly login: string;
  readonly native: StreamSpec;
  readonly today?: StreamSpec;
  readonly repeat: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;
const login = readFileSync(config.login);
const load = (s: StreamSpec) => ({ prefix: readFileSync(s.prefix), rows: readFileSync(s.rows), rowsPerRepeat: s.rowsPerRepeat });
const streams = { native: load(config.native), today: config.today ? load(config.today) : null };
const PACKET = 4096;
const CAST = Buffer.from('CAST(', 'utf16le');
const INITIAL_SQL = Buffer.from('set textsize', 'utf16le');

function header(type: number, last: boolean, length: number, id: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h[1] = last ? 1 : 0;
  h.writeUInt16BE(length, 2);
  h[6] = id & 0xff;
  return h;
}

function done(status: number, count: bigint): Buffer {
  const b = Buffer.alloc(13);
  b[0] = 0xfd;
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(0xc1, 3);
  b.writeBigUInt64LE(count, 5);
  return b;
}

async function write(socket: net.Socket, data: Buffer): Promise<void> {
  if (!socket.write(data)) await once(socket, 'drain');
}

async function sendMessage(socket: net.Socket, payload: Buffer): Promise<void> {
  await write(socket, Buffer.concat([header(4, true, payload.length + 8, 1), payload]));
}

function preloginResponse(): Buffer {
  // VERSION, ENCRYPTION (0x02: not supported), INSTOPT, THREADID, MARS, terminator.
  const options = [
    [0x00, Buffer.from([12, 0, 0x07, 0xd0, 0, 0])],
    [0x01, Buffer.from([0x02])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(4)],
    [0x04, Buffer.from([0])],
  ] as const;
  let offset = options.length * 5 + 1;
  const head: Buffer[] = [];
  for (const [token, data] of options) {
    const entry = Buffer.alloc(5);
    entry[0] = token;
    entry.writeUInt16BE(offset, 1);
    entry.writeUInt16BE(data.length, 3);
    head.push(entry);
    offset += data.length;
  }
  return Buffer.concat([...head, Buffer.from([0xff]), ...options.map(([, d]) => d)]);
}

/** Streams prefix + rows × repeat + DONE in 4096-byte packets, honouring socket backpressure. */
async function sendRows(socket: net.Socket, state: { attention: boolean }, spec: ReturnType<typeof load>): Promise<void> {
  const payload = Buffer.alloc(PACKET - 8);
  let fill = 0;
  let id = 1;
  const flush = async (last: boolean): Promise<void> => {
    await write(socket, Buffer.concat([header(4, last, fill + 8, id++), payload.subarray(0, fill)]));
    fill = 0;
  };
  const put = async (data: Buffer): Promise<void> => {
    for (let at = 0; at < data.length; ) {
      if (state.attention) return;
      const n = data.copy(payload, fill, at);
      fill += n;
      at += n;
      if (fill === payload.length) await flush(false);
    }
  };
  await put(spec.prefix);
  for (let r = 0; r < config.repeat && !state.attention; r++) await put(spec.rows);
  if (state.attention) {
    // Stop here: end this response with the rows so far; the acknowledgement follows (below).
    await flush(true);
    return;
  }
  await put(done(0x10, BigInt(spec.rowsPerRepeat * config.repeat)));
  await flush(true);
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const state = { attention: false };
  let pending = Buffer.alloc(0);
  let message: Buffer[] = [];
  let queue = Promise.resolve();
  socket.on('error', () => socket.destroy());
  socket.on('data', (data) => {
    pending = Buffer.concat([pending, data]);
    while (pending.length >= 8 && pending.length >= pending.readUInt16BE(2)) {
      const length = pending.readUInt16BE(2);
      const type = pending[0]!;
      const last = (pending[1]! & 1) === 1;
      message.push(pending.subarray(8, length));
      pending = pending.subarray(length);
      if (type === 6) {
        // ATTENTION: a running response stops at its next packet, then the acknowledgement,
        // DONE(ATTN), comes in a message of its own (also when the response was already sent).
        state.attention = true;
        message = [];
        queue = queue.then(async () => {
          state.attention = false;
          await sendMessage(socket, done(0x20, 0n));
        });
        continue;
      }
      if (!last) continue;
      const body = Buffer.concat(message);
      message = [];
      queue = queue.then(async () => {
        if (type === 0x12) await sendMessage(socket, preloginResponse());
        else if (type === 0x10) await write(socket, login);
        else if (body.includes(INITIAL_SQL)) await sendMessage(socket, done(0, 0n));
        else await sendRows(socket, state, body.includes(CAST) && streams.today ? streams.today : streams.native);
      }).catch(() => void socket.destroy());
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
