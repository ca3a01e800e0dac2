/**
 * Reads what assess needs beyond the stages' catalog: the inventory queries, each tolerated
 * when the engine lacks its view (recorded with its consequence), then the pure buildInventory.
 */
import type { CatalogModel } from '../catalog/model.js';
import type { InventoryFacts } from '../catalog/inventory.js';
import { buildInventory } from './build-inventory.js';
import * as q from './inventory-queries.js';
import type { InventoryRows } from './inventory-rows.js';
import type { CatalogQueryRunner, ReadCatalogOptions } from './read-catalog.js';
import { readCatalogWithObjects, tolerantRunner } from './read-objects.js';

export async function readInventoryFacts(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<InventoryFacts> {
  const t = tolerantRunner(runner, options);
  const rows: InventoryRows = {
    database: await t.run('sys.databases', q.DATABASE_SQL),
    changeTrackingDatabase: await t.run('sys.change_tracking_databases', q.CHANGE_TRACKING_DATABASE_SQL),
    schemas: await t.run('sys.schemas', q.SCHEMAS_SQL),
    tables: await t.run('sys.tables', q.TABLE_FEATURES_SQL),
    changeTrackingTables: await t.run('sys.change_tracking_tables', q.CHANGE_TRACKING_TABLES_SQL),
    columns: await t.run('sys.columns', q.COLUMN_FEATURES_SQL),
    boundObjects: await t.run('sys.objects', q.BOUND_OBJECTS_SQL),
    indexes: await t.run('sys.indexes', q.ALL_INDEXES_SQL),
    fullTextIndexes: await t.run('sys.fulltext_indexes', q.FULLTEXT_INDEXES_SQL),
    partitionFunctions: await t.run('sys.partition_functions', q.PARTITION_FUNCTIONS_SQL),
    partitionSchemes: await t.run('sys.partition_schemes', q.PARTITION_SCHEMES_SQL),
    userTypes: await t.run('sys.types', q.USER_TYPES_SQL),
    assemblies: await t.run('sys.assemblies', q.ASSEMBLIES_SQL),
    partitions: await t.run('sys.partitions', q.ALL_PARTITIONS_SQL),
    allocationUnits: await t.run('sys.allocation_units', q.ALLOCATION_UNITS_SQL),
    failures: t.failures,
  };
  return buildInventory(rows);
}

/** Everything: the stages' catalog, the objects beyond tables, and the inventory facts. */
export async function readFullInventory(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<CatalogModel> {
  const catalog = await readCatalogWithObjects(runner, options);
  return { ...catalog, inventory: await readInventoryFacts(runner, options) };
}
