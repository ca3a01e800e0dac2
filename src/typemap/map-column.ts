/**
 * Picks the Postgres type of one column: a per-column override wins over a per-type override,
 * which wins over the type map. Overrides are checked with `validatePgTypeName` because they
 * end up inside DDL text.
 */
import { qualifiedName, type ColumnModel, type TableModel } from '../catalog/model.js';
import { isClrUserType } from '../catalog/system-types.js';
import type { TypeOverridesConfig } from '../config/types.js';
import { UnmappedTypeError } from '../errors.js';
import { findTypeMapRow } from './type-map.js';
import { validatePgTypeName } from './validate-pg-type.js';

export interface TypeMappingOptions {
  readonly overrides: TypeOverridesConfig;
  readonly postgis: boolean;
}

export interface ColumnTypeMapping {
  readonly pgType: string;
  readonly origin: 'map' | 'type-override' | 'column-override';
  readonly notes: string[];
}

function lookupCaseInsensitive(record: Readonly<Record<string, string>>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [candidate, value] of Object.entries(record)) {
    if (candidate.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function findTypeOverride(column: ColumnModel, byType: Readonly<Record<string, string>>): string | undefined {
  // An alias type (`dbo.Phone`) is more specific than its base type (`nvarchar`).
  if (column.aliasType !== null) {
    const byAlias = lookupCaseInsensitive(byType, column.aliasType);
    if (byAlias !== undefined) return byAlias;
  }
  return lookupCaseInsensitive(byType, column.type);
}

export function mapColumnType(table: TableModel, column: ColumnModel, options: TypeMappingOptions): ColumnTypeMapping {
  const columnKey = `${qualifiedName(table)}.${column.name}`;
  const columnOverride = lookupCaseInsensitive(options.overrides.byColumn, columnKey);
  if (columnOverride !== undefined) {
    return { pgType: validatePgTypeName(columnOverride), origin: 'column-override', notes: [] };
  }
  const typeOverride = findTypeOverride(column, options.overrides.byType);
  if (typeOverride !== undefined) {
    return { pgType: validatePgTypeName(typeOverride), origin: 'type-override', notes: [] };
  }
  const row = findTypeMapRow(column.type);
  if (row === undefined) {
    // A CLR user type's text means what the type says it means: only the user can name its Postgres type.
    const what = isClrUserType(column.type) ? 'a CLR user type, which has no Postgres type of its own (its value is read as ToString() text)' : 'which mssql2pg cannot map';
    throw new UnmappedTypeError(
      `Column ${columnKey} has SQL Server type "${column.type}", ${what}. ` +
        `Add a type override, e.g. in config: "typeOverrides": {"columns": {"${columnKey}": "text"}} ` +
        `or --type-override ${columnKey}=text`,
    );
  }
  const mapped = row.map(column, { postgis: options.postgis });
  return { pgType: mapped.pgType, origin: 'map', notes: [...mapped.notes] };
}
