/**
 * Catalog column rows → ColumnModel: type resolution (alias, CLR and system types) and the
 * identity/computed/default details. Pure.
 */
import type { ColumnModel } from '../catalog/model.js';
import { UsageError } from '../errors.js';
import type { ColumnRow } from './catalog-rows.js';

export interface ResolvedColumnType {
  readonly type: string;
  readonly aliasType: string | null;
}

/**
 * - Alias types (`CREATE TYPE dbo.Money2 FROM decimal(19,4)`: is_user_defined, not assembly)
 *   resolve to their base system type; sys.columns already holds the effective length,
 *   precision and scale, so nothing else changes.
 * - CLR user types (is_user_defined and is_assembly_type) keep their schema-qualified name,
 *   e.g. `dbo.Point`: no system type name has a dot, so the type map cannot match one by
 *   accident and fails it with a message that names the type.
 * - System types, including the system CLR types hierarchyid/geometry/geography and
 *   `sysname` (a system alias of nvarchar(128), is_user_defined = 0), keep their own name:
 *   the type map turns `sysname` into varchar(128) itself.
 */
export function resolveColumnType(row: ColumnRow): ResolvedColumnType {
  const declared = `${row.declared_type_schema}.${row.declared_type_name}`;
  if (!row.is_user_defined) return { type: row.declared_type_name.toLowerCase(), aliasType: null };
  if (row.is_assembly_type) return { type: declared, aliasType: null };
  if (row.base_type_name === null) {
    throw new UsageError(`Alias type ${declared} has no base system type in sys.types`);
  }
  return { type: row.base_type_name.toLowerCase(), aliasType: declared };
}

export function toColumnModel(tableName: string, row: ColumnRow): ColumnModel {
  const { type, aliasType } = resolveColumnType(row);
  return {
    name: row.column_name,
    columnId: row.column_id,
    type,
    aliasType,
    maxLength: row.max_length,
    precision: row.precision,
    scale: row.scale,
    nullable: row.is_nullable,
    collation: row.collation_name,
    identity: toIdentity(row),
    computed: toComputed(tableName, row),
    defaultDefinition: row.default_definition,
  };
}

function toIdentity(row: ColumnRow): ColumnModel['identity'] {
  if (row.identity_seed === null || row.identity_increment === null) return null;
  return { seed: row.identity_seed, increment: row.identity_increment };
}

function toComputed(tableName: string, row: ColumnRow): ColumnModel['computed'] {
  if (!row.is_computed) return null;
  // sys.computed_columns.definition is NULL when the login lacks VIEW DEFINITION: moving on
  // would silently turn a computed column into a plain one.
  if (row.computed_definition === null) {
    throw new UsageError(
      `Column ${tableName}.${row.column_name} is computed but its definition is not visible: ` +
        `GRANT VIEW DEFINITION to the migration login`,
    );
  }
  return { definition: row.computed_definition, persisted: row.is_persisted === true };
}
