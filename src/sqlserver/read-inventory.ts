/**
 * Reads what assess needs beyond the stages' catalog: the inventory queries, then the pure
 * buildInventory. Any failure of one of them is recorded with its consequence (assess prints
 * it under "Not readable on this source engine") rather than stopping the read: these facts
 * only describe, and stage 3, which reads them for its account, must not fail over one.
 */
import type { CatalogModel } from '../catalog/model.js';
import type { InventoryFacts } from '../catalog/inventory.js';
import { buildInventory, markIndexedViews } from './build-inventory.js';
import * as q from './inventory-queries.js';
import type { InventoryRows } from './inventory-rows.js';
import type { CatalogQueryRunner, ReadCatalogOptions } from './read-catalog.js';
import { readCatalogWithObjects, tolerantRunner } from './read-objects.js';

export async function readInventoryFacts(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<InventoryFacts> {
  const t = tolerantRunner(runner, options);
  const rows: InventoryRows = {
    database: await t.run('sys.databases', q.DATABASE_SQL, true),
    changeTrackingDatabase: await t.run('sys.change_tracking_databases', q.CHANGE_TRACKING_DATABASE_SQL, true),
    schemas: await t.run('sys.schemas', q.SCHEMAS_SQL, true),
    tables: await t.run('sys.tables', q.TABLE_FEATURES_SQL, true),
    changeTrackingTables: await t.run('sys.change_tracking_tables', q.CHANGE_TRACKING_TABLES_SQL, true),
    columns: await t.run('sys.columns', q.COLUMN_FEATURES_SQL, true),
    boundObjects: await t.run('sys.objects', q.BOUND_OBJECTS_SQL, true),
    indexes: await t.run('sys.indexes', q.ALL_INDEXES_SQL, true),
    fullTextIndexes: await t.run('sys.fulltext_indexes', q.FULLTEXT_INDEXES_SQL, true),
    partitionFunctions: await t.run('sys.partition_functions', q.PARTITION_FUNCTIONS_SQL, true),
    partitionSchemes: await t.run('sys.partition_schemes', q.PARTITION_SCHEMES_SQL, true),
    userTypes: await t.run('sys.types', q.USER_TYPES_SQL, true),
    assemblies: await t.run('sys.assemblies', q.ASSEMBLIES_SQL, true),
    partitions: await t.run('sys.partitions', q.ALL_PARTITIONS_SQL, true),
    allocationUnits: await t.run('sys.allocation_units', q.ALLOCATION_UNITS_SQL, true),
    failures: t.failures,
  };
  return buildInventory(rows);
}

/** Everything: the stages' catalog, the objects beyond tables, and the inventory facts. */
export async function readFullInventory(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<CatalogModel> {
  const catalog = await readCatalogWithObjects(runner, options);
  const inventory = await readInventoryFacts(runner, options);
  return { ...catalog, objects: catalog.objects && markIndexedViews(catalog.objects, inventory), inventory };
}
