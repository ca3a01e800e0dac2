// A CatalogQueryRunner that answers every catalog, object and inventory query with the fixture
// rows of test/fixtures/catalog/ (SQL Server's exact row shapes): the readers run exactly as
// against a server, only the rows come from the fixtures. An unknown query fails loudly.
import { CATALOG_QUERIES } from '../../src/sqlserver/catalog-queries.js';
import type { CatalogRows } from '../../src/sqlserver/catalog-rows.js';
import * as inventoryQueries from '../../src/sqlserver/inventory-queries.js';
import type { InventoryRows } from '../../src/sqlserver/inventory-rows.js';
import * as objectQueries from '../../src/sqlserver/object-queries.js';
import type { ObjectRows } from '../../src/sqlserver/object-rows.js';
import type { CatalogQueryRunner } from '../../src/sqlserver/read-catalog.js';

const INVENTORY_KEYS: Readonly<Record<string, keyof InventoryRows>> = {
  DATABASE_SQL: 'database', CHANGE_TRACKING_DATABASE_SQL: 'changeTrackingDatabase', SCHEMAS_SQL: 'schemas', TABLE_FEATURES_SQL: 'tables',
  CHANGE_TRACKING_TABLES_SQL: 'changeTrackingTables', COLUMN_FEATURES_SQL: 'columns', BOUND_OBJECTS_SQL: 'boundObjects', ALL_INDEXES_SQL: 'indexes',
  FULLTEXT_INDEXES_SQL: 'fullTextIndexes', PARTITION_FUNCTIONS_SQL: 'partitionFunctions', PARTITION_SCHEMES_SQL: 'partitionSchemes',
  USER_TYPES_SQL: 'userTypes', ASSEMBLIES_SQL: 'assemblies', ALL_PARTITIONS_SQL: 'partitions', ALLOCATION_UNITS_SQL: 'allocationUnits',
};

const OBJECT_KEYS: Readonly<Record<string, keyof ObjectRows>> = {
  VIEWS_SQL: 'views', OBJECT_COLUMNS_SQL: 'objectColumns', SQL_MODULES_SQL: 'modules', DEPENDENCIES_SQL: 'dependencies',
  PROCEDURES_SQL: 'procedures', FUNCTIONS_SQL: 'functions', TRIGGERS_SQL: 'triggers', SYNONYMS_SQL: 'synonyms',
};

export function fixtureCatalogRunner(catalog: CatalogRows, objects: ObjectRows, inventory: InventoryRows): CatalogQueryRunner & { readonly sent: string[] } {
  const answers = new Map<string, readonly unknown[]>();
  for (const key of Object.keys(CATALOG_QUERIES) as (keyof CatalogRows)[]) answers.set(CATALOG_QUERIES[key], catalog[key]);
  for (const [name, key] of Object.entries(OBJECT_KEYS)) answers.set((objectQueries as Record<string, string>)[name]!, (objects[key] as readonly unknown[] | null) ?? []);
  const sequences = objects.sequences;
  answers.set(objectQueries.SEQUENCES_SQL, sequences !== null && 'rows' in sequences ? sequences.rows : []);
  for (const [name, key] of Object.entries(INVENTORY_KEYS)) answers.set((inventoryQueries as Record<string, string>)[name]!, (inventory[key] as readonly unknown[] | null) ?? []);
  const sent: string[] = [];
  return {
    sent,
    async query<T>(sql: string): Promise<T[]> {
      sent.push(sql);
      const rows = answers.get(sql);
      if (rows === undefined) throw new Error(`unexpected SQL: ${sql.slice(0, 200)}`);
      return [...rows] as T[];
    },
  };
}
