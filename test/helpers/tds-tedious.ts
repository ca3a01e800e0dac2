// The reference side of the differential tests: tedious 20.4's own token parser reads the same
// payload bytes the decoder reads (useUTC: true, as src/sqlserver/connect.ts sets it), each value
// is mapped to the ValueShape today's reader gives that SQL Server type
// (src/sqlserver/column-read.ts), and today's encoder (src/copy) writes the COPY text. Where
// tedious's JS value is lossy (money; decimal/numeric beyond precision 15, which today's path
// therefore reads as server-side text), the exact text is computed here from the value's raw
// bytes with BigInt arithmetic instead, independently of the decoder's own code.
import DebugModule from 'tedious/lib/debug.js';
import StreamParserModule from 'tedious/lib/token/stream-parser.js';
import { Parser } from 'tedious/lib/token/token-stream-parser.js';
import type { ColumnMetadata } from 'tedious/lib/token/colmetadata-token-parser.js';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { decimalNumberShape } from '../../src/catalog/value-shape.js';
import { createRowEncoder, encodeCopyChunks, type EncoderOptions } from '../../src/copy/index.js';

// CommonJS modules that assign module.exports: the default import is the class itself.
const Debug = DebugModule as unknown as typeof DebugModule.default;
const StreamParser = StreamParserModule as unknown as typeof StreamParserModule.default;

const PARSER_OPTIONS = { useUTC: true, lowerCaseGuids: false, tdsVersion: '7_4', useColumnNames: false, camelCaseColumns: false, columnNameReplacer: undefined } as const;

/** Strips the 8-byte packet headers of a recorded message: the packets' payloads. */
export function packetPayloads(message: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let p = 0; p < message.length; ) {
    const length = message.readUInt16BE(p + 2);
    out.push(message.subarray(p + 8, p + length));
    p += length;
  }
  return out;
}

export interface TediousResult {
  readonly columns: ColumnMetadata[];
  readonly rows: unknown[][];
  readonly error: (Error & { number?: number }) | null;
}

/** Runs tedious's Parser over the pieces (async, as a Message is) and collects columns and rows. */
export async function tediousParse(pieces: readonly Buffer[]): Promise<TediousResult> {
  let columns: ColumnMetadata[] = [];
  const rows: unknown[][] = [];
  let error: (Error & { number?: number }) | null = null;
  const handler = new Proxy(
    {
      onColMetadata: (token: { columns: ColumnMetadata[] }) => (columns = token.columns),
      onRow: (token: { columns: { value: unknown }[] }) => rows.push(token.columns.map((c) => c.value)),
      onErrorMessage: (token: { message: string; number: number }) => (error ??= Object.assign(new Error(token.message), { number: token.number })),
    } as Record<string, (token: never) => void>,
    { get: (target, name: string) => target[name] ?? (() => undefined) },
  );
  async function* message(): AsyncGenerator<Buffer> {
    for (const piece of pieces) yield piece;
  }
  const parser = new Parser(message() as never, new Debug(), handler as never, PARSER_OPTIONS as never);
  await new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
  });
  return { columns, rows, error };
}

export interface RawToken {
  readonly type: number;
  readonly start: number;
  readonly end: number;
}

/** Token boundaries of a whole payload, as tedious's own StreamParser finds them. */
export function tokenBoundaries(payload: Buffer): { tokens: RawToken[]; columns: ColumnMetadata[] } {
  const parser = new StreamParser(PARSER_OPTIONS as never) as unknown as { write(b: Buffer): void; read(): unknown; position: number; colMetadata: ColumnMetadata[]; buffer: Buffer };
  parser.write(payload);
  const tokens: RawToken[] = [];
  for (;;) {
    const start = parser.buffer.length === 0 ? 0 : parser.position;
    const token = parser.read();
    if (token === undefined) break;
    tokens.push({ type: payload[start]!, start, end: parser.position });
  }
  return { tokens, columns: parser.colMetadata };
}

/** The raw value bytes of each cell of a ROW/NBCROW token (null for NULL), by the column types tedious parsed. */
export function rowCells(payload: Buffer, token: RawToken, columns: readonly ColumnMetadata[]): (Buffer | null)[] {
  return rowCellsFramed(payload, token, columns).map((c) => c?.value ?? null);
}

/** Each cell's value bytes and its whole framing on the wire (length prefix, PLP chunks), null for an NBCROW NULL. */
export function rowCellsFramed(payload: Buffer, token: RawToken, columns: readonly ColumnMetadata[]): ({ value: Buffer | null; framed: Buffer } | null)[] {
  let p = token.start + 1;
  const nbc = token.type === 0xd2;
  const bitmap = nbc ? payload.subarray(p, p + ((columns.length + 7) >> 3)) : null;
  if (bitmap) p += bitmap.length;
  const cells: ({ value: Buffer | null; framed: Buffer } | null)[] = [];
  columns.forEach((c, i) => {
    if (bitmap && bitmap[i >> 3]! & (1 << (i & 7))) {
      cells.push(null);
      return;
    }
    const r = readCell(payload, p, c);
    cells.push({ value: r.value, framed: payload.subarray(p, r.end) });
    p = r.end;
  });
  if (p !== token.end) throw new Error(`rowCells: row ends at ${p}, tedious says ${token.end}`);
  return cells;
}

const FIXED: Record<string, number> = { TinyInt: 1, SmallInt: 2, Int: 4, BigInt: 8, Real: 4, Float: 8, SmallMoney: 4, Money: 8, Bit: 1, SmallDateTime: 4, DateTime: 8 };

function readCell(b: Buffer, p: number, c: ColumnMetadata): { value: Buffer | null; end: number } {
  const name = c.type.name;
  if (FIXED[name] !== undefined) return { value: b.subarray(p, p + FIXED[name]), end: p + FIXED[name] };
  const plp = name === 'Xml' || name === 'UDT' || (['VarChar', 'NVarChar', 'VarBinary'].includes(name) && c.dataLength === 0xffff);
  if (plp) {
    if (b.readBigUInt64LE(p) === 0xffffffffffffffffn) return { value: null, end: p + 8 };
    const parts: Buffer[] = [];
    let q = p + 8;
    for (let n = b.readUInt32LE(q); n !== 0; n = b.readUInt32LE(q)) {
      parts.push(b.subarray(q + 4, q + 4 + n));
      q += 4 + n;
    }
    return { value: Buffer.concat(parts), end: q + 4 };
  }
  if (['VarChar', 'Char', 'NVarChar', 'NChar', 'VarBinary', 'Binary'].includes(name)) {
    const n = b.readUInt16LE(p);
    return n === 0xffff ? { value: null, end: p + 2 } : { value: b.subarray(p + 2, p + 2 + n), end: p + 2 + n };
  }
  if (['Text', 'NText', 'Image'].includes(name)) {
    const pointer = b[p]!;
    if (pointer === 0) return { value: null, end: p + 1 };
    const q = p + 1 + pointer + 8;
    const n = b.readUInt32LE(q);
    return { value: b.subarray(q + 4, q + 4 + n), end: q + 4 + n };
  }
  if (name === 'Variant') {
    const n = b.readUInt32LE(p);
    return n === 0 ? { value: null, end: p + 4 } : { value: b.subarray(p + 4, p + 4 + n), end: p + 4 + n };
  }
  const n = b[p]!;
  return n === 0 ? { value: null, end: p + 1 } : { value: b.subarray(p + 1, p + 1 + n), end: p + 1 + n };
}

/** `unscaled / 10^scale` with exactly `scale` decimals, as SQL Server's CAST to varchar prints it. */
export function exactDecimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative && unscaled !== 0n ? `-${text}` : text;
}

/** The exact text of a money/decimal cell from its raw bytes, or null when tedious's value is exact. */
function exactText(c: ColumnMetadata, cellBytes: Buffer): string | null {
  const name = c.type.name;
  if (name === 'Money' || (name === 'MoneyN' && cellBytes.length === 8)) {
    const units = (BigInt(cellBytes.readInt32LE(0)) << 32n) | BigInt(cellBytes.readUInt32LE(4));
    return exactDecimalText(units, 4);
  }
  if (name === 'SmallMoney' || name === 'MoneyN') return exactDecimalText(BigInt(cellBytes.readInt32LE(0)), 4);
  if ((name === 'NumericN' || name === 'DecimalN') && (c.precision ?? 0) > 15) {
    let m = 0n;
    for (let i = cellBytes.length - 1; i >= 1; i--) m = (m << 8n) | BigInt(cellBytes[i]!);
    return exactDecimalText(cellBytes[0] === 1 ? m : -m, c.scale ?? 0);
  }
  return null;
}

/** Today's ValueShape for the value tedious delivers for this column (src/sqlserver/column-read.ts). */
export function todaysShape(c: ColumnMetadata): ValueShape {
  switch (c.type.name) {
    case 'TinyInt': case 'SmallInt': case 'Int': return 'integer';
    case 'BigInt': return 'bigint-text';
    case 'IntN': return c.dataLength === 8 ? 'bigint-text' : 'integer';
    case 'Bit': case 'BitN': return 'boolean';
    case 'NumericN': case 'DecimalN': return (c.precision ?? 0) <= 15 ? decimalNumberShape(c.scale ?? 0) : 'decimal-text';
    case 'Money': case 'SmallMoney': case 'MoneyN': return 'decimal-text';
    case 'Real': case 'Float': case 'FloatN': return 'float';
    case 'Date': return 'date-value';
    case 'Time': return 'time-value';
    case 'DateTime': case 'SmallDateTime': case 'DateTimeN': case 'DateTime2': return 'timestamp-value';
    case 'DateTimeOffset': return 'timestamptz-value';
    case 'Char': case 'VarChar': case 'NChar': case 'NVarChar': case 'Text': case 'NText': case 'Xml': return 'text';
    case 'Binary': case 'VarBinary': case 'Image': return 'binary';
    case 'UniqueIdentifier': return 'uuid';
    default: throw new Error(`no ValueShape today for ${c.type.name}`);
  }
}

export type ReferenceResult = { readonly bytes: Buffer; readonly rows: number } | { readonly error: Error };

/**
 * Today's COPY bytes for the payload: tedious parses `pieces`, today's encoder writes. Lossy
 * columns take the exact text from the raw bytes.
 */
export async function referenceCopy(pieces: readonly Buffer[], options: EncoderOptions = {}): Promise<ReferenceResult> {
  const parsed = await tediousParse(pieces);
  if (parsed.error) return { error: parsed.error };
  const payload = Buffer.concat(pieces);
  const { tokens, columns } = tokenBoundaries(payload);
  const rowTokens = tokens.filter((t) => t.type === 0xd1 || t.type === 0xd2);
  const rows = parsed.rows.map((values, r) => {
    const cells = rowCells(payload, rowTokens[r]!, columns);
    return values.map((v, i) => (v === null ? null : (exactText(columns[i]!, cells[i]!) ?? v)));
  });
  const encodeRow = createRowEncoder(parsed.columns.map((c) => ({ name: c.colName, shape: todaysShape(c) })), options);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of encodeCopyChunks(rows, encodeRow)) chunks.push(chunk);
  } catch (error) {
    return { error: error as Error };
  }
  return { bytes: Buffer.concat(chunks), rows: rows.length };
}
