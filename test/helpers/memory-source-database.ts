// The CLI's SourceDatabase (src/cli/source-database.ts) over in-memory tables, so a test runs
// the real commands (flags, settings, live view, interrupts, summaries, exit codes) against a
// real Postgres without a SQL Server. Stage 2's worker threads open the same tables from
// test/helpers/worker-memory-source.ts. Nothing here imitates SQL Server: it is a source of its
// own behind the source contract (src/sqlserver/contract.ts).
import type { CatalogModel } from '../../src/catalog/model.js';
import type { SourceDatabase } from '../../src/cli/source-database.js';
import { MemoryVerifySource } from './memory-verify-source.js';
import { indexedTable, openWorkerMemorySource, workerSourceSpec, type WorkerSourceArgs } from './worker-memory-source.js';

export interface MemoryDatabaseArgs extends WorkerSourceArgs {
  /**
   * The main thread's MIN/MAX read of this table leaves a promise rejected with nobody to
   * catch it: the process-wide unhandled-rejection handler must turn it into a clean stop.
   */
  readonly plantUnhandledRejectionAt?: string;
}

export function memorySourceDatabase(args: MemoryDatabaseArgs): SourceDatabase {
  const slow = args.slowEveryRows ?? 0;
  return {
    readCatalog: () => openWorkerMemorySource(args).loadCatalog(),
    openRowSource: async () => {
      const source = openWorkerMemorySource(args);
      const planted = args.plantUnhandledRejectionAt;
      if (planted === undefined) return source;
      const keyBounds = source.ranges.keyBounds;
      return Object.assign(source, {
        ranges: {
          ...source.ranges,
          keyBounds: (table: Parameters<typeof keyBounds>[0], key: Parameters<typeof keyBounds>[1], o: Parameters<typeof keyBounds>[2]) => {
            if (`${table.schema}.${table.name}` === planted) void Promise.reject(new Error('planted: a promise nobody awaited'));
            return keyBounds(table, key, o);
          },
        },
      });
    },
    workerSource: () => workerSourceSpec(args),
    openVerifySource: async () =>
      new MemoryVerifySource(args.tables.map(indexedTable), async ({ rowIndex }) => {
        if (slow > 0 && rowIndex > 0 && rowIndex % slow === 0) await new Promise((r) => setTimeout(r, args.slowMs ?? 1));
      }),
  };
}

/** A SourceDatabase that only has a catalog (stage 1 and 3, dry runs). */
export function catalogSourceDatabase(catalog: CatalogModel): SourceDatabase {
  const none = (): never => {
    throw new Error('this test source has a catalog only');
  };
  return { readCatalog: async () => catalog, openRowSource: none, workerSource: none, openVerifySource: none };
}
