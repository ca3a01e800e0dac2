/**
 * Catalog index/foreign-key/check rows of ONE table → the key, index and constraint parts of
 * its TableModel. Pure; rows may arrive in any order (everything is sorted here). Column names
 * come from the table's COLUMNS rows (the queries read column_ids, no join on sys.columns).
 */
import type {
  CheckConstraintModel,
  ForeignKeyModel,
  IndexModel,
  KeyConstraintModel,
  ReferentialAction,
} from '../catalog/model.js';
import { Mssql2pgError, UsageError } from '../errors.js';
import type { CheckConstraintRow, ForeignKeyColumnRow, ForeignKeyRow, IndexColumnRow, IndexRow } from './catalog-rows.js';
import { uniqueBy } from './column-lookups.js';

/** sys.indexes.type of a clustered index. */
const CLUSTERED_INDEX_TYPE = 1;

export interface TableKeys {
  readonly primaryKey: KeyConstraintModel | null;
  readonly uniqueConstraints: readonly KeyConstraintModel[];
  readonly indexes: readonly IndexModel[];
  readonly disabledIndexes: readonly IndexModel[];
}

/** Names a column of the table being built by its column_id; throws when the catalog has no such column. */
export type ColumnNamer = (columnId: number, what: string) => string;

/** The table's rowstore indexes with their columns; index columns of other index types are ignored. */
export function buildKeys(tableName: string, indexRows: readonly IndexRow[], columnRows: readonly IndexColumnRow[], columnName: ColumnNamer): TableKeys {
  const byIndex = uniqueBy(indexRows, (r) => r.index_id, (r, n) =>
    `The catalog returned ${n} rows for index ${r.index_name} of ${tableName} in sys.indexes (query indexes)`,
  );
  uniqueBy(columnRows, (r) => `${r.index_id}:${r.index_column_id}`, (r, n) =>
    `The catalog returned ${n} rows for index column ${r.index_column_id} of index ${r.index_id} of ${tableName} in sys.index_columns (query indexColumns)`,
  );
  const columnsOf = groupBy(columnRows, (r) => r.index_id);
  let primaryKey: KeyConstraintModel | null = null;
  const uniqueConstraints: KeyConstraintModel[] = [];
  const indexes: IndexModel[] = [];
  const disabledIndexes: IndexModel[] = [];
  for (const index of byIndex.values()) {
    const rows = columnsOf.get(index.index_id) ?? [];
    const name = (r: IndexColumnRow): string => columnName(r.column_id, `index ${index.index_name}`);
    // Key columns by key_ordinal. A partitioned index also lists its partitioning column
    // with key_ordinal 0 and is_included_column 0: it is neither key nor included, so skip it.
    const keyColumns = rows.filter((r) => !r.is_included_column && r.key_ordinal > 0).sort((a, b) => a.key_ordinal - b.key_ordinal);
    if (keyColumns.length === 0) {
      throw new Mssql2pgError(`The catalog returned no key columns for index ${index.index_name} of ${tableName} (query indexColumns)`);
    }
    const clustered = index.index_type === CLUSTERED_INDEX_TYPE;
    if (index.is_primary_key || index.is_unique_constraint) {
      const key = { name: index.index_name, columns: keyColumns.map(name), clustered };
      if (index.is_primary_key) primaryKey = key;
      else uniqueConstraints.push(key);
      continue;
    }
    // A disabled index is neither maintained nor used by SQL Server: it goes to its own list,
    // which stage 3 reports (the policy is stage 3's, not the catalog reader's).
    (index.is_disabled ? disabledIndexes : indexes).push({
      name: index.index_name,
      unique: index.is_unique,
      clustered,
      keyColumns: keyColumns.map((r) => ({ name: name(r), descending: r.is_descending_key })),
      includedColumns: rows
        .filter((r) => r.is_included_column)
        .sort((a, b) => a.index_column_id - b.index_column_id)
        .map(name),
      filter: index.filter_definition,
    });
  }
  return { primaryKey, uniqueConstraints: uniqueConstraints.sort(byName), indexes: indexes.sort(byName), disabledIndexes: disabledIndexes.sort(byName) };
}

export function buildForeignKeys(
  tableName: string,
  keyRows: readonly ForeignKeyRow[],
  columnRows: readonly ForeignKeyColumnRow[],
  columnName: ColumnNamer,
): ForeignKeyModel[] {
  uniqueBy(keyRows, (r) => r.object_id, (r, n) =>
    `The catalog returned ${n} rows for foreign key ${r.constraint_name} of ${tableName} in sys.foreign_keys (query foreignKeys)`,
  );
  uniqueBy(columnRows, (r) => `${r.constraint_object_id}:${r.constraint_column_id}`, (r, n) =>
    `The catalog returned ${n} rows for column ${r.constraint_column_id} of foreign key ${r.constraint_object_id} of ${tableName} in sys.foreign_key_columns (query foreignKeyColumns)`,
  );
  const columnsOf = groupBy(columnRows, (r) => r.constraint_object_id);
  return keyRows
    .map((fk): ForeignKeyModel => {
      const pairs = [...(columnsOf.get(fk.object_id) ?? [])].sort((a, b) => a.constraint_column_id - b.constraint_column_id);
      const referencedColumns = pairs.map((r) => r.referenced_column_name);
      // NULL names or no column pairs: the login cannot see the referenced table, and a key
      // without its columns cannot be recreated. Refuse rather than drop it silently.
      if (pairs.length === 0 || fk.referenced_schema === null || fk.referenced_table === null || referencedColumns.includes(null)) {
        throw new UsageError(
          `Foreign key ${fk.constraint_name} on ${tableName} references a table or columns the catalog does not show: ` +
            `GRANT VIEW DEFINITION on the referenced table to the migration login`,
        );
      }
      return {
        name: fk.constraint_name,
        columns: pairs.map((r) => columnName(r.parent_column_id, `foreign key ${fk.constraint_name}`)),
        referencedSchema: fk.referenced_schema,
        referencedTable: fk.referenced_table,
        referencedColumns: referencedColumns as string[],
        onDelete: toReferentialAction(fk.delete_action, fk.constraint_name),
        onUpdate: toReferentialAction(fk.update_action, fk.constraint_name),
        disabled: fk.is_disabled,
        notTrusted: fk.is_not_trusted,
      };
    })
    .sort(byName);
}

export function buildCheckConstraints(tableName: string, rows: readonly CheckConstraintRow[]): CheckConstraintModel[] {
  return rows
    .map((r) => {
      // NULL without VIEW DEFINITION: dropping the check silently would weaken the target.
      if (r.definition === null) {
        throw new UsageError(
          `Check constraint ${r.constraint_name} on ${tableName} is not visible: ` +
            `GRANT VIEW DEFINITION to the migration login`,
        );
      }
      return { name: r.constraint_name, definition: r.definition, disabled: r.is_disabled, notTrusted: r.is_not_trusted };
    })
    .sort(byName);
}

/** sys.foreign_keys.*_referential_action_desc uses underscores: `SET_NULL` → `SET NULL`. */
export function toReferentialAction(desc: string, constraintName: string): ReferentialAction {
  switch (desc) {
    case 'NO_ACTION':
      return 'NO ACTION';
    case 'CASCADE':
      return 'CASCADE';
    case 'SET_NULL':
      return 'SET NULL';
    case 'SET_DEFAULT':
      return 'SET DEFAULT';
    default:
      throw new Mssql2pgError(`Foreign key ${constraintName} has an unknown referential action ${desc}`);
  }
}

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Ordinal (code unit) order: deterministic whatever the machine's locale. */
function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
