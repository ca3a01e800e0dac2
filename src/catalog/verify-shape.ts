/**
 * The contract between verify's own source read (src/sqlserver/verify-read.ts) and verify's
 * reference canonicalizer (src/verify/canonical-source.ts): for each column, the JS value
 * tedious delivers for verify's SELECT expression. Deliberately a vocabulary of its own, not
 * stage 2's ValueShape: verify shares no conversion code with stage 2's read and encode, so
 * that a mistake there (a lossy CAST, an encoder slip) cannot repeat itself on verify's side.
 * NULL always arrives as `null`. tedious runs with `useUTC: true`: a Date's UTC fields are the
 * stored wall time.
 */
export type VerifyShape =
  /** bit → boolean. */
  | 'bit'
  /** tinyint, smallint, int → number (a safe integer). */
  | 'int'
  /** bigint → decimal string (tedious reads the 8 bytes as a BigInt). */
  | 'bigint'
  /** decimal/numeric beyond 15 digits, money, smallmoney → exact decimal string from a CAST. */
  | 'decimal-text'
  /** decimal/numeric with at most 15 digits and scale s → number M / 10^s, correctly rounded. */
  | VerifyDecimalNumber
  /** float(25..53) → number. */
  | 'float'
  /** real, float(1..24) → number, the float32 widened exactly. */
  | 'real'
  /** char, varchar, nchar, nvarchar, text, ntext, sysname, xml, hierarchyid, spatial EWKT, CLR ToString() → string. */
  | 'string'
  /** binary, varbinary, image, rowversion → Buffer. */
  | 'bytes'
  /** uniqueidentifier → string (any case). */
  | 'guid'
  /** date → Date at UTC midnight. */
  | 'date'
  /** datetime, smalldatetime → Date (datetime: SQL Server's .000/.003/.007 ms as tedious rounds them). */
  | 'datetime'
  /** datetime2 → Date plus `nanosecondsDelta` (seconds below the millisecond, a multiple of 1e-7). */
  | 'datetime2'
  /** time → Date on 1970-01-01 plus `nanosecondsDelta`. */
  | 'time'
  /** datetimeoffset → Date of the UTC instant plus `nanosecondsDelta` (tedious drops the offset). */
  | 'datetimeoffset'
  /** sql_variant → VerifyVariant. */
  | 'variant';

export type VerifyDecimalNumber = `decimal-number:${number}`;

export function verifyDecimalNumber(scale: number): VerifyDecimalNumber {
  return `decimal-number:${scale}`;
}

/** The scale of a `decimal-number:s` shape, or null for any other shape. */
export function verifyDecimalScale(shape: VerifyShape): number | null {
  return shape.startsWith('decimal-number:') ? Number(shape.slice('decimal-number:'.length)) : null;
}

/**
 * A sql_variant as verify reads it (three SELECT-list items, folded into one value): the base
 * type's name, tedious's own value of it, and the server's text where verify reads the value as
 * text (see src/sqlserver/verify-read.ts for which base types), else null.
 */
export interface VerifyVariant {
  readonly baseType: string;
  readonly native: unknown;
  readonly text: string | null;
}
