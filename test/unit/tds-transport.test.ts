// The decoder's transport (readCopyChunks over an mssql pool of tedious connections) against
// the replay server (test/helpers/tds-replay-server.ts): recorded bytes of wide-5000 served
// over loopback by a child process. It is NOT SQL Server; it tests our own transport code:
// the response taken over from tedious, backpressure, cancel, abort, fallback, and that the
// connection is clean for the next request afterwards.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mssql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCopyChunks, type CopyRead } from '../../src/sqlserver/tds/read-copy-chunks.js';
import { decodeAll } from '../helpers/tds-decode.js';
import { FIXTURES, replayPoolConfig, splitResponse, startReplay, wideStreams, type ReplayServer } from '../helpers/tds-replay.js';
import { done } from '../helpers/tds-synth.js';
import { packetPayloads } from '../helpers/tds-tedious.js';

function poolFor(server: ReplayServer): mssql.ConnectionPool {
  return new mssql.ConnectionPool(replayPoolConfig(server.port, 1));
}

function rowsOf(read: CopyRead): AsyncGenerator<{ bytes: Buffer; rows: number }> {
  if ('fallback' in read) throw new Error(`fallback: ${read.fallback}`);
  return read.chunks;
}

const streams = wideStreams();
let small: ReplayServer;
let big: ReplayServer;
let smallPool: mssql.ConnectionPool;
let bigPool: mssql.ConnectionPool;

beforeAll(async () => {
  [small, big] = await Promise.all([startReplay(streams, 2), startReplay(streams, 200)]);
  smallPool = await poolFor(small).connect();
  bigPool = await poolFor(big).connect();
}, 30_000);

afterAll(async () => {
  await Promise.all([smallPool?.close(), bigPool?.close()]);
  await Promise.all([small?.stop(), big?.stop()]);
});

describe('readCopyChunks over a tedious connection', () => {
  it('a SQL batch and an sp_executesql read give the pure decoder\'s bytes for the same response', { timeout: 30_000 }, async () => {
    const payload = Buffer.concat([streams.native.prefix, streams.native.rows, streams.native.rows, done({ count: 10000 })]);
    const expected = await decodeAll([payload]);
    for (const params of [undefined, [{ name: 'lo', value: '100' }, { name: 'hi', value: '2100' }]]) {
      const out: Buffer[] = [];
      let rows = 0;
      for await (const chunk of rowsOf(await readCopyChunks(smallPool, { sql: 'SELECT * FROM dbo.wide', ...(params ? { params } : {}), signal: new AbortController().signal }))) {
        out.push(chunk.bytes);
        rows += chunk.rows;
      }
      expect({ bytes: Buffer.concat(out), rows }).toEqual(expected);
    }
  });

  it('holds the socket back while the consumer does not pull, and cancels when it stops early', async () => {
    const chunks = rowsOf(await readCopyChunks(bigPool, { sql: 'SELECT * FROM dbo.wide', signal: new AbortController().signal }));
    await chunks.next();
    const socketOf = (): number => (bigPool as unknown as { pool: { used: { resource: { socket: { bytesRead: number } } }[] } }).pool.used[0]!.resource.socket.bytesRead;
    const before = socketOf();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = socketOf();
    // 1M rows are 145 MB; unread, only socket buffers and one message buffer fill up.
    expect(after).toBeLessThan(16 * 1024 * 1024);
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
    await chunks.return(undefined);
    // The connection went back clean: the next read on it works (the pool has one connection).
    const next = rowsOf(await readCopyChunks(bigPool, { sql: 'SELECT * FROM dbo.wide', signal: new AbortController().signal }));
    expect((await next.next()).done).toBe(false);
    await next.return(undefined);
  });

  it('aborting the signal mid-read throws its reason and leaves the connection usable', async () => {
    const abort = new AbortController();
    const chunks = rowsOf(await readCopyChunks(bigPool, { sql: 'SELECT * FROM dbo.wide', signal: abort.signal }));
    const reason = new Error('interrupted');
    let seen = 0;
    await expect((async () => {
      for await (const chunk of chunks) {
        seen += chunk.rows;
        if (seen > 20000) abort.abort(reason);
      }
    })()).rejects.toBe(reason);
    const again = rowsOf(await readCopyChunks(bigPool, { sql: 'SELECT * FROM dbo.wide', signal: new AbortController().signal }));
    expect((await again.next()).done).toBe(false);
    await again.return(undefined);
  });
});

describe('fallback', () => {
  it('a response with a column the decoder has no writer for (sql_variant) falls back, and the connection stays usable', async () => {
    const everyType = splitResponse(Buffer.concat(packetPayloads(readFileSync(path.join(FIXTURES, 'every-type.packets.bin')))));
    const server = await startReplay({ native: everyType, login: path.join(FIXTURES, 'every-type.login-response.bin') }, 1000);
    const pool = await poolFor(server).connect();
    try {
      const read = await readCopyChunks(pool, { sql: 'SELECT * FROM dbo.every_type', signal: new AbortController().signal });
      expect(read).toEqual({ fallback: expect.stringContaining('sql_variant') });
      expect(await readCopyChunks(pool, { sql: 'SELECT * FROM dbo.every_type', signal: new AbortController().signal })).toEqual(read);
    } finally {
      await pool.close();
      await server.stop();
    }
  });
});
