/**
 * Catalog index/foreign-key/check rows of ONE table → the key, index and constraint parts of
 * its TableModel. Pure; rows may arrive in any order (everything is sorted here).
 */
import type {
  CheckConstraintModel,
  ForeignKeyModel,
  IndexModel,
  KeyConstraintModel,
  ReferentialAction,
} from '../catalog/model.js';
import { Mssql2pgError, UsageError } from '../errors.js';
import type { CheckConstraintRow, ForeignKeyColumnRow, IndexColumnRow } from './catalog-rows.js';

/** sys.indexes.type of a clustered index. */
const CLUSTERED_INDEX_TYPE = 1;

export interface TableKeys {
  readonly primaryKey: KeyConstraintModel | null;
  readonly uniqueConstraints: readonly KeyConstraintModel[];
  readonly indexes: readonly IndexModel[];
}

export function buildKeys(rows: readonly IndexColumnRow[]): TableKeys {
  let primaryKey: KeyConstraintModel | null = null;
  const uniqueConstraints: KeyConstraintModel[] = [];
  const indexes: IndexModel[] = [];
  for (const indexRows of groupBy(rows, (r) => r.index_id).values()) {
    const first = indexRows[0]!;
    // Key columns by key_ordinal. A partitioned index also lists its partitioning column
    // with key_ordinal 0 and is_included_column 0: it is neither key nor included, so skip it.
    const keyColumns = indexRows
      .filter((r) => !r.is_included_column && r.key_ordinal > 0)
      .sort((a, b) => a.key_ordinal - b.key_ordinal);
    const clustered = first.index_type === CLUSTERED_INDEX_TYPE;
    if (first.is_primary_key || first.is_unique_constraint) {
      const key = { name: first.index_name, columns: keyColumns.map((r) => r.column_name), clustered };
      if (first.is_primary_key) primaryKey = key;
      else uniqueConstraints.push(key);
      continue;
    }
    // A disabled index is neither maintained nor used by SQL Server: recreating it would give
    // the target an index the source does not really have.
    if (first.is_disabled) continue;
    indexes.push({
      name: first.index_name,
      unique: first.is_unique,
      clustered,
      keyColumns: keyColumns.map((r) => ({ name: r.column_name, descending: r.is_descending_key })),
      includedColumns: indexRows
        .filter((r) => r.is_included_column)
        .sort((a, b) => a.index_column_id - b.index_column_id)
        .map((r) => r.column_name),
      filter: first.filter_definition,
    });
  }
  return { primaryKey, uniqueConstraints: uniqueConstraints.sort(byName), indexes: indexes.sort(byName) };
}

export function buildForeignKeys(rows: readonly ForeignKeyColumnRow[]): ForeignKeyModel[] {
  const foreignKeys: ForeignKeyModel[] = [];
  for (const fkRows of groupBy(rows, (r) => r.constraint_object_id).values()) {
    const ordered = [...fkRows].sort((a, b) => a.constraint_column_id - b.constraint_column_id);
    const first = ordered[0]!;
    foreignKeys.push({
      name: first.constraint_name,
      columns: ordered.map((r) => r.column_name),
      referencedSchema: first.referenced_schema,
      referencedTable: first.referenced_table,
      referencedColumns: ordered.map((r) => r.referenced_column_name),
      onDelete: toReferentialAction(first.delete_action, first.constraint_name),
      onUpdate: toReferentialAction(first.update_action, first.constraint_name),
      disabled: first.is_disabled,
      notTrusted: first.is_not_trusted,
    });
  }
  return foreignKeys.sort(byName);
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
