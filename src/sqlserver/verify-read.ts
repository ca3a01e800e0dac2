/**
 * How verify reads each SQL Server type: its own SELECT-list expressions, written apart from
 * stage 2's (column-read.ts) on purpose. verify proves what stage 2 did; if it read through
 * stage 2's conversions, a lossy one would be invisible to it. Where only one exact expression
 * exists (money through decimal(19,4), hierarchyid's ToString()), it is written here again.
 *
 * Native wherever tedious's value is exact (the reference canonicalizer in src/verify turns it
 * into text); server text from a CAST whose default style is exact where a JS value would not
 * be (decimal beyond 15 digits, money). No CONVERT styles: compatible engines render them
 * differently (Babelfish pads style 3).
 */
import type { ColumnModel } from '../catalog/model.js';
import { isClrUserType, systemTypeName, type SystemTypeName } from '../catalog/system-types.js';
import { verifyDecimalNumber, type VerifyShape } from '../catalog/verify-shape.js';
import { UnmappedTypeError } from '../errors.js';

export interface VerifyColumnRead {
  readonly shape: VerifyShape;
  /** SELECT-list items for the column (sql_variant has three), given its quoted name. */
  readonly items: (quoted: string) => readonly string[];
}

const native = (shape: VerifyShape): VerifyColumnRead => ({ shape, items: (q) => [q] });
const castTo = (shape: VerifyShape, type: string): VerifyColumnRead => ({ shape, items: (q) => [`CAST(${q} AS ${type})`] });

/** A double holds every decimal of up to 15 significant digits exactly enough to recover it. */
const NATIVE_DECIMAL_DIGITS = 15;

function decimal(column: ColumnModel): VerifyColumnRead {
  if (column.precision <= NATIVE_DECIMAL_DIGITS) return native(verifyDecimalNumber(column.scale));
  // decimal's default style prints every digit of its scale, never an exponent.
  return castTo('decimal-text', 'varchar(50)');
}

/** money's own default style keeps 2 decimals; the decimal of its exact precision keeps all 4. */
const money = (decimalType: string): VerifyColumnRead => ({ shape: 'decimal-text', items: (q) => [`CAST(CAST(${q} AS ${decimalType}) AS varchar(50))`] });

/** EWKT, as the target holds spatial values (text, or PostGIS read back with ST_AsEWKT). */
const spatial: VerifyColumnRead = {
  shape: 'string',
  items: (q) => [`CASE WHEN ${q} IS NULL THEN NULL ELSE 'SRID=' + CAST(${q}.STSrid AS varchar(12)) + ';' + ${q}.AsTextZM() END`],
};

/**
 * sql_variant: the value natively, its base type, and the server's text for the base types
 * verify reads as text. Natively only where tedious's decoding is the plain exact value (the
 * strings, float, real, binary, uniqueidentifier); the integers, the decimal family and every
 * date/time base type as the text of CASTs with exact default styles, so that this read does
 * not go through tedious's Date handling the way stage 2's does. datetime and smalldatetime
 * print their seconds only through datetime2 (their own default style is `Jan  1 2020 12:00AM`).
 */
function variantItems(q: string): readonly string[] {
  const baseType = `CAST(SQL_VARIANT_PROPERTY(${q}, 'BaseType') AS varchar(32))`;
  const text =
    `CASE ${baseType}` +
    ` WHEN 'money' THEN CAST(CAST(CAST(${q} AS money) AS decimal(19,4)) AS varchar(50))` +
    ` WHEN 'smallmoney' THEN CAST(CAST(CAST(${q} AS smallmoney) AS decimal(10,4)) AS varchar(50))` +
    ` WHEN 'datetime' THEN CAST(CAST(CAST(${q} AS datetime) AS datetime2(3)) AS varchar(40))` +
    ` WHEN 'smalldatetime' THEN CAST(CAST(CAST(${q} AS smalldatetime) AS datetime2(0)) AS varchar(40))` +
    ` WHEN 'decimal' THEN CAST(${q} AS varchar(50)) WHEN 'numeric' THEN CAST(${q} AS varchar(50))` +
    ` WHEN 'bit' THEN CAST(${q} AS varchar(50)) WHEN 'tinyint' THEN CAST(${q} AS varchar(50))` +
    ` WHEN 'smallint' THEN CAST(${q} AS varchar(50)) WHEN 'int' THEN CAST(${q} AS varchar(50))` +
    ` WHEN 'bigint' THEN CAST(${q} AS varchar(50))` +
    ` WHEN 'date' THEN CAST(${q} AS varchar(40)) WHEN 'time' THEN CAST(${q} AS varchar(40))` +
    ` WHEN 'datetime2' THEN CAST(${q} AS varchar(40)) WHEN 'datetimeoffset' THEN CAST(${q} AS varchar(40))` +
    ` ELSE NULL END`;
  return [q, baseType, text];
}

/** Base types whose verify value is the server's text (variantItems' third item). */
export const VARIANT_TEXT_BASE_TYPES: ReadonlySet<string> = new Set([
  'money', 'smallmoney', 'datetime', 'smalldatetime', 'decimal', 'numeric', 'bit', 'tinyint', 'smallint', 'int', 'bigint',
  'date', 'time', 'datetime2', 'datetimeoffset',
]);

/** One read per system type: a type without its verify read does not compile. */
const VERIFY_READS = {
  bit: native('bit'),
  tinyint: native('int'),
  smallint: native('int'),
  int: native('int'),
  bigint: native('bigint'),
  decimal,
  numeric: decimal,
  money: money('decimal(19,4)'),
  smallmoney: money('decimal(10,4)'),
  // SQL Server reports float(n) with precision 24 or 53; 24 is the 4-byte real.
  real: native('real'),
  float: (c: ColumnModel) => native(c.precision <= 24 ? 'real' : 'float'),
  char: native('string'),
  varchar: native('string'),
  nchar: native('string'),
  nvarchar: native('string'),
  sysname: native('string'),
  text: castTo('string', 'varchar(max)'),
  ntext: castTo('string', 'nvarchar(max)'),
  xml: castTo('string', 'nvarchar(max)'),
  hierarchyid: { shape: 'string', items: (q) => [`${q}.ToString()`] },
  geometry: spatial,
  geography: spatial,
  binary: native('bytes'),
  varbinary: native('bytes'),
  image: castTo('bytes', 'varbinary(max)'),
  timestamp: castTo('bytes', 'binary(8)'),
  rowversion: castTo('bytes', 'binary(8)'),
  uniqueidentifier: native('guid'),
  date: native('date'),
  datetime: native('datetime'),
  smalldatetime: native('datetime'),
  datetime2: native('datetime2'),
  time: native('time'),
  datetimeoffset: native('datetimeoffset'),
  sql_variant: { shape: 'variant', items: variantItems },
} satisfies Record<SystemTypeName, VerifyColumnRead | ((column: ColumnModel) => VerifyColumnRead)>;

/** A CLR user type's value is its ToString() text, as stage 1 mapped it under the user's override. */
const CLR_READ: VerifyColumnRead = { shape: 'string', items: (q) => [`${q}.ToString()`] };

export function verifyColumnRead(tableName: string, column: ColumnModel): VerifyColumnRead {
  const name = systemTypeName(column.type);
  const entry = name === null ? undefined : VERIFY_READS[name];
  const read = typeof entry === 'function' ? entry(column) : entry ?? (isClrUserType(column.type) ? CLR_READ : undefined);
  if (read === undefined) throw new UnmappedTypeError(`Column ${tableName}.${column.name} has type ${column.type}, which verify cannot read`);
  return read;
}
