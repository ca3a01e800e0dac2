/**
 * How stage 2 reads a sql_variant column: the value itself, which tedious decodes by its base
 * type (TDS sends a variant with its base type and that type's own encoding, MS-TDS 2.2.5.5.4),
 * plus one companion SELECT-list item with the base type's name and, for the base types
 * tedious cannot hand over exactly, the server's exact text.
 *
 * Why not `CAST(v AS nvarchar(max))`: that prints the value in its base type's default style,
 * which loses data (float and real keep 6 significant digits, datetime drops seconds, money keeps
 * 2 decimals, varbinary bytes are reinterpreted as characters). And why not a server-side text
 * for every base type: an exact float text needs CONVERT style 3, and binary needs a hex style,
 * both of which compatible engines do not render like SQL Server (Babelfish pads style 3 with
 * spaces). Natively, tedious's values are exact for the integers, bit, float and real, the
 * strings (decoded with their collation's code page), binary, uniqueidentifier, date, time,
 * datetime, smalldatetime and datetime2. It is not for decimal/numeric and money/smallmoney
 * (a double) nor for datetimeoffset (it drops the offset): those come from the companion, by
 * CASTs whose default style is exact (decimal prints every digit of its scale; money goes
 * through decimal(19,4), as its own default style rounds to 2 decimals; datetimeoffset prints
 * `YYYY-MM-DD hh:mm:ss[.nnnnnnn] {+|-}hh:mm`).
 */
import type { VariantValue } from '../catalog/value-shape.js';
import { Mssql2pgError } from '../errors.js';

/** Base types whose value is the companion's text rather than tedious's own value. */
const FROM_TEXT: ReadonlySet<string> = new Set(['decimal', 'numeric', 'money', 'smallmoney', 'datetimeoffset']);

/**
 * `<base type>:<exact text or empty>`, NULL for a NULL variant. The base type's name never holds
 * a colon, so the first one separates the two.
 */
export function variantCompanionExpression(quoted: string): string {
  const baseType = `CAST(SQL_VARIANT_PROPERTY(${quoted}, 'BaseType') AS varchar(32))`;
  return (
    `${baseType} + ':' + CASE ${baseType}` +
    ` WHEN 'decimal' THEN CAST(${quoted} AS varchar(50))` +
    ` WHEN 'numeric' THEN CAST(${quoted} AS varchar(50))` +
    ` WHEN 'money' THEN CAST(CAST(CAST(${quoted} AS money) AS decimal(19,4)) AS varchar(50))` +
    ` WHEN 'smallmoney' THEN CAST(CAST(CAST(${quoted} AS smallmoney) AS decimal(10,4)) AS varchar(50))` +
    ` WHEN 'datetimeoffset' THEN CAST(${quoted} AS varchar(40))` +
    ` ELSE '' END`
  );
}

/** One variant cell from its native value and its companion; a NULL only when both are. */
export function foldVariant(column: string, native: unknown, companion: unknown): VariantValue | null {
  if (companion === null || companion === undefined) {
    if (native === null || native === undefined) return null;
    throw new Mssql2pgError(`sql_variant column ${column}: SQL Server sent a value but no base type for it`);
  }
  const text = String(companion);
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Mssql2pgError(`sql_variant column ${column}: unexpected base type description ${JSON.stringify(text)}`);
  const baseType = text.slice(0, colon).toLowerCase();
  return { baseType, value: FROM_TEXT.has(baseType) ? text.slice(colon + 1) : native };
}
