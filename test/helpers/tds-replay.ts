// Starts the replay server (tds-replay-server.ts: recorded bytes over loopback, NOT a SQL
// Server) in a child process, and builds its streams from a recorded response: the rows of
// wide-5000 repeated to any count, natively and with today's wire types.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packetPayloads, rowCellsFramed, tokenBoundaries, exactDecimalText } from './tds-tedious.js';
import { colMetadata, LATIN1_CI_AS, type SynthColumn } from './tds-synth.js';
import type mssql from 'mssql';
import type { TableModel } from '../../src/catalog/model.js';
import { column, table } from './catalog-builder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.join(here, '..', 'fixtures', 'tds');

export interface ReplayStream {
  readonly prefix: Buffer;
  readonly rows: Buffer;
  readonly rowsPerRepeat: number;
}

/** A recorded response cut into its COLMETADATA (and what precedes it), its rows, and nothing of the DONE. */
export function splitResponse(payload: Buffer): ReplayStream {
  const { tokens } = tokenBoundaries(payload);
  const rowTokens = tokens.filter((t) => t.type === 0xd1 || t.type === 0xd2);
  return { prefix: payload.subarray(0, rowTokens[0]!.start), rows: payload.subarray(rowTokens[0]!.start, rowTokens.at(-1)!.end), rowsPerRepeat: rowTokens.length };
}

/**
 * The same response as today's SELECT would get it: money and decimal beyond precision 15 as
 * the varchar text of CAST(... AS varchar(50)) (column-read.ts), every other column as is.
 */
export function todaysWireTypes(payload: Buffer): Buffer {
  const { tokens, columns } = tokenBoundaries(payload);
  const lossy = columns.map((c) => c.type.name === 'MoneyN' || c.type.name === 'Money' || ((c.type.name === 'NumericN' || c.type.name === 'DecimalN') && (c.precision ?? 0) > 15));
  const out: Buffer[] = [];
  for (const t of tokens) {
    if (t.type === 0x81) {
      const synth: SynthColumn[] = columns.map((c, i) => (lossy[i]
        ? { name: c.colName, type: 0xa7, length: 50, collation: LATIN1_CI_AS, flags: c.flags }
        : { name: c.colName, type: (c.type as unknown as { id: number }).id, ...(c.dataLength === undefined ? {} : { length: c.dataLength }), ...(c.precision === undefined ? {} : { precision: c.precision }), ...(c.scale === undefined ? {} : { scale: c.scale }), ...(c.collation ? { collation: c.collation.toBuffer() } : {}), flags: c.flags }));
      out.push(colMetadata(synth));
    } else if (t.type === 0xd1 || t.type === 0xd2) {
      const cells = rowCellsFramed(payload, t, columns);
      const bitmap = t.type === 0xd2 ? payload.subarray(t.start + 1, t.start + 1 + ((columns.length + 7) >> 3)) : Buffer.alloc(0);
      out.push(payload.subarray(t.start, t.start + 1), bitmap);
      cells.forEach((cell, i) => {
        if (cell === null) return;
        if (!lossy[i]) return out.push(cell.framed);
        if (cell.value === null) return out.push(Buffer.from([0xff, 0xff]));
        const v = cell.value;
        const c = columns[i]!;
        const text = c.type.name.startsWith('Money')
          ? exactDecimalText(v.length === 8 ? (BigInt(v.readInt32LE(0)) << 32n) | BigInt(v.readUInt32LE(4)) : BigInt(v.readInt32LE(0)), 4)
          : exactDecimalText((v[0] === 1 ? 1n : -1n) * [...v.subarray(1)].reverse().reduce((m, b) => (m << 8n) | BigInt(b), 0n), c.scale ?? 0);
        const len = Buffer.alloc(2);
        len.writeUInt16LE(text.length);
        out.push(len, Buffer.from(text, 'latin1'));
      });
    } else {
      out.push(payload.subarray(t.start, t.end));
    }
  }
  return Buffer.concat(out);
}

export function wideStreams(): { native: ReplayStream; today: ReplayStream; login: string } {
  const payload = Buffer.concat(packetPayloads(readFileSync(path.join(FIXTURES, 'wide-5000.packets.bin'))));
  return { native: splitResponse(payload), today: splitResponse(todaysWireTypes(payload)), login: path.join(FIXTURES, 'wide-5000.login-response.bin') };
}

/** The model of the recorded `wide` table (its 12 columns as the recording's COLMETADATA has them), under any name. */
export function wideTable(name: string, rows: number): TableModel {
  return table(
    'dbo',
    name,
    [
      column('id', 'bigint', { nullable: false, columnId: 1 }),
      column('qty', 'int', { columnId: 2 }),
      column('flag', 'bit', { columnId: 3 }),
      column('price', 'decimal', { precision: 18, scale: 4, columnId: 4 }),
      column('ratio', 'float', { precision: 53, columnId: 5 }),
      column('created', 'datetime2', { scale: 7, columnId: 6 }),
      column('day', 'date', { columnId: 7 }),
      column('name', 'nvarchar', { maxLength: 200, columnId: 8 }),
      column('note', 'varchar', { maxLength: 200, columnId: 9 }),
      column('guid', 'uniqueidentifier', { columnId: 10 }),
      column('payload', 'varbinary', { maxLength: 32, columnId: 11 }),
      column('amount', 'money', { precision: 19, scale: 4, columnId: 12 }),
    ],
    { pk: ['id'], rowCountEstimate: rows },
  );
}

/** An mssql pool configuration for the replay server (any login is accepted; max types unbounded). */
export function replayPoolConfig(port: number, max: number): mssql.config {
  return {
    server: '127.0.0.1', port, user: 'replay', password: 'replay', database: 'tdscap',
    options: { encrypt: false, trustServerCertificate: true, useUTC: true, textsize: 2147483647 },
    pool: { max, min: 0 }, validateConnection: false, requestTimeout: 0,
  };
}

export interface ReplayServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts the replay server with `repeat` copies of the rows of each stream. */
export async function startReplay(streams: { native: ReplayStream; today?: ReplayStream; login: string }, repeat: number): Promise<ReplayServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tds-replay-'));
  const save = (name: string, s: ReplayStream) => {
    writeFileSync(path.join(dir, `${name}.prefix`), s.prefix);
    writeFileSync(path.join(dir, `${name}.rows`), s.rows);
    return { prefix: path.join(dir, `${name}.prefix`), rows: path.join(dir, `${name}.rows`), rowsPerRepeat: s.rowsPerRepeat };
  };
  const config = { login: streams.login, native: save('native', streams.native), ...(streams.today ? { today: save('today', streams.today) } : {}), repeat };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const child: ChildProcess = fork(path.join(here, 'tds-replay-server.ts'), [path.join(dir, 'config.json')], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
    child.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}
