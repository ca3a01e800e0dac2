// A small TDS token writer for tests: COLMETADATA, ROW/NBCROW, DONE, ERROR, INFO, ENVCHANGE,
// ORDER, RETURNSTATUS, as MS-TDS 2.2.7 lays them out for TDS 7.4. It writes what the captures
// lack: fixed-length types (SQL Server sends INT4 rather than INTN for a NOT NULL int), PLP
// values in many chunks, NBCROW with many NULLs, every extreme value. Values are given as
// their raw TDS bytes (see the encoders below), so a test states exactly what is on the wire.
import { DataType, Token } from '../../src/sqlserver/tds/tokens.js';

export interface SynthColumn {
  readonly name: string;
  readonly type: number;
  /** TYPE_INFO max length: BYTELEN types (IntN 1/2/4/8 ...), USHORTLEN (0xFFFF = PLP), LONGLEN. */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly collation?: Buffer;
  readonly flags?: number;
}

/** Latin1_General_CI_AS: LCID 0x0409, CI AS KS WS flags, sort id 0 → code page 1252. */
export const LATIN1_CI_AS = Buffer.from('0904d00034', 'hex');
/** Latin1_General_100_CI_AS_SC_UTF8 (SQL Server 2019): the UTF-8 flag set. */
export const LATIN1_UTF8 = Buffer.from('0904d00434', 'hex');
/** Japanese_CI_AS: LCID 0x0411 → code page 932 (double-byte). */
export const JAPANESE_CI_AS = Buffer.from('1104d00034', 'hex');
/** Cyrillic_General_CI_AS: LCID 0x0419 → code page 1251. */
export const CYRILLIC_CI_AS = Buffer.from('1904d00034', 'hex');

function u8(n: number): Buffer {
  return Buffer.from([n]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
function bvarchar(s: string): Buffer {
  return Buffer.concat([u8(s.length), Buffer.from(s, 'utf16le')]);
}
function usvarchar(s: string): Buffer {
  return Buffer.concat([u16(s.length), Buffer.from(s, 'utf16le')]);
}

const FIXED = new Set<number>([DataType.INT1, DataType.BIT, DataType.INT2, DataType.INT4, DataType.DATETIM4, DataType.FLT4, DataType.MONEY, DataType.DATETIME, DataType.FLT8, DataType.MONEY4, DataType.INT8]);
const FIXED_BYTES: Record<number, number> = {
  [DataType.INT1]: 1, [DataType.BIT]: 1, [DataType.INT2]: 2, [DataType.INT4]: 4, [DataType.DATETIM4]: 4, [DataType.FLT4]: 4,
  [DataType.MONEY]: 8, [DataType.DATETIME]: 8, [DataType.FLT8]: 8, [DataType.MONEY4]: 4, [DataType.INT8]: 8,
};
const BYTELEN = new Set<number>([DataType.GUID, DataType.INTN, DataType.BITN, DataType.FLTN, DataType.MONEYN, DataType.DATETIMN]);
const SCALED = new Set<number>([DataType.TIMEN, DataType.DATETIME2N, DataType.DATETIMEOFFSETN]);
const USHORT = new Set<number>([DataType.BIGVARBIN, DataType.BIGBINARY]);
const USHORT_TEXT = new Set<number>([DataType.BIGVARCHR, DataType.BIGCHAR, DataType.NVARCHAR, DataType.NCHAR]);

function typeInfo(c: SynthColumn): Buffer {
  const t = c.type;
  if (FIXED.has(t) || t === DataType.DATEN) return Buffer.alloc(0);
  if (BYTELEN.has(t)) return u8(c.length ?? 4);
  if (t === DataType.DECIMALN || t === DataType.NUMERICN) return Buffer.from([c.length ?? 17, c.precision ?? 18, c.scale ?? 0]);
  if (SCALED.has(t)) return u8(c.scale ?? 7);
  if (USHORT.has(t)) return u16(c.length ?? 8000);
  if (USHORT_TEXT.has(t)) return Buffer.concat([u16(c.length ?? 8000), c.collation ?? LATIN1_CI_AS]);
  if (t === DataType.TEXT || t === DataType.NTEXT) return Buffer.concat([u32(c.length ?? 0x7fffffff), c.collation ?? LATIN1_CI_AS]);
  if (t === DataType.IMAGE || t === DataType.SSVARIANT) return u32(c.length ?? 0x7fffffff);
  if (t === DataType.XML) return u8(0);
  throw new Error(`synth: no TYPE_INFO for type 0x${t.toString(16)}`);
}

export function colMetadata(columns: readonly SynthColumn[]): Buffer {
  const parts: Buffer[] = [u8(Token.COLMETADATA), u16(columns.length)];
  for (const c of columns) {
    parts.push(u32(0), u16(c.flags ?? 0x0009), u8(c.type), typeInfo(c));
    if (c.type === DataType.TEXT || c.type === DataType.NTEXT || c.type === DataType.IMAGE) parts.push(u8(2), usvarchar('dbo'), usvarchar('t'));
    parts.push(bvarchar(c.name));
  }
  return Buffer.concat(parts);
}

/** Whether a column's values are PLP. */
export function isPlp(c: SynthColumn): boolean {
  return c.type === DataType.XML || ((USHORT.has(c.type) || USHORT_TEXT.has(c.type)) && c.length === 0xffff);
}

/**
 * One value with its length prefix, as a ROW carries it. `raw` is the value's bytes (null for
 * NULL); PLP values are cut into `plpChunks` chunk sizes (repeated; default one chunk).
 */
export function cell(c: SynthColumn, raw: Buffer | null, plpChunks: readonly number[] = []): Buffer {
  const t = c.type;
  if (FIXED.has(t)) {
    if (raw === null) throw new Error(`synth: a fixed-length ${c.name} cannot be NULL in a ROW (use NBCROW)`);
    if (raw.length !== FIXED_BYTES[t]) throw new Error(`synth: ${c.name} needs ${FIXED_BYTES[t]} bytes`);
    return raw;
  }
  if (isPlp(c)) {
    if (raw === null) return Buffer.alloc(8, 0xff);
    const parts: Buffer[] = [Buffer.alloc(8)];
    parts[0]!.writeBigUInt64LE(BigInt(raw.length));
    let at = 0;
    for (let k = 0; at < raw.length; k++) {
      const size = plpChunks.length === 0 ? raw.length : Math.max(1, plpChunks[k % plpChunks.length]!);
      const piece = raw.subarray(at, at + size);
      parts.push(u32(piece.length), piece);
      at += piece.length;
    }
    parts.push(u32(0));
    return Buffer.concat(parts);
  }
  if (USHORT.has(t) || USHORT_TEXT.has(t)) return raw === null ? u16(0xffff) : Buffer.concat([u16(raw.length), raw]);
  if (t === DataType.TEXT || t === DataType.NTEXT || t === DataType.IMAGE) {
    if (raw === null) return u8(0);
    return Buffer.concat([u8(16), Buffer.alloc(16, 0xaa), Buffer.alloc(8, 0xbb), u32(raw.length), raw]);
  }
  if (t === DataType.SSVARIANT) return raw === null ? u32(0) : Buffer.concat([u32(raw.length), raw]);
  // BYTELEN and the other length-byte types.
  return raw === null ? u8(0) : Buffer.concat([u8(raw.length), raw]);
}

/** A ROW (nbc false) or NBCROW (NULLs in the bitmap, no bytes) of raw values. */
export function row(columns: readonly SynthColumn[], values: readonly (Buffer | null)[], options: { nbc?: boolean; plpChunks?: readonly number[] } = {}): Buffer {
  if (!options.nbc) return Buffer.concat([u8(Token.ROW), ...columns.map((c, i) => cell(c, values[i]!, options.plpChunks))]);
  const bitmap = Buffer.alloc((columns.length + 7) >> 3);
  const parts: Buffer[] = [];
  columns.forEach((c, i) => {
    if (values[i] === null) bitmap[i >> 3]! |= 1 << (i & 7);
    else parts.push(cell(c, values[i]!, options.plpChunks));
  });
  return Buffer.concat([u8(Token.NBCROW), bitmap, ...parts]);
}

export function done(options: { token?: number; more?: boolean; count?: number; error?: boolean; attention?: boolean } = {}): Buffer {
  const b = Buffer.alloc(13);
  b[0] = options.token ?? Token.DONE;
  const status = (options.more ? 0x1 : 0) | (options.error ? 0x2 : 0) | (options.count !== undefined ? 0x10 : 0) | (options.attention ? 0x20 : 0);
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(0xc1, 3);
  b.writeBigUInt64LE(BigInt(options.count ?? 0), 5);
  return b;
}

function infoError(token: number, m: { number: number; state?: number; class?: number; message: string }): Buffer {
  const body = Buffer.concat([u32(m.number), u8(m.state ?? 1), u8(m.class ?? 16), usvarchar(m.message), bvarchar('srv'), bvarchar(''), u32(1)]);
  return Buffer.concat([u8(token), u16(body.length), body]);
}
export function errorToken(m: { number: number; state?: number; class?: number; message: string }): Buffer {
  return infoError(Token.ERROR, m);
}
export function infoToken(message: string): Buffer {
  return infoError(Token.INFO, { number: 5701, class: 0, message });
}
/** ENVCHANGE type 1 (database), as SQL Server sends after `USE`. */
export function envChangeDatabase(name: string, old: string): Buffer {
  const body = Buffer.concat([u8(1), bvarchar(name), bvarchar(old)]);
  return Buffer.concat([u8(Token.ENVCHANGE), u16(body.length), body]);
}
export function orderToken(columnNumbers: readonly number[]): Buffer {
  return Buffer.concat([u8(Token.ORDER), u16(columnNumbers.length * 2), ...columnNumbers.map(u16)]);
}
export function returnStatus(value: number): Buffer {
  return Buffer.concat([u8(Token.RETURNSTATUS), u32(value)]);
}

/** Splits a payload into pieces at the given offsets (sorted, inside the payload). */
export function splitAt(payload: Buffer, offsets: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const o of offsets) {
    pieces.push(payload.subarray(at, o));
    at = o;
  }
  pieces.push(payload.subarray(at));
  return pieces.filter((p) => p.length > 0);
}

/** Pieces of `size` bytes. */
export function pieces(payload: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < payload.length; at += size) out.push(payload.subarray(at, at + size));
  return out;
}

// Raw value encoders (the bytes after the length prefix).
export const raw = {
  int(n: number, bytes: 1 | 2 | 4): Buffer {
    const b = Buffer.alloc(bytes);
    if (bytes === 1) b.writeUInt8(n);
    else if (bytes === 2) b.writeInt16LE(n);
    else b.writeInt32LE(n);
    return b;
  },
  bigint(n: bigint): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(n);
    return b;
  },
  /** decimal/numeric: sign byte and the magnitude in `bytes` (4, 8, 12, 16). */
  decimal(unscaled: bigint, bytes: 4 | 8 | 12 | 16): Buffer {
    const b = Buffer.alloc(1 + bytes);
    b[0] = unscaled < 0n ? 0 : 1;
    let m = unscaled < 0n ? -unscaled : unscaled;
    for (let i = 0; i < bytes; i++) {
      b[1 + i] = Number(m & 0xffn);
      m >>= 8n;
    }
    return b;
  },
  /** money: the high 32 bits first. */
  money(units: bigint): Buffer {
    const b = Buffer.alloc(8);
    const v = BigInt.asUintN(64, units);
    b.writeUInt32LE(Number(v >> 32n), 0);
    b.writeUInt32LE(Number(v & 0xffffffffn), 4);
    return b;
  },
  smallmoney(units: number): Buffer {
    return raw.int(units, 4);
  },
  float(v: number): Buffer {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return b;
  },
  real(v: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    return b;
  },
  /** time(scale): units of 10^-scale s, in 3/4/5 bytes by scale. */
  time(unitsAtScale: number, scale: number): Buffer {
    const bytes = scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    const b = Buffer.alloc(bytes);
    b.writeUIntLE(unitsAtScale, 0, bytes);
    return b;
  },
  date(days: number): Buffer {
    const b = Buffer.alloc(3);
    b.writeUIntLE(days, 0, 3);
    return b;
  },
  datetime2(days: number, unitsAtScale: number, scale: number): Buffer {
    return Buffer.concat([raw.time(unitsAtScale, scale), raw.date(days)]);
  },
  datetimeoffset(days: number, unitsAtScale: number, scale: number, offsetMinutes: number): Buffer {
    const o = Buffer.alloc(2);
    o.writeInt16LE(offsetMinutes);
    return Buffer.concat([raw.datetime2(days, unitsAtScale, scale), o]);
  },
  datetime(days: number, ticks: number): Buffer {
    const b = Buffer.alloc(8);
    b.writeInt32LE(days, 0);
    b.writeInt32LE(ticks, 4);
    return b;
  },
  smalldatetime(days: number, minutes: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt16LE(days, 0);
    b.writeUInt16LE(minutes, 2);
    return b;
  },
  nvarchar(s: string): Buffer {
    return Buffer.from(s, 'utf16le');
  },
  /** UTF-16 code units as given (lone surrogates included). */
  units(codeUnits: readonly number[]): Buffer {
    const b = Buffer.alloc(codeUnits.length * 2);
    codeUnits.forEach((u, i) => b.writeUInt16LE(u, i * 2));
    return b;
  },
  bit(v: boolean): Buffer {
    return Buffer.from([v ? 1 : 0]);
  },
};
