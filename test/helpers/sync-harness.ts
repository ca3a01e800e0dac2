// Shared steps of the stage-2 integration tests (test/integration/sync-data*.test.ts): create the
// target tables with stage 1, run stage 2 over a RowSource, read back rows and the progress file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { EncoderFault } from '../../src/copy/index.js';
import type { TableStageProgress } from '../../src/progress/types.js';
import type { StageEvent } from '../../src/run/events.js';
import { replicateSchema } from '../../src/stages/replicate-schema.js';
import type { RowSource } from '../../src/sqlserver/contract.js';
import { syncData } from '../../src/stages/sync-data.js';
import { openTargetPool } from '../../src/postgres/pool.js';
import type { MemoryTable } from './memory-row-source.js';
import { withPgClient } from './postgres.js';
import { schemaArgs, syncOptions, type FlatSyncOptions } from './stage-options.js';
import { SYNC_DEFAULTS } from './sync-child.js';

/** Stage 1 over the tables' models, so stage 2 copies into exactly what the tool creates. */
export async function createTargets(config: ResolvedConfig, tables: readonly MemoryTable[]): Promise<void> {
  const summary = await replicateSchema(
    ...schemaArgs(
      {
        config,
        loadCatalog: async () => ({ database: 'src', tables: tables.map((t) => t.model) }),
        openTarget: () => openTargetPool(config.target.url, 1),
      },
      { resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false, dryRun: false, dropExisting: false },
    ),
  );
  expect(summary.failed).toEqual([]);
}

export interface SyncExtras {
  readonly events?: StageEvent[];
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: StageEvent) => void;
  /** Defaults to config.target.url (e.g. a URL through test/helpers/tcp-proxy.ts). */
  readonly targetUrl?: string;
  /** A fault planted in stage 2's COPY encoder (test/helpers/encoder-fault.ts). */
  readonly encoderFault?: EncoderFault;
}

export function sync(config: ResolvedConfig, source: RowSource, o: Partial<FlatSyncOptions> = {}, extras: SyncExtras = {}) {
  const url = extras.targetUrl ?? config.target.url;
  return syncData(
    {
      config,
      source,
      openTarget: (max) => openTargetPool(url, max),
      signal: extras.signal,
      encoderFault: extras.encoderFault,
      listener: (e) => {
        extras.events?.push(e);
        extras.onEvent?.(e);
      },
    },
    syncOptions({ ...SYNC_DEFAULTS, ...o }),
  );
}

/** The data stage's entry of every table in progress/data_sync_progress.json. */
export function dataProgress(config: ResolvedConfig): Record<string, TableStageProgress> {
  const file = JSON.parse(readFileSync(path.join(config.progressDir, 'data_sync_progress.json'), 'utf8')) as {
    tables: Record<string, { data: TableStageProgress }>;
  };
  return Object.fromEntries(Object.entries(file.tables).map(([t, s]) => [t, s.data]));
}

export async function rowsOf(url: string, sql: string): Promise<unknown[][]> {
  return withPgClient(url, async (c) => (await c.query<unknown[]>({ text: sql, rowMode: 'array' })).rows);
}

/** Same digest as digestRows() in sync-child.ts, computed by Postgres over `id:name` lines. */
export async function digestOf(url: string, target: string): Promise<{ count: number; md5: string }> {
  const [row] = await rowsOf(url, `SELECT count(*)::int, md5(coalesce(string_agg(id || ':' || name, E'\\n' ORDER BY id), '')) FROM ${target}`);
  return { count: row![0] as number, md5: row![1] as string };
}

export function startedTables(events: readonly StageEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'table:start' ? [e.table] : []));
}
