/**
 * The SQL Server source. This folder is the only place in mssql2pg that speaks T-SQL or
 * knows the sys.* catalog: everything else sees CatalogModel, ValueShape and row arrays.
 */
export { buildCatalog, compareTables } from './build-catalog.js';
export { resolveColumnType } from './build-columns.js';
export { CATALOG_QUERIES } from './catalog-queries.js';
export type { CatalogRows } from './catalog-rows.js';
export { columnRead, type ColumnRead } from './column-read.js';
export { describeSource, openSourcePool, toMssqlConfig } from './connect.js';
export {
  isolationStatement,
  isSnapshotNotAllowed,
  translateIsolationError,
  type IsolationLevel,
} from './isolation.js';
export { quoteTsqlName, quoteTsqlTable } from './quote.js';
export { poolQueryRunner, readCatalog, type CatalogQueryRunner, type ReadCatalogOptions } from './read-catalog.js';
export { DEFAULT_ROW_BUFFER, readRows, type RowBufferLimits, type RowSourceRequest } from './row-stream.js';
export { openSqlServerRowSource, readCatalogFromServer } from './sql-server-source.js';
export { buildSelect, countRowsSql, type SelectOptions, type SelectPlan } from './select-builder.js';
