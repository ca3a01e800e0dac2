/**
 * A value Postgres cannot take (U+0000, a lone surrogate, a shape the encoder refuses) names the
 * table, the column and the row by its primary key, and says what to do: the error text is all a
 * user sees in the summary and the progress file.
 */
import { qualifiedName, type TableModel } from '../catalog/model.js';
import type { CopyValueError } from '../copy/index.js';
import { TableError } from '../errors.js';

/** What fixes a value problem in stage 2: the flag that makes Postgres able to store it. */
const DATA_HINTS: Readonly<Record<string, string>> = {
  'nul-character': ' Clean the value in SQL Server, or run again with --strip-nul or --replace-nul <char>.',
  'lone-surrogate': ' Clean the value in SQL Server, or run again with --replace-bad-unicode (writes U+FFFD).',
};

/** verify must encode the source as stage 2 did: it needs the text flags stage 2 ran with. */
const VERIFY_HINT = ' Run verify with the --strip-nul, --replace-nul or --replace-bad-unicode flags that sync data ran with.';

export function describeValueError(err: CopyValueError, table: TableModel, stage: 'data' | 'verify'): TableError {
  const hint = stage === 'verify' ? VERIFY_HINT : (DATA_HINTS[err.problem] ?? '');
  return new TableError(qualifiedName(table), stage, `${describeFailingRow(table, err)}, ${err.message}.${hint}`, { cause: err });
}

/**
 * The row by its key; by its position in the unit when the key is not known. The TDS decoder
 * holds no JS values: it reads back only the columns before the failing one, so a key column
 * that comes after it is undefined.
 */
function describeFailingRow(table: TableModel, err: CopyValueError): string {
  const pk = table.primaryKey?.columns ?? [];
  const unknown = pk.some((name) => err.row[table.columns.findIndex((c) => c.name === name)] === undefined);
  if (pk.length > 0 && unknown) return `row ${err.rowIndex + 1} of the unit (its key columns come after the failing column)`;
  return describeRowKey(table, err.row);
}

/** Names the row by its primary-key value (or says the table has none). */
export function describeRowKey(table: TableModel, row: readonly unknown[]): string {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length === 0) return 'row (table has no primary key)';
  const parts = pk.map((name) => {
    const index = table.columns.findIndex((c) => c.name === name);
    const value = index >= 0 ? row[index] : undefined;
    return `${name}=${describeKeyValue(value)}`;
  });
  return `row with ${parts.join(', ')}`;
}

/** Binary keys as 0x hex, date/time keys (read natively as Dates) as ISO text, the rest as text. */
function describeKeyValue(value: unknown): string {
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return String(value);
}
