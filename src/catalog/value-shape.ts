/**
 * The contract between the source reader and the COPY encoder: for each column, the exact JS
 * value shape the reader delivers (after any server-side CONVERT) and that the encoder accepts.
 * NULL always arrives as `null`.
 *
 * The reader chooses the shape from the column's SQL Server type; the encoder never guesses.
 */
export type ValueShape =
  /** bit → JS boolean. */
  | 'boolean'
  /** tinyint, smallint, int → JS number (always a safe integer). */
  | 'integer'
  /** bigint → decimal string (read as CONVERT(varchar(20), col) so it never passes through a JS number). */
  | 'bigint-text'
  /** decimal, numeric, money, smallmoney → exact decimal string, e.g. `-12.3400` (server-side CONVERT). */
  | 'decimal-text'
  /** real, float → JS number (IEEE double; real values widened exactly from float32). */
  | 'float'
  /** char, varchar, nchar, nvarchar, text, ntext, sysname, xml, sql_variant, hierarchyid, spatial WKT → JS string (UTF-16, may hold U+0000 or lone surrogates). */
  | 'text'
  /** binary, varbinary, image, rowversion/timestamp → Node Buffer. */
  | 'binary'
  /** uniqueidentifier → string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case). */
  | 'uuid'
  /** date → `YYYY-MM-DD` (CONVERT style 23). */
  | 'date-text'
  /** datetime, smalldatetime, datetime2 → `YYYY-MM-DDThh:mm:ss[.fffffff]` (CONVERT style 126; up to 7 fractional digits). */
  | 'timestamp-text'
  /** time → `hh:mm:ss[.fffffff]` (up to 7 fractional digits). */
  | 'time-text'
  /** datetimeoffset → `YYYY-MM-DD hh:mm:ss[.fffffff] {+|-}hh:mm` (up to 7 fractional digits). */
  | 'timestamptz-text';
