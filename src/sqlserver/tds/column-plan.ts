/**
 * One writer per column, chosen once from COLMETADATA: the row loop (row-decoder.ts) switches
 * on a small integer per column, so each case is one monomorphic call site. A column whose
 * type or collation has no exact writer makes the whole unit fall back to today's tedious
 * path (the reason is the `--verbose` line), before a single row was decoded.
 */
import type { ValueShape } from '../../catalog/value-shape.js';
import { textDecoding, type SbcsTable } from './code-page.js';
import type { TdsColumn } from './column-metadata.js';
import { DataType } from './tokens.js';

export const enum Kind {
  // Fixed length (MS-TDS 2.2.5.4.1): no length byte.
  Bit,
  Int1,
  Int2,
  Int4,
  Int8,
  Flt4,
  Flt8,
  Money4,
  Money8,
  DateTime4,
  DateTime8,
  // BYTELEN: a length byte, 0 for NULL; the length picks the variant.
  BitN,
  IntN,
  FltN,
  MoneyN,
  DateTimeN,
  Decimal,
  Date,
  Time,
  DateTime2,
  DateTimeOffset,
  Guid,
  // USHORTLEN (0xFFFF NULL), PLP (MS-TDS 2.2.5.2.3) and text/ntext/image (LONGLEN with text pointer).
  Short,
  Plp,
  Lob,
}

/** What the bytes of a Short/Plp/Lob value are. */
export const enum Content {
  Binary,
  Utf16,
  Sbcs,
  Utf8,
  Iconv,
}

export interface ColumnPlan {
  readonly columns: readonly TdsColumn[];
  readonly kinds: Uint8Array;
  /** decimal: the scale; time/datetime2/datetimeoffset: 10^(7 - scale), the factor to 100 ns units. */
  readonly scales: Float64Array;
  readonly contents: Uint8Array;
  readonly tables: readonly (SbcsTable | null)[];
  readonly codePages: readonly (string | null)[];
  /** Today's ValueShape of each column's values: what error messages name. */
  readonly shapes: readonly ValueShape[];
}

interface Writer {
  kind: Kind;
  scale?: number;
  content?: Content;
  table?: SbcsTable;
  codePage?: string;
  shape: ValueShape;
}

const FIXED: Readonly<Record<number, Writer>> = {
  [DataType.BIT]: { kind: Kind.Bit, shape: 'boolean' },
  [DataType.INT1]: { kind: Kind.Int1, shape: 'integer' },
  [DataType.INT2]: { kind: Kind.Int2, shape: 'integer' },
  [DataType.INT4]: { kind: Kind.Int4, shape: 'integer' },
  [DataType.INT8]: { kind: Kind.Int8, shape: 'bigint-text' },
  [DataType.FLT4]: { kind: Kind.Flt4, shape: 'float' },
  [DataType.FLT8]: { kind: Kind.Flt8, shape: 'float' },
  [DataType.MONEY4]: { kind: Kind.Money4, shape: 'decimal-text' },
  [DataType.MONEY]: { kind: Kind.Money8, shape: 'decimal-text' },
  [DataType.DATETIM4]: { kind: Kind.DateTime4, shape: 'timestamp-value' },
  [DataType.DATETIME]: { kind: Kind.DateTime8, shape: 'timestamp-value' },
  [DataType.BITN]: { kind: Kind.BitN, shape: 'boolean' },
  [DataType.FLTN]: { kind: Kind.FltN, shape: 'float' },
  [DataType.MONEYN]: { kind: Kind.MoneyN, shape: 'decimal-text' },
  [DataType.DATETIMN]: { kind: Kind.DateTimeN, shape: 'timestamp-value' },
  [DataType.DATEN]: { kind: Kind.Date, shape: 'date-value' },
  [DataType.GUID]: { kind: Kind.Guid, shape: 'uuid' },
};

/** A text column's writer content, from its collation (code-page.ts). */
function textContent(column: TdsColumn): Writer | { unsupported: string } {
  if (column.collation === null) return { unsupported: `column ${column.name} has no collation` };
  const decoding = textDecoding(column.collation);
  if ('unsupported' in decoding) return { unsupported: `column ${column.name}: ${decoding.unsupported}` };
  if (decoding.kind === 'utf8') return { kind: Kind.Short, content: Content.Utf8, shape: 'text' };
  if (decoding.kind === 'sbcs') return { kind: Kind.Short, content: Content.Sbcs, table: decoding.table, shape: 'text' };
  return { kind: Kind.Short, content: Content.Iconv, codePage: decoding.codePage, shape: 'text' };
}

function writerOf(column: TdsColumn): Writer | { unsupported: string } {
  const fixed = FIXED[column.type];
  if (fixed) return fixed;
  const framed = (base: Writer): Writer => ({ ...base, kind: column.plp ? Kind.Plp : Kind.Short });
  switch (column.type) {
    case DataType.INTN:
      return { kind: Kind.IntN, shape: column.length === 8 ? 'bigint-text' : 'integer' };
    case DataType.DECIMALN:
    case DataType.NUMERICN:
      return { kind: Kind.Decimal, scale: column.scale, shape: 'decimal-text' };
    case DataType.TIMEN:
      return { kind: Kind.Time, scale: 10 ** (7 - column.scale), shape: 'time-value' };
    case DataType.DATETIME2N:
      return { kind: Kind.DateTime2, scale: 10 ** (7 - column.scale), shape: 'timestamp-value' };
    case DataType.DATETIMEOFFSETN:
      return { kind: Kind.DateTimeOffset, scale: 10 ** (7 - column.scale), shape: 'timestamptz-value' };
    case DataType.BIGVARBIN:
    case DataType.BIGBINARY:
      return framed({ kind: Kind.Short, content: Content.Binary, shape: 'binary' });
    case DataType.NVARCHAR:
    case DataType.NCHAR:
    case DataType.XML:
      return framed({ kind: Kind.Short, content: Content.Utf16, shape: 'text' });
    case DataType.BIGVARCHR:
    case DataType.BIGCHAR: {
      const text = textContent(column);
      return 'unsupported' in text ? text : framed(text);
    }
    case DataType.TEXT: {
      const text = textContent(column);
      return 'unsupported' in text ? text : { ...text, kind: Kind.Lob };
    }
    case DataType.NTEXT:
      return { kind: Kind.Lob, content: Content.Utf16, shape: 'text' };
    case DataType.IMAGE:
      return { kind: Kind.Lob, content: Content.Binary, shape: 'binary' };
    case DataType.SSVARIANT:
      return { unsupported: `column ${column.name} is sql_variant (read it as CAST(... AS nvarchar(max)))` };
    case DataType.UDT:
      return { unsupported: `column ${column.name} is a CLR type (read it through ToString())` };
    default:
      return { unsupported: `column ${column.name} has TDS data type 0x${column.type.toString(16)}` };
  }
}

export function planColumns(columns: readonly TdsColumn[]): ColumnPlan | { readonly unsupported: string } {
  if (columns.length === 0) return { unsupported: 'the result has no columns' };
  const writers: Writer[] = [];
  for (const column of columns) {
    const writer = writerOf(column);
    if ('unsupported' in writer) return writer;
    writers.push(writer);
  }
  return {
    columns,
    kinds: Uint8Array.from(writers, (w) => w.kind),
    scales: Float64Array.from(writers, (w) => w.scale ?? 0),
    contents: Uint8Array.from(writers, (w) => w.content ?? Content.Binary),
    tables: writers.map((w) => w.table ?? null),
    codePages: writers.map((w) => w.codePage ?? null),
    shapes: writers.map((w) => w.shape),
  };
}
