/**
 * The pure half of catalog introspection: the unjoined rows of the catalog queries → the
 * CatalogModel both stages read. Rows are joined by object_id here rather than in SQL so that
 * each query stays flat (one row per column / index column / FK column) and this join can be
 * tested with fixture rows, without a SQL Server.
 */
import { qualifiedName, type CatalogModel, type TableModel } from '../catalog/model.js';
import { Mssql2pgError } from '../errors.js';
import type { CatalogRows, PartitionRow } from './catalog-rows.js';
import { buildCheckConstraints, buildForeignKeys, buildKeys, groupBy } from './build-constraints.js';
import { toColumnModel } from './build-columns.js';
import { buildColumnLookups } from './column-lookups.js';

export function buildCatalog(rows: CatalogRows): CatalogModel {
  const databaseRow = rows.database[0];
  if (!databaseRow) throw new Mssql2pgError('The catalog query for DB_NAME() returned no row');
  const tableNameById = new Map(rows.tables.map((t) => [t.object_id, qualifiedName({ schema: t.schema_name, name: t.table_name })]));
  const lookups = buildColumnLookups(rows, (id) => tableNameById.get(id) ?? `object ${id}`);
  const columnsByTable = groupBy(rows.columns, (r) => r.object_id);
  const indexesByTable = groupBy(rows.indexes, (r) => r.object_id);
  const indexColumnsByTable = groupBy(rows.indexColumns, (r) => r.object_id);
  const foreignKeysByTable = groupBy(rows.foreignKeys, (r) => r.parent_object_id);
  const foreignKeyColumnsByTable = groupBy(rows.foreignKeyColumns, (r) => r.parent_object_id);
  const checksByTable = groupBy(rows.checkConstraints, (r) => r.parent_object_id);
  const partitionsByTable = groupBy(rows.partitions, (r) => r.object_id);

  const tables = rows.tables.map((tableRow): TableModel => {
    const id = tableRow.object_id;
    const tableName = qualifiedName({ schema: tableRow.schema_name, name: tableRow.table_name });
    const columnRows = columnsByTable.get(id) ?? [];
    // Every table has at least one column: none means a catalog query lost them (as an inner
    // join on a missing sys.schemas row once did on Babelfish). Say so here, not later as a
    // puzzling "no target name planned for column ...".
    if (columnRows.length === 0) {
      throw new Mssql2pgError(
        `The catalog returned no columns for ${tableName} (query columns: sys.columns joined to sys.tables). ` +
          `Check that the login can see the table's columns (VIEW DEFINITION); if it can, the source engine's ` +
          `catalog is inconsistent: report the engine and version.`,
      );
    }
    const columns = columnRows.map((r) => toColumnModel(tableName, r, lookups)).sort((a, b) => a.columnId - b.columnId);
    const nameById = new Map(columns.map((c) => [c.columnId, c.name]));
    const columnName = (columnId: number, what: string): string => {
      const name = nameById.get(columnId);
      if (name === undefined) {
        throw new Mssql2pgError(`The catalog returned no column ${columnId} of ${tableName} for ${what} (query columns)`);
      }
      return name;
    };
    return {
      schema: tableRow.schema_name,
      name: tableRow.table_name,
      objectId: id,
      columns,
      ...buildKeys(tableName, indexesByTable.get(id) ?? [], indexColumnsByTable.get(id) ?? [], columnName),
      foreignKeys: buildForeignKeys(tableName, foreignKeysByTable.get(id) ?? [], foreignKeyColumnsByTable.get(id) ?? [], columnName),
      checkConstraints: buildCheckConstraints(tableName, checksByTable.get(id) ?? []),
      rowCountEstimate: sumRowEstimates(partitionsByTable.get(id) ?? []),
    };
  });
  return { database: databaseRow.database_name, tables: tables.sort(compareTables) };
}

/**
 * Partition row counts arrive as bigint text: summed as BigInt, then made a number (an
 * estimate, so precision lost above 2^53 rows does not matter).
 */
function sumRowEstimates(partitions: readonly PartitionRow[]): number {
  let total = 0n;
  for (const p of partitions) total += BigInt(p.rows);
  return Number(total);
}

/**
 * `schema.table` case-insensitively, ties (names differing only in case, possible under a
 * case-sensitive collation) broken by exact code units: the same order on every run and machine.
 */
export function compareTables(a: TableModel, b: TableModel): number {
  const exactA = qualifiedName(a);
  const exactB = qualifiedName(b);
  const foldedA = exactA.toLowerCase();
  const foldedB = exactB.toLowerCase();
  if (foldedA !== foldedB) return foldedA < foldedB ? -1 : 1;
  if (exactA !== exactB) return exactA < exactB ? -1 : 1;
  // `a.b`.`c` and `a`.`b.c` print alike: object_id settles it.
  return a.objectId - b.objectId;
}
