/**
 * The per-column catalog views (sys.columns, sys.types, identity, computed columns, default
 * constraints) are read in separate flat queries (catalog-queries.ts explains why); this file
 * indexes them for the join in build-columns.ts. Pure.
 *
 * No view is trusted to be unique on its key: Babelfish's sys.identity_columns returned each
 * identity column once per identity column in the database, and a join would have silently
 * doubled every such column. A duplicate key here is a loud error naming the view and the table.
 */
import { Mssql2pgError } from '../errors.js';
import type {
  CatalogRows,
  ColumnRow,
  ComputedColumnRow,
  DefaultConstraintRow,
  IdentityColumnRow,
  TypeRow,
} from './catalog-rows.js';

export interface ColumnLookups {
  readonly typeById: ReadonlyMap<number, TypeRow>;
  /** Keyed by columnKey(object_id, column_id). */
  readonly identityByColumn: ReadonlyMap<string, IdentityColumnRow>;
  readonly computedByColumn: ReadonlyMap<string, ComputedColumnRow>;
  /** Keyed by the default constraint's own object_id (sys.columns.default_object_id). */
  readonly defaultById: ReadonlyMap<number, DefaultConstraintRow>;
}

export function columnKey(objectId: number, columnId: number): string {
  return `${objectId}:${columnId}`;
}

/** Names a table by object_id for error messages (the id itself when the table is unknown). */
export type TableNamer = (objectId: number) => string;

export function buildColumnLookups(rows: CatalogRows, tableName: TableNamer): ColumnLookups {
  assertUniqueColumns(rows.columns, 'sys.columns', 'columns', tableName);
  return {
    typeById: uniqueBy(rows.types, (r) => r.user_type_id, (r, n) =>
      `The catalog returned ${n} rows for type id ${r.user_type_id} (${r.type_name}) in sys.types (query types)`,
    ),
    identityByColumn: uniqueColumnMap(rows.identityColumns, 'IDENT_SEED/IDENT_INCR', 'identityColumns', tableName),
    computedByColumn: uniqueColumnMap(rows.computedColumns, 'sys.computed_columns', 'computedColumns', tableName),
    defaultById: uniqueBy(rows.defaultConstraints, (r) => r.object_id, (r, n) =>
      `The catalog returned ${n} rows for default constraint ${r.object_id} on ${tableName(r.parent_object_id)} ` +
      `in sys.default_constraints (query defaultConstraints)`,
    ),
  };
}

function assertUniqueColumns(rows: readonly ColumnRow[], view: string, query: string, tableName: TableNamer): void {
  uniqueColumnMap(rows, view, query, tableName);
}

function uniqueColumnMap<R extends { readonly object_id: number; readonly column_id: number }>(
  rows: readonly R[],
  view: string,
  query: string,
  tableName: TableNamer,
): Map<string, R> {
  return uniqueBy(rows, (r) => columnKey(r.object_id, r.column_id), (r, n) =>
    `The catalog returned ${n} rows for column_id ${r.column_id} of ${tableName(r.object_id)} in ${view} ` +
    `(query ${query}); each column must appear once. The source engine's catalog is inconsistent: ` +
    `report the engine and version.`,
  );
}

/** Rows by key; a key seen twice is a loud error, worded by `describe`. */
export function uniqueBy<R, K>(rows: readonly R[], keyOf: (r: R) => K, describe: (r: R, count: number) => string): Map<K, R> {
  const map = new Map<K, R>();
  for (const row of rows) {
    const key = keyOf(row);
    if (map.has(key)) {
      const count = rows.filter((r) => keyOf(r) === key).length;
      throw new Mssql2pgError(describe(row, count));
    }
    map.set(key, row);
  }
  return map;
}
