/**
 * How each SQL Server type is read for stage 2: the SELECT-list expression that makes SQL
 * Server send an exact value, and the ValueShape (src/catalog/value-shape.ts) that value has
 * when tedious hands it to us. The one table that ties a T-SQL CONVERT to the encoder's input.
 *
 * Native wherever tedious's own value is exact (measured: the server-side conversions cost half
 * the read rate): bigint (a decimal string), date/time types (Dates plus nanosecondsDelta, with
 * `useUTC: true`, src/sqlserver/connect.ts) and decimal/numeric up to 15 digits (a JS number).
 * Text from the server only where a JS number would lose digits: decimal/numeric beyond 15
 * digits (`decimal(38,10)` 1e28 arrives as 1e+28) and money (922337203685477.5807 arrives as
 * 922337203685477.6).
 */
import type { ColumnModel } from '../catalog/model.js';
import { isClrUserType, systemTypeName, type SystemTypeName } from '../catalog/system-types.js';
import { decimalNumberShape, type ReadShape } from '../catalog/value-shape.js';
import { UnmappedTypeError } from '../errors.js';
import { quoteTsqlName } from './quote.js';
import { variantCompanionExpression } from './variant-read.js';

export interface ColumnRead {
  readonly shape: ReadShape;
  /** The SELECT-list expression for a column, given its quoted name. */
  readonly expression: (quoted: string) => string;
  /**
   * A second SELECT-list item the value needs (sql_variant: its base type), appended after
   * the table's columns; the reader folds it back into the column's value (select-builder.ts).
   */
  readonly companion?: (quoted: string) => string;
}

const AS_IS = (quoted: string): string => quoted;

/**
 * CAST wherever the type's default style is exact: it is what SQL Server itself does for
 * CONVERT without a style, and on compatible engines (Babelfish) a CAST is much cheaper than
 * a styled CONVERT (date read with CONVERT(char(10), d, 23) streamed 35x slower there than
 * with CAST).
 */
const cast = (target: string) => (quoted: string): string => `CAST(${quoted} AS ${target})`;

/**
 * money/smallmoney through the decimal of the same precision and scale: exact by definition
 * (money is a scaled 64-bit integer with 4 decimals), printed with all 4 digits. CONVERT with
 * style 2 returned `' 922337203685477.5800 '` (padded, digits lost) on Babelfish.
 */
const moneyText = (decimalType: string) => (quoted: string): string =>
  `CAST(CAST(${quoted} AS ${decimalType}) AS varchar(50))`;

/**
 * Spatial values as EWKT (`SRID=4326;POINT (1 2)`), which PostGIS parses. AsTextZM, unlike
 * STAsText, keeps Z and M coordinates. Known gap: a point with M but no Z prints as
 * `POINT (1 2 NULL 4)`, which PostGIS rejects loudly rather than losing the M value.
 * The CASE keeps NULL a NULL (a method call on NULL is NULL, but 'SRID=' + NULL relies on
 * CONCAT_NULL_YIELDS_NULL being ON).
 */
const spatialText = (quoted: string): string =>
  `CASE WHEN ${quoted} IS NULL THEN NULL ELSE 'SRID=' + CAST(${quoted}.STSrid AS varchar(12)) + ';' + ${quoted}.AsTextZM() END`;

/** Up to 15 significant digits a double holds any decimal exactly (see native-values.ts). */
const MAX_NATIVE_DECIMAL_PRECISION = 15;

/** decimal/numeric: natively up to precision 15, as server-side text beyond. */
function decimalRead(column: ColumnModel): ColumnRead {
  if (column.precision <= MAX_NATIVE_DECIMAL_PRECISION) {
    return { shape: decimalNumberShape(column.scale), expression: AS_IS };
  }
  // decimal(38, s) → at most 38 digits, a sign and a point; never scientific notation.
  return { shape: 'decimal-text', expression: cast('varchar(50)') };
}

/** One read per system type (a type without its read does not compile); CLR user types below. */
const READS = {
  bit: { shape: 'boolean', expression: AS_IS },
  tinyint: { shape: 'integer', expression: AS_IS },
  smallint: { shape: 'integer', expression: AS_IS },
  int: { shape: 'integer', expression: AS_IS },
  // tedious reads the 8 bytes as a BigInt and hands over its decimal string.
  bigint: { shape: 'bigint-text', expression: AS_IS },
  decimal: decimalRead,
  numeric: decimalRead,
  // money's own default style rounds to 2 decimals: go through decimal(19,4) / decimal(10,4).
  money: { shape: 'decimal-text', expression: moneyText('decimal(19,4)') },
  smallmoney: { shape: 'decimal-text', expression: moneyText('decimal(10,4)') },
  real: { shape: 'float', expression: AS_IS },
  float: { shape: 'float', expression: AS_IS },
  char: { shape: 'text', expression: AS_IS },
  varchar: { shape: 'text', expression: AS_IS },
  nchar: { shape: 'text', expression: AS_IS },
  nvarchar: { shape: 'text', expression: AS_IS },
  sysname: { shape: 'text', expression: AS_IS },
  // text/ntext/image are deprecated LOB types: read them as their (max) successors so every
  // large value takes the same PLP path through tedious (same collation, same code page).
  text: { shape: 'text', expression: cast('varchar(max)') },
  ntext: { shape: 'text', expression: cast('nvarchar(max)') },
  xml: { shape: 'text', expression: cast('nvarchar(max)') },
  // The value as tedious decodes its base type, plus the base type and exact text where tedious
  // cannot be exact (variant-read.ts): a text CAST would use the base type's lossy default style.
  sql_variant: { shape: 'variant', expression: AS_IS, companion: variantCompanionExpression },
  hierarchyid: { shape: 'text', expression: (q) => `${q}.ToString()` },
  geometry: { shape: 'text', expression: spatialText },
  geography: { shape: 'text', expression: spatialText },
  binary: { shape: 'binary', expression: AS_IS },
  varbinary: { shape: 'binary', expression: AS_IS },
  image: { shape: 'binary', expression: cast('varbinary(max)') },
  // sys.types names rowversion `timestamp`; binary(8) makes the 8 bytes explicit.
  timestamp: { shape: 'binary', expression: cast('binary(8)') },
  rowversion: { shape: 'binary', expression: cast('binary(8)') },
  // tedious returns the GUID as an upper-case string.
  uniqueidentifier: { shape: 'uuid', expression: AS_IS },
  // tedious builds these Dates from the TDS day and time counts with Date.UTC, so their UTC
  // fields are the stored wall time (date: midnight; datetime: SQL Server's .000/.003/.007 ms;
  // datetime2/time/datetimeoffset: ms plus nanosecondsDelta, exact to 100 ns). datetimeoffset
  // arrives as its UTC instant: tedious skips the offset.
  date: { shape: 'date-value', expression: AS_IS },
  datetime: { shape: 'timestamp-value', expression: AS_IS },
  smalldatetime: { shape: 'timestamp-value', expression: AS_IS },
  datetime2: { shape: 'timestamp-value', expression: AS_IS },
  time: { shape: 'time-value', expression: AS_IS },
  datetimeoffset: { shape: 'timestamptz-value', expression: AS_IS },
} satisfies Record<SystemTypeName, ColumnRead | ((column: ColumnModel) => ColumnRead)>;

/**
 * CLR user types (`schema.Name`, see build-columns.ts) have no type-map row, so stage 1 only
 * creates such a column when the user gave it a type override (e.g. text). Their values are
 * read through ToString(), which every SQL CLR user type must implement.
 */
const CLR_USER_TYPE_READ: ColumnRead = { shape: 'text', expression: (q) => `${q}.ToString()` };

/** How to read one column; throws UnmappedTypeError for a type that is neither a system type nor a CLR user type. */
export function columnRead(tableName: string, column: ColumnModel): ColumnRead {
  const name = systemTypeName(column.type);
  const entry = name === null ? undefined : READS[name];
  const read = typeof entry === 'function' ? entry(column) : entry ?? (isClrUserType(column.type) ? CLR_USER_TYPE_READ : undefined);
  if (!read) {
    throw new UnmappedTypeError(
      `Column ${tableName}.${column.name} has type ${column.type}, which mssql2pg cannot read`,
    );
  }
  return read;
}

/** The full SELECT-list item for a column: its read expression, aliased back to its name. */
export function selectListItem(tableName: string, column: ColumnModel): string {
  const quoted = quoteTsqlName(column.name);
  const expression = columnRead(tableName, column).expression(quoted);
  return expression === quoted ? quoted : `${expression} AS ${quoted}`;
}
