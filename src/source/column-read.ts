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

const convert = (target: string, style?: number) => (quoted: string): string =>
  style === undefined ? `CONVERT(${target}, ${quoted})` : `CONVERT(${target}, ${quoted}, ${style})`;

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
  bigint: { shape: 'bigint-text', expression: convert('varchar(20)') },
  // decimal(38, s) → at most 38 digits, a sign and a point; never scientific notation.
  decimal: { shape: 'decimal-text', expression: convert('varchar(50)') },
  numeric: { shape: 'decimal-text', expression: convert('varchar(50)') },
  // money style 0 (the default) rounds to 2 decimals; style 2 prints all 4 (`4235.9819`).
  money: { shape: 'decimal-text', expression: convert('varchar(30)', 2) },
  smallmoney: { shape: 'decimal-text', expression: convert('varchar(30)', 2) },
  real: { shape: 'float', expression: AS_IS },
  float: { shape: 'float', expression: AS_IS },
  char: { shape: 'text', expression: AS_IS },
  varchar: { shape: 'text', expression: AS_IS },
  nchar: { shape: 'text', expression: AS_IS },
  nvarchar: { shape: 'text', expression: AS_IS },
  sysname: { shape: 'text', expression: AS_IS },
  // text/ntext/image are deprecated LOB types: read them as their (max) successors so every
  // large value takes the same PLP path through tedious (same collation, same code page).
  text: { shape: 'text', expression: convert('varchar(max)') },
  ntext: { shape: 'text', expression: convert('nvarchar(max)') },
  xml: { shape: 'text', expression: convert('nvarchar(max)') },
  // A variant's text form uses the default style of its base type (e.g. datetime →
  // `Jan  1 2020 12:00AM`): the target column is text, so this is the faithful choice.
  sql_variant: { shape: 'text', expression: convert('nvarchar(max)') },
  hierarchyid: { shape: 'text', expression: (q) => `${q}.ToString()` },
  geometry: { shape: 'text', expression: spatialText },
  geography: { shape: 'text', expression: spatialText },
  binary: { shape: 'binary', expression: AS_IS },
  varbinary: { shape: 'binary', expression: AS_IS },
  image: { shape: 'binary', expression: convert('varbinary(max)') },
  // sys.types names rowversion `timestamp`; binary(8) makes the 8 bytes explicit.
  timestamp: { shape: 'binary', expression: convert('binary(8)') },
  rowversion: { shape: 'binary', expression: convert('binary(8)') },
  // tedious returns the GUID as an upper-case string.
  uniqueidentifier: { shape: 'uuid', expression: AS_IS },
  // Style 23: yyyy-mm-dd, always a 4-digit year (date goes back to 0001-01-01).
  date: { shape: 'date-text', expression: convert('char(10)', 23) },
  // Style 126: yyyy-mm-ddThh:mi:ss[.fffffff]. For datetime it prints milliseconds as SQL
  // Server rounds them (.003/.007 for the 1/300 s ticks) and omits `.000`.
  datetime: { shape: 'timestamp-text', expression: convert('varchar(27)', 126) },
  smalldatetime: { shape: 'timestamp-text', expression: convert('varchar(27)', 126) },
  datetime2: { shape: 'timestamp-text', expression: convert('varchar(27)', 126) },
  // No style: the default for time and datetimeoffset is 121 (ODBC canonical), which prints
  // every fractional digit of the column's scale: `hh:mi:ss.nnnnnnn`, and for
  // datetimeoffset `yyyy-mm-dd hh:mi:ss.nnnnnnn +hh:mi` (34 characters at scale 7).
  // Style 114 would give `hh:mi:ss:mmm`, cutting time(7) to milliseconds.
  time: { shape: 'time-text', expression: convert('varchar(16)') },
  datetimeoffset: { shape: 'timestamptz-text', expression: convert('varchar(34)') },
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
