/**
 * The SELECT-list expression of each SQL Server type on the decoder path, the wire type it
 * makes SQL Server send, and the writer that reads it (column-plan.ts). The decoder reads
 * native bytes, which are exact, so it asks the server for conversions only where a type has
 * no TDS form the decoder reads, or where today's text is defined by a conversion:
 *
 * | SQL Server type                  | SELECT on the decoder path            | wire type (MS-TDS 2.2.5.4)      | writer            |
 * |----------------------------------|---------------------------------------|---------------------------------|-------------------|
 * | bit                              | as is                                 | BITN / BIT                      | t / f             |
 * | tinyint, smallint, int, bigint   | as is                                 | INTN / INT1, INT2, INT4, INT8   | integer digits    |
 * | decimal, numeric (any precision) | as is (today: CAST to varchar > 15)   | DECIMALN / NUMERICN             | exact, `scale` decimals |
 * | money, smallmoney                | as is (today: CAST via decimal(19,4)) | MONEYN / MONEY, MONEY4          | exact, 4 decimals |
 * | real, float                      | as is                                 | FLTN / FLT4, FLT8               | shortest round trip |
 * | date, time, datetime2, datetimeoffset | as is                            | DATEN, TIMEN, DATETIME2N, DATETIMEOFFSETN | 7th-digit rounding, UTC |
 * | datetime, smalldatetime          | as is                                 | DATETIMN / DATETIME, DATETIM4   | tedious's 1/300 s ms |
 * | char, varchar, sysname's kin     | as is                                 | BIGCHAR, BIGVARCHR (PLP if max) | code page → UTF-8 |
 * | nchar, nvarchar, sysname         | as is                                 | NCHAR, NVARCHAR (PLP if max)    | UTF-16LE → UTF-8  |
 * | text                             | CAST(x AS varchar(max))               | BIGVARCHR PLP                   | code page → UTF-8 |
 * | ntext                            | CAST(x AS nvarchar(max))              | NVARCHAR PLP                    | UTF-16LE → UTF-8  |
 * | xml                              | CAST(x AS nvarchar(max))              | NVARCHAR PLP                    | UTF-16LE → UTF-8  |
 * | binary, varbinary                | as is                                 | BIGBINARY, BIGVARBIN (PLP if max) | `\\x` hex       |
 * | image                            | CAST(x AS varbinary(max))             | BIGVARBIN PLP                   | `\\x` hex         |
 * | timestamp, rowversion            | CAST(x AS binary(8))                  | BIGBINARY                       | `\\x` hex         |
 * | uniqueidentifier                 | as is                                 | GUID                            | mixed-endian, lower case |
 * | sql_variant                      | not read (today's path: value + base type, as jsonb) | | |
 * | hierarchyid, CLR user types      | x.ToString()                          | NVARCHAR                        | UTF-16LE → UTF-8  |
 * | geometry, geography              | EWKT CASE expression (as today)       | NVARCHAR PLP                    | UTF-16LE → UTF-8  |
 *
 * text/ntext/image and xml keep today's CASTs although the decoder also reads their native
 * forms (the recorded responses have them): the CAST keeps one server-side meaning for both
 * paths, which matters when a unit falls back. sql_variant is read as its value plus its base
 * type (src/sqlserver/variant-read.ts), a pair the decoder has no writer for: such a table's
 * units go through today's path.
 */
import type { ColumnModel } from '../../catalog/model.js';
import { isClrUserType, systemTypeName, type SystemTypeName } from '../../catalog/system-types.js';
import { columnRead } from '../column-read.js';

/**
 * `native`: the column as is, its wire bytes decoded exactly. `as-today`: the same SELECT
 * expression as today's path (column-read.ts), so a type whose text is defined by a server-side
 * conversion means the same on both paths, and a change there reaches this path too.
 */
type DecoderRead = 'native' | 'as-today' | 'not-read';

export const DECODER_READS = {
  bit: 'native',
  tinyint: 'native',
  smallint: 'native',
  int: 'native',
  bigint: 'native',
  // Today's path asks for text where a JS number would lose digits; the decoder reads the
  // integer and scale from the wire, which are exact at any precision.
  decimal: 'native',
  numeric: 'native',
  money: 'native',
  smallmoney: 'native',
  real: 'native',
  float: 'native',
  date: 'native',
  time: 'native',
  datetime: 'native',
  smalldatetime: 'native',
  datetime2: 'native',
  datetimeoffset: 'native',
  char: 'native',
  varchar: 'native',
  nchar: 'native',
  nvarchar: 'native',
  sysname: 'native',
  text: 'as-today',
  ntext: 'as-today',
  xml: 'as-today',
  binary: 'native',
  varbinary: 'native',
  image: 'as-today',
  timestamp: 'as-today',
  rowversion: 'as-today',
  uniqueidentifier: 'native',
  // Read as its native value plus a companion item with its base type (variant-read.ts),
  // which the encoder folds into one jsonb value: the decoder has no writer for that pair.
  sql_variant: 'not-read',
  hierarchyid: 'as-today',
  geometry: 'as-today',
  geography: 'as-today',
} satisfies Record<SystemTypeName, DecoderRead>;

/**
 * The decoder path's SELECT-list expression for a column, given its quoted name, or null for a
 * type it has none for (the unit then uses today's path). CLR user types (`schema.Name`) are read
 * as today, through ToString().
 */
export function decoderSelectExpression(tableName: string, column: ColumnModel, quoted: string): string | null {
  const name = systemTypeName(column.type);
  if (name === null && !isClrUserType(column.type)) return null;
  if (name !== null && DECODER_READS[name] === 'native') return quoted;
  if (name !== null && DECODER_READS[name] === 'not-read') return null;
  return columnRead(tableName, column).expression(quoted);
}
