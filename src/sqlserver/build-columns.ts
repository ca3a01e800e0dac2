/**
 * Catalog column rows → ColumnModel: the join of sys.columns with the type, identity, computed
 * and default rows (column-lookups.ts), type resolution (alias, CLR and system types) and the
 * identity/computed/default details. Pure.
 */
import type { ColumnModel } from '../catalog/model.js';
import { Mssql2pgError, UsageError } from '../errors.js';
import type { ColumnRow } from './catalog-rows.js';
import { columnKey, type ColumnLookups } from './column-lookups.js';

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
 *   the type map turns `sysname` into varchar(128) itself. Their schema is never needed, so a
 *   type whose schema the engine does not list (SCHEMA_NAME is NULL) still resolves.
 */
export function resolveColumnType(
  tableName: string,
  row: Pick<ColumnRow, 'user_type_id' | 'system_type_id' | 'column_name'>,
  lookups: Pick<ColumnLookups, 'typeById'>,
): ResolvedColumnType {
  const declared = lookups.typeById.get(row.user_type_id);
  if (!declared) {
    throw new Mssql2pgError(
      `The catalog returned no sys.types row for type id ${row.user_type_id} of column ` +
        `${tableName}.${row.column_name} (query types)`,
    );
  }
  if (!declared.is_user_defined) return { type: declared.type_name.toLowerCase(), aliasType: null };
  const qualified = `${declared.type_schema ?? '(unknown schema)'}.${declared.type_name}`;
  if (declared.is_assembly_type) return { type: qualified, aliasType: null };
  const base = lookups.typeById.get(row.system_type_id);
  if (!base) throw new UsageError(`Alias type ${qualified} has no base system type in sys.types`);
  return { type: base.type_name.toLowerCase(), aliasType: qualified };
}

export function toColumnModel(tableName: string, row: ColumnRow, lookups: ColumnLookups): ColumnModel {
  const { type, aliasType } = resolveColumnType(tableName, row, lookups);
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
    identity: toIdentity(tableName, row, lookups),
    computed: toComputed(tableName, row, lookups),
    // A default the login cannot see (no VIEW DEFINITION) is left out, as it always was.
    defaultDefinition:
      row.default_object_id !== 0 ? (lookups.defaultById.get(row.default_object_id)?.definition ?? null) : null,
  };
}

function toIdentity(tableName: string, row: ColumnRow, lookups: ColumnLookups): ColumnModel['identity'] {
  if (!row.is_identity) return null;
  const identity = lookups.identityByColumn.get(columnKey(row.object_id, row.column_id));
  // Without seed and increment the target sequence would start at 1 and collide with the
  // copied keys: refuse rather than guess.
  if (!identity || identity.identity_seed === null || identity.identity_increment === null) {
    throw new UsageError(
      `Column ${tableName}.${row.column_name} is an identity column but IDENT_SEED/IDENT_INCR returned ` +
        `no value for its table: GRANT VIEW DEFINITION to the migration login`,
    );
  }
  return { seed: identity.identity_seed, increment: identity.identity_increment };
}

function toComputed(tableName: string, row: ColumnRow, lookups: ColumnLookups): ColumnModel['computed'] {
  if (!row.is_computed) return null;
  const computed = lookups.computedByColumn.get(columnKey(row.object_id, row.column_id));
  // The definition is NULL (or the row missing) when the login lacks VIEW DEFINITION: moving
  // on would silently turn a computed column into a plain one.
  if (!computed || computed.definition === null) {
    throw new UsageError(
      `Column ${tableName}.${row.column_name} is computed but its definition is not visible: ` +
        `GRANT VIEW DEFINITION to the migration login`,
    );
  }
  return { definition: computed.definition, persisted: computed.is_persisted };
}
