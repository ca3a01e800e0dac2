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
 * | sql_variant                      | CAST(x AS nvarchar(max))              | NVARCHAR PLP                    | UTF-16LE → UTF-8  |
 * | hierarchyid, CLR user types      | x.ToString()                          | NVARCHAR                        | UTF-16LE → UTF-8  |
 * | geometry, geography              | EWKT CASE expression (as today)       | NVARCHAR PLP                    | UTF-16LE → UTF-8  |
 *
 * text/ntext/image and xml keep today's CASTs although the decoder also reads their native
 * forms (the recorded responses have them): the CAST keeps one server-side meaning for both
 * paths, which matters when a unit falls back. sql_variant's text form is defined by the
 * server's conversion, so it cannot be read natively with the same result.
 */
import type { ColumnModel } from '../../catalog/model.js';

const AS_IS = (quoted: string): string => quoted;
const cast = (target: string) => (quoted: string): string => `CAST(${quoted} AS ${target})`;
const toString = (quoted: string): string => `${quoted}.ToString()`;
/** Today's EWKT expression for spatial values (src/sqlserver/column-read.ts says why). */
const spatialText = (quoted: string): string =>
  `CASE WHEN ${quoted} IS NULL THEN NULL ELSE 'SRID=' + CAST(${quoted}.STSrid AS varchar(12)) + ';' + ${quoted}.AsTextZM() END`;

export const DECODER_READS: Readonly<Record<string, (quoted: string) => string>> = {
  bit: AS_IS,
  tinyint: AS_IS,
  smallint: AS_IS,
  int: AS_IS,
  bigint: AS_IS,
  decimal: AS_IS,
  numeric: AS_IS,
  money: AS_IS,
  smallmoney: AS_IS,
  real: AS_IS,
  float: AS_IS,
  date: AS_IS,
  time: AS_IS,
  datetime: AS_IS,
  smalldatetime: AS_IS,
  datetime2: AS_IS,
  datetimeoffset: AS_IS,
  char: AS_IS,
  varchar: AS_IS,
  nchar: AS_IS,
  nvarchar: AS_IS,
  sysname: AS_IS,
  text: cast('varchar(max)'),
  ntext: cast('nvarchar(max)'),
  xml: cast('nvarchar(max)'),
  binary: AS_IS,
  varbinary: AS_IS,
  image: cast('varbinary(max)'),
  timestamp: cast('binary(8)'),
  rowversion: cast('binary(8)'),
  uniqueidentifier: AS_IS,
  sql_variant: cast('nvarchar(max)'),
  hierarchyid: toString,
  geometry: spatialText,
  geography: spatialText,
};

/**
 * The decoder path's SELECT-list expression for a column, given its quoted name, or null for a
 * type it has none for (the unit then uses today's path). CLR user types (`schema.Name`, see
 * src/sqlserver/build-columns.ts) are read through ToString(), as today.
 */
export function decoderSelectExpression(column: Pick<ColumnModel, 'type'>, quoted: string): string | null {
  const read = DECODER_READS[column.type] ?? (column.type.includes('.') ? toString : undefined);
  return read ? read(quoted) : null;
}
