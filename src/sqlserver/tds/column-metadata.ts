/**
 * COLMETADATA (MS-TDS 2.2.7.4) for TDS 7.2+: Count (USHORT), then per column UserType
 * (ULONG), Flags (USHORT), TYPE_INFO (2.2.5.6), TableName for text/ntext/image (NumParts +
 * US_VARCHAR parts), ColName (B_VARCHAR). Parsed whole: the token is small next to the rows,
 * so when it is split across packets it is simply parsed again once more bytes arrived.
 */
import { DataType, PLP_MAX_LENGTH } from './tokens.js';

export interface TdsColumn {
  readonly name: string;
  readonly type: number;
  readonly userType: number;
  readonly flags: number;
  /** TYPE_INFO's maximum length (bytes), 0 where the type has none. */
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  /** The 5 collation bytes of char/varchar/text/nchar/nvarchar/ntext columns. */
  readonly collation: Buffer | null;
  /** Values arrive as PLP (varchar(max), nvarchar(max), varbinary(max), xml, UDT). */
  readonly plp: boolean;
}

export type ColMetadataResult =
  | { readonly kind: 'columns'; readonly columns: readonly TdsColumn[]; readonly end: number }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** The column is encrypted (Always Encrypted, flags bit fEncrypted): its values are ciphertext. */
const FLAG_ENCRYPTED = 0x0800;
const NO_METADATA = 0xffff;

class Incomplete extends Error {}
const INCOMPLETE = new Incomplete();

/** A cursor over buf[p, end) that throws INCOMPLETE instead of reading past the end. */
class Cursor {
  constructor(
    readonly buf: Buffer,
    public p: number,
    readonly end: number,
  ) {}
  need(n: number): void {
    if (this.p + n > this.end) throw INCOMPLETE;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.p++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.p);
    this.p += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.p);
    this.p += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
  /** B_VARCHAR / US_VARCHAR: a character count, then UTF-16LE. */
  ucs2(chars: number): string {
    return this.bytes(chars * 2).toString('ucs2');
  }
}

interface TypeInfo {
  length: number;
  precision: number;
  scale: number;
  collation: Buffer | null;
  plp: boolean;
}

/** TYPE_INFO after the type byte; null for a type this decoder cannot even skip. */
function readTypeInfo(type: number, c: Cursor): TypeInfo | null {
  const info: TypeInfo = { length: 0, precision: 0, scale: 0, collation: null, plp: false };
  switch (type) {
    case DataType.INT1:
    case DataType.BIT:
    case DataType.INT2:
    case DataType.INT4:
    case DataType.DATETIM4:
    case DataType.FLT4:
    case DataType.MONEY:
    case DataType.DATETIME:
    case DataType.FLT8:
    case DataType.MONEY4:
    case DataType.INT8:
    case DataType.DATEN:
      return info;
    case DataType.GUID:
    case DataType.INTN:
    case DataType.BITN:
    case DataType.FLTN:
    case DataType.MONEYN:
    case DataType.DATETIMN:
      info.length = c.u8();
      return info;
    case DataType.DECIMALN:
    case DataType.NUMERICN:
      info.length = c.u8();
      info.precision = c.u8();
      info.scale = c.u8();
      return info;
    case DataType.TIMEN:
    case DataType.DATETIME2N:
    case DataType.DATETIMEOFFSETN:
      info.scale = c.u8();
      return info;
    case DataType.BIGVARBIN:
    case DataType.BIGBINARY:
      info.length = c.u16();
      info.plp = info.length === PLP_MAX_LENGTH;
      return info;
    case DataType.BIGVARCHR:
    case DataType.BIGCHAR:
    case DataType.NVARCHAR:
    case DataType.NCHAR:
      info.length = c.u16();
      info.collation = c.bytes(5);
      info.plp = info.length === PLP_MAX_LENGTH;
      return info;
    case DataType.TEXT:
    case DataType.NTEXT:
      info.length = c.u32();
      info.collation = c.bytes(5);
      return info;
    case DataType.IMAGE:
    case DataType.SSVARIANT:
      info.length = c.u32();
      return info;
    case DataType.XML:
      if (c.u8() === 1) {
        c.ucs2(c.u8()); // dbname
        c.ucs2(c.u8()); // owning schema
        c.ucs2(c.u16()); // xml schema collection
      }
      info.plp = true;
      return info;
    case DataType.UDT:
      info.length = c.u16();
      c.ucs2(c.u8()); // dbname
      c.ucs2(c.u8()); // schema
      c.ucs2(c.u8()); // type name
      c.ucs2(c.u16()); // assembly qualified name
      info.plp = true;
      return info;
    default:
      return null;
  }
}

/** Parses COLMETADATA from buf[p] (the byte after the token type). */
export function parseColMetadata(buf: Buffer, p: number, end: number): ColMetadataResult {
  const c = new Cursor(buf, p, end);
  try {
    const count = c.u16();
    if (count === NO_METADATA) return { kind: 'unsupported', reason: 'COLMETADATA without column metadata' };
    const columns: TdsColumn[] = [];
    for (let i = 0; i < count; i++) {
      const userType = c.u32();
      const flags = c.u16();
      const type = c.u8();
      const info = readTypeInfo(type, c);
      if (info === null) {
        return { kind: 'unsupported', reason: `column ${i + 1} has TDS data type 0x${type.toString(16)}, which the decoder does not read` };
      }
      if (type === DataType.TEXT || type === DataType.NTEXT || type === DataType.IMAGE) {
        const parts = c.u8();
        for (let k = 0; k < parts; k++) c.ucs2(c.u16());
      }
      const name = c.ucs2(c.u8());
      if (flags & FLAG_ENCRYPTED) return { kind: 'unsupported', reason: `column ${name} is encrypted (Always Encrypted)` };
      columns.push({ name, type, userType, flags, ...info });
    }
    return { kind: 'columns', columns, end: c.p };
  } catch (error) {
    if (error === INCOMPLETE) return { kind: 'incomplete' };
    throw error;
  }
}
