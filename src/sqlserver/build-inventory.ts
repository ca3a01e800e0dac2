/**
 * The inventory rows (inventory-rows.ts) → InventoryFacts, joined by object_id in code and
 * checked for duplicates. Pure; tested with fixture rows of SQL Server's exact shape.
 */
import type { InventoryFacts, UserTypeFacts } from '../catalog/inventory.js';
import type { DatabaseObjects } from '../catalog/objects.js';
import { uniqueBy } from './column-lookups.js';
import type { InventoryRows } from './inventory-rows.js';

/** The schemas every database has: not the user's. */
const SYSTEM_SCHEMAS = new Set([
  'sys', 'INFORMATION_SCHEMA', 'guest', 'db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin', 'db_backupoperator',
  'db_datareader', 'db_datawriter', 'db_denydatareader', 'db_denydatawriter',
]);

const CONSEQUENCES: Readonly<Record<string, string>> = {
  'sys.databases': 'the database collation and CDC setting are not known',
  'sys.change_tracking_databases': 'whether Change Tracking is enabled is not known',
  'sys.change_tracking_tables': 'which tables Change Tracking follows is not known',
  'sys.tables': 'temporal, memory-optimized, FILESTREAM, FileTable and external tables are not listed',
  'sys.columns': 'sparse, masked, encrypted, FILESTREAM and period columns and bound defaults are not listed',
  'sys.objects': 'bound defaults and rules are not listed',
  'sys.indexes': 'columnstore, XML, spatial and hash indexes are not listed',
  'sys.fulltext_indexes': 'full-text indexes are not listed',
  'sys.partition_functions': 'partition functions are not listed',
  'sys.partition_schemes': 'partition schemes and partitioned tables are not listed',
  'sys.types': 'user-defined types are not listed',
  'sys.assemblies': 'CLR assemblies are not listed',
  'sys.partitions': 'table sizes are not known',
  'sys.allocation_units': 'table sizes are not known',
};

export function buildInventory(rows: InventoryRows): InventoryFacts {
  const db = rows.database?.[0];
  const changeTrackingIds = new Set((rows.changeTrackingTables ?? []).map((r) => r.object_id));
  const tables = rows.tables ?? [];
  uniqueBy(tables, (r) => r.object_id, (r, n) => `The catalog returned ${n} rows for table ${r.schema_name}.${r.table_name} in sys.tables (query tableFeatures)`);
  const columns = rows.columns ?? [];
  uniqueBy(columns, (r) => `${r.object_id}:${r.column_id}`, (r, n) => `The catalog returned ${n} rows for column ${r.column_id} of object ${r.object_id} in sys.columns (query columnFeatures)`);
  const indexes = (rows.indexes ?? []).filter((r) => !r.is_hypothetical);
  uniqueBy(indexes, (r) => `${r.object_id}:${r.index_id}`, (r, n) => `The catalog returned ${n} rows for index ${r.index_id} of object ${r.object_id} in sys.indexes (query allIndexes)`);
  return {
    database: {
      name: db?.database_name ?? '',
      collation: db?.collation_name ?? null,
      compatibilityLevel: db?.compatibility_level ?? null,
      cdcEnabled: db?.is_cdc_enabled ?? null,
      changeTracking: rows.changeTrackingDatabase === null ? null : rows.changeTrackingDatabase.length > 0,
    },
    schemas: (rows.schemas ?? []).map((s) => s.schema_name).filter((s) => !SYSTEM_SCHEMAS.has(s)),
    tables: tables.map((t) => ({
      objectId: t.object_id,
      schema: t.schema_name,
      name: t.table_name,
      temporalType: t.temporal_type,
      historyTableId: t.history_table_id,
      memoryOptimized: t.is_memory_optimized,
      durability: t.is_memory_optimized ? t.durability_desc : null,
      filestream: t.filestream_data_space_id !== null,
      fileTable: t.is_filetable,
      external: t.is_external,
      cdc: t.is_tracked_by_cdc,
      changeTracking: changeTrackingIds.has(t.object_id),
    })),
    columns: columns.map((c) => ({
      objectId: c.object_id,
      columnId: c.column_id,
      name: c.column_name,
      sparse: c.is_sparse,
      columnSet: c.is_column_set,
      filestream: c.is_filestream,
      rowGuid: c.is_rowguidcol,
      masked: c.is_masked,
      encrypted: c.encryption_type !== null,
      generatedAlways: c.generated_always_type !== 0,
      defaultObjectId: c.default_object_id,
      ruleObjectId: c.rule_object_id,
    })),
    indexes: indexes.map((i) => ({
      objectId: i.object_id,
      indexId: i.index_id,
      name: i.index_name,
      type: i.index_type,
      unique: i.is_unique,
      primaryKey: i.is_primary_key,
      uniqueConstraint: i.is_unique_constraint,
      disabled: i.is_disabled,
      filtered: i.has_filter,
      dataSpaceId: i.data_space_id,
    })),
    fullTextIndexes: (rows.fullTextIndexes ?? []).map((r) => r.object_id),
    partitionFunctions: (rows.partitionFunctions ?? []).map((f) => ({ name: f.function_name, functionId: f.function_id, type: f.type_desc })),
    partitionSchemes: (rows.partitionSchemes ?? []).map((s) => ({ name: s.scheme_name, dataSpaceId: s.data_space_id, functionId: s.function_id })),
    userTypes: (rows.userTypes ?? []).map((t): UserTypeFacts => ({
      schema: t.type_schema ?? '(unknown schema)',
      name: t.type_name,
      kind: t.is_table_type ? 'table' : t.is_assembly_type ? 'clr' : 'alias',
      base: t.is_table_type || t.is_assembly_type ? null : baseTypeText(t.base_type_name, t.max_length, t.precision, t.scale),
    })),
    assemblies: (rows.assemblies ?? []).map((a) => ({ name: a.assembly_name, permissionSet: a.permission_set_desc })),
    usedPages: usedPagesByTable(rows),
    boundObjects: new Map((rows.boundObjects ?? []).map((o) => [o.object_id, { name: `${o.schema_name}.${o.object_name}`, type: o.type.trim() === 'R' ? 'rule' : 'default' }])),
    unavailable: rows.failures.map((f) => ({ view: f.view, consequence: CONSEQUENCES[f.view] ?? 'not read', error: f.error })),
  };
}

/** A view with a clustered index in sys.indexes is an indexed (materialized) view. */
export function markIndexedViews(objects: DatabaseObjects, facts: InventoryFacts): DatabaseObjects {
  const clustered = new Set(facts.indexes.filter((i) => i.type === 1).map((i) => i.objectId));
  return { ...objects, views: objects.views.map((v) => (clustered.has(v.objectId) ? { ...v, indexed: true } : v)) };
}

/** `nvarchar(20)`, `decimal(19,4)`, `int`: an alias type's base as CREATE TYPE wrote it. */
function baseTypeText(base: string | null, maxLength: number, precision: number, scale: number): string | null {
  if (base === null) return null;
  const b = base.toLowerCase();
  if (/^(n?(var)?char|(var)?binary)$/.test(b)) {
    if (maxLength === -1) return `${b}(max)`;
    return `${b}(${b.startsWith('n') ? maxLength / 2 : maxLength})`;
  }
  if (b === 'decimal' || b === 'numeric') return `${b}(${precision},${scale})`;
  return b;
}

/**
 * Used pages per table: each allocation unit belongs to a partition through its container
 * (the hobt_id for in-row and row-overflow data, the partition_id for LOB data).
 */
function usedPagesByTable(rows: InventoryRows): Map<number, number> {
  const byContainer = new Map<string, number>();
  for (const p of rows.partitions ?? []) {
    byContainer.set(`h${p.hobt_id}`, p.object_id);
    byContainer.set(`p${p.partition_id}`, p.object_id);
  }
  const out = new Map<number, number>();
  for (const au of rows.allocationUnits ?? []) {
    const table = byContainer.get(`${au.unit_type === 2 ? 'p' : 'h'}${au.container_id}`);
    if (table === undefined) continue;
    out.set(table, (out.get(table) ?? 0) + Number(au.used_pages));
  }
  return out;
}
