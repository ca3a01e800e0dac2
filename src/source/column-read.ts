/**
 * How each SQL Server type is read for stage 2: the SELECT-list expression that makes SQL
 * Server send an exact value, and the ValueShape (src/catalog/value-shape.ts) that value has
 * when tedious hands it to us. The one table that ties a T-SQL CONVERT to the encoder's input.
 */
import type { ColumnModel } from '../catalog/model.js';
import type { ValueShape } from '../catalog/value-shape.js';
import { UnmappedTypeError } from '../errors.js';
import { quoteIdentifier } from './quote.js';

export interface ColumnRead {
  readonly shape: ValueShape;
  /** The SELECT-list expression for a column, given its quoted name. */
  readonly expression: (quoted: string) => string;
}

const AS_IS = (quoted: string): string => quoted;

/**
 * CAST wherever the type's default style is exact: it is what SQL Server itself does for
 * CONVERT without a style, and on compatible engines (Babelfish) a CAST is much cheaper than
 * a styled CONVERT (date read with CONVERT(char(10), d, 23) streamed 35x slower there than
 * with CAST, issue #6). An explicit style only where the default loses digits (datetime).
 */
const cast = (target: string) => (quoted: string): string => `CAST(${quoted} AS ${target})`;

const convert = (target: string, style: number) => (quoted: string): string =>
  `CONVERT(${target}, ${quoted}, ${style})`;

/**
 * money/smallmoney through the decimal of the same precision and scale: exact by definition
 * (money is a scaled 64-bit integer with 4 decimals), printed with all 4 digits. CONVERT with
 * style 2 returned `' 922337203685477.5800 '` (padded, digits lost) on Babelfish (issue #6).
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

const READS: Readonly<Record<string, ColumnRead>> = {
  bit: { shape: 'boolean', expression: AS_IS },
  tinyint: { shape: 'integer', expression: AS_IS },
  smallint: { shape: 'integer', expression: AS_IS },
  int: { shape: 'integer', expression: AS_IS },
  // -9223372036854775808 is 20 characters.
  bigint: { shape: 'bigint-text', expression: cast('varchar(20)') },
  // decimal(38, s) → at most 38 digits, a sign and a point; never scientific notation.
  decimal: { shape: 'decimal-text', expression: cast('varchar(50)') },
  numeric: { shape: 'decimal-text', expression: cast('varchar(50)') },
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
  // A variant's text form uses the default style of its base type (e.g. datetime →
  // `Jan  1 2020 12:00AM`): the target column is text, so this is the faithful choice.
  sql_variant: { shape: 'text', expression: cast('nvarchar(max)') },
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
  // date's default style is yyyy-mm-dd (always a 4-digit year; date goes back to 0001-01-01).
  date: { shape: 'date-text', expression: cast('char(10)') },
  // datetime/smalldatetime: their default style (0, `Jan  1 2020 12:00AM`) loses seconds, so
  // style 126: yyyy-mm-ddThh:mi:ss[.mmm], milliseconds as SQL Server rounds them (.003/.007
  // for the 1/300 s ticks), `.000` omitted.
  datetime: { shape: 'timestamp-text', expression: convert('varchar(27)', 126) },
  smalldatetime: { shape: 'timestamp-text', expression: convert('varchar(27)', 126) },
  // datetime2, time and datetimeoffset: the default style is 121 (ODBC canonical), which
  // prints every fractional digit of the column's scale: `yyyy-mm-dd hh:mi:ss.fffffff`,
  // `hh:mi:ss.nnnnnnn` and `yyyy-mm-dd hh:mi:ss.nnnnnnn +hh:mi` (34 characters at scale 7).
  // The encoder reads a space or a `T` between date and time.
  datetime2: { shape: 'timestamp-text', expression: cast('varchar(27)') },
  time: { shape: 'time-text', expression: cast('varchar(16)') },
  datetimeoffset: { shape: 'timestamptz-text', expression: cast('varchar(34)') },
};

/**
 * CLR user types (`schema.Name`, see build-columns.ts) have no type-map row, so stage 1 only
 * creates such a column when the user gave it a type override (e.g. text). Their values are
 * read through ToString(), which every SQL CLR user type must implement.
 */
const CLR_USER_TYPE_READ: ColumnRead = { shape: 'text', expression: (q) => `${q}.ToString()` };

function isClrUserType(type: string): boolean {
  return type.includes('.');
}

/** How to read one column; throws UnmappedTypeError for types we cannot read (CLR user types). */
export function columnRead(tableName: string, column: ColumnModel): ColumnRead {
  const read = READS[column.type] ?? (isClrUserType(column.type) ? CLR_USER_TYPE_READ : undefined);
  if (!read) {
    throw new UnmappedTypeError(
      `Column ${tableName}.${column.name} has type ${column.type}, which mssql2pg cannot read`,
    );
  }
  return read;
}

/** The full SELECT-list item for a column: its read expression, aliased back to its name. */
export function selectListItem(tableName: string, column: ColumnModel): string {
  const quoted = quoteIdentifier(column.name);
  const expression = columnRead(tableName, column).expression(quoted);
  return expression === quoted ? quoted : `${expression} AS ${quoted}`;
}
