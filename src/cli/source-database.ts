/**
 * The source database as the commands open it: the catalog (stages 1 and 3), a row source
 * (stage 2's main thread) with the spec each worker thread opens its own from, and verify's
 * source. The CLI runs over SQL Server; a test runs the very same commands (flags, live view,
 * interrupts, exit codes) over an in-memory source behind these functions. Nothing here
 * pretends to be SQL Server: the memory source is a source of its own, with the reader's
 * contract (src/sqlserver/contract.ts).
 */
import type { CatalogModel } from '../catalog/model.js';
import type { SourceConfig } from '../config/types.js';
import type { RowSource, SourceGrants, VerifySource } from '../sqlserver/contract.js';
import { openSqlServerRowSource, readCatalogFromServer, readGrantsFromServer } from '../sqlserver/sql-server-source.js';
import { openSqlServerVerifySource } from '../sqlserver/sql-server-verify-source.js';
import { siblingModule, type SourceSpec } from '../workers/source-spec.js';

/** How much of the catalog a command reads: tables (stage 2, verify), with sequences and views (stage 1), or every object (stage 3, assess). */
export type CatalogScope = 'tables' | 'objects' | 'inventory';

export interface SourceDatabase {
  readCatalog(config: SourceConfig, scope?: CatalogScope): Promise<CatalogModel>;
  /** Sized for `parallel` concurrent reads; the caller closes it. */
  openRowSource(config: SourceConfig, parallel: number): Promise<RowSource>;
  /** How each stage-2 worker thread opens its own row source (one read at a time). */
  workerSource(config: SourceConfig): SourceSpec;
  openVerifySource(config: SourceConfig, parallel: number): Promise<VerifySource>;
  /** The login's permissions on every table, checked by each stage before it starts; absent: not checked. */
  readGrants?(config: SourceConfig): Promise<SourceGrants>;
}

export const SQL_SERVER: SourceDatabase = {
  readCatalog: (config, scope = 'tables') => readCatalogFromServer(config, { objects: scope }),
  openRowSource: (config, parallel) => openSqlServerRowSource(config, parallel),
  workerSource: (config) => ({
    module: siblingModule(import.meta.url, '../sqlserver/sql-server-source'),
    exportName: 'openSqlServerRowSource',
    args: [config, 1],
  }),
  openVerifySource: (config, parallel) => openSqlServerVerifySource(config, parallel),
  readGrants: (config) => readGrantsFromServer(config),
};
