/**
 * The contract between the source reader and the COPY encoder: for each column, the exact JS
 * value shape the reader delivers (after any server-side CAST) and that the encoder accepts.
 * NULL always arrives as `null`.
 *
 * The reader chooses the shape from the column's SQL Server type (src/sqlserver/column-read.ts
 * says why for each type); the encoder never guesses. tedious runs with `useUTC: true`
 * (src/sqlserver/connect.ts), so every Date below holds its wall time in its UTC fields.
 *
 * Two groups: ReadShape is what the SQL Server reader produces. ReferenceTextShape is the four
 * date/time types as ISO text, which no reader produces any more (date/time columns are read
 * natively): it is kept as the reference encoding that the native date/time writers are tested
 * against byte for byte (test/unit/copy-native.test.ts, test/integration/copy-roundtrip.test.ts),
 * and as the readable way for in-memory test sources to hold a timestamp.
 */
export type ValueShape = ReadShape | ReferenceTextShape;

/** What the SQL Server reader delivers. */
export type ReadShape =
  /** bit → JS boolean. */
  | 'boolean'
  /** tinyint, smallint, int → JS number (always a safe integer). */
  | 'integer'
  /** bigint → decimal string `-?\d{1,19}` (tedious's own value: it reads the 8 bytes as a BigInt and sends its string). */
  | 'bigint-text'
  /** decimal/numeric with precision > 15, money, smallmoney → exact decimal string, e.g. `-12.3400` (server-side CAST). */
  | 'decimal-text'
  /**
   * decimal/numeric with precision ≤ 15 and scale s → JS number: tedious's M / 10^s for the
   * column's integer M (|M| < 10^15), correctly rounded; written with exactly s decimals.
   */
  | DecimalNumberShape
  /** real, float → JS number (IEEE double; real values widened exactly from float32). */
  | 'float'
  /** char, varchar, nchar, nvarchar, text, ntext, sysname, xml, hierarchyid, spatial WKT → JS string (UTF-16, may hold U+0000 or lone surrogates). */
  | 'text'
  /** sql_variant → VariantValue (below): the base type's name and its value. */
  | 'variant'
  /** binary, varbinary, image, rowversion/timestamp → Node Buffer. */
  | 'binary'
  /** uniqueidentifier → string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case). */
  | 'uuid'
  /** date → Date at UTC midnight of that day (years 0001-9999). */
  | 'date-value'
  /**
   * datetime2, datetime, smalldatetime → Date whose UTC fields are the wall time, to the
   * millisecond (datetime's are SQL Server's own .000/.003/.007); datetime2's Date also has a
   * non-enumerable `nanosecondsDelta`: the rest of the fraction in seconds, a multiple of
   * 1e-7 below 0.001 (`.1234567` arrives as 123 ms + 0.0004567).
   */
  | 'timestamp-value'
  /** time → Date on 1970-01-01 UTC at that time of day, with `nanosecondsDelta` as above. */
  | 'time-value'
  /**
   * datetimeoffset → Date holding the UTC instant (tedious drops the offset), with
   * `nanosecondsDelta` as above; written as UTC (`+00:00`), the same instant.
   */
  | 'timestamptz-value';

/**
 * One sql_variant value as the reader hands it over (src/sqlserver/variant-read.ts): the base
 * type as SQL_VARIANT_PROPERTY(v, 'BaseType') names it (`int`, `money`, `nvarchar`, …), and the
 * value. For decimal, numeric, money, smallmoney and datetimeoffset the value is the server's
 * exact text (tedious would hand over a double, or drop the offset); for every other base type it
 * is tedious's own value of that type, exactly as for a column of the type (a number, a
 * decimal string for bigint, a boolean, a string, a Buffer, a Date with nanosecondsDelta).
 */
export interface VariantValue {
  readonly baseType: string;
  readonly value: unknown;
}

/** The reference encoding of the date/time types, as ISO text (see above: no reader produces it). */
export type ReferenceTextShape =
  /** date → `YYYY-MM-DD`. */
  | 'date-text'
  /** datetime, smalldatetime, datetime2 → `YYYY-MM-DD[T ]hh:mm:ss[.fffffff]` (up to 7 fractional digits). */
  | 'timestamp-text'
  /** time → `hh:mm:ss[.fffffff]` (up to 7 fractional digits). */
  | 'time-text'
  /** datetimeoffset → `YYYY-MM-DD hh:mm:ss[.fffffff] {+|-}hh:mm` (up to 7 fractional digits). */
  | 'timestamptz-text';

/** `decimal-number:4` for a decimal(p ≤ 15, 4) read natively: the scale is part of the contract. */
export type DecimalNumberShape = `decimal-number:${number}`;

export function decimalNumberShape(scale: number): DecimalNumberShape {
  return `decimal-number:${scale}`;
}

export function isDecimalNumberShape(shape: ValueShape): shape is DecimalNumberShape {
  return shape.startsWith('decimal-number:');
}

/** The scale of a `decimal-number:s` shape. */
export function decimalNumberScale(shape: DecimalNumberShape): number {
  return Number(shape.slice('decimal-number:'.length));
}
