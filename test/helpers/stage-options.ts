// The stages take settings objects (window, read, load) and a target mode (dry-run or live);
// the tests describe runs with one flat object of options, as a user's flags would. These
// helpers turn one into the other, so each test states only what it changes.
import type pg from 'pg';
import type { CatalogModel } from '../../src/catalog/model.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { EncoderOptions } from '../../src/copy/index.js';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../../src/load/settings.js';
import type { StageListener } from '../../src/run/events.js';
import type { BackoffOptions } from '../../src/run/retry.js';
import type { WindowOptions } from '../../src/run/window.js';
import type { IsolationLevel } from '../../src/sqlserver/contract.js';
import type { ReplicateConstraintsDeps, ReplicateConstraintsOptions } from '../../src/stages/replicate-constraints.js';
import type { ReplicateSchemaDeps, ReplicateSchemaOptions } from '../../src/stages/replicate-schema.js';
import type { SyncDataOptions } from '../../src/stages/sync-data.js';
import type { TargetMode } from '../../src/stages/target-mode.js';
import type { VerifyOptions } from '../../src/verify/verify.js';

export interface FlatReadOptions {
  readonly isolation: IsolationLevel;
  readonly nolock: boolean;
  readonly encoder: EncoderOptions;
  /** Read through the TDS decoder where the source offers it (default true). */
  readonly decoder?: boolean;
}

export interface FlatSyncOptions extends WindowOptions, FlatReadOptions {
  readonly parallel: number;
  readonly retries: number;
  readonly truncate: boolean;
  readonly chunkRows?: number;
  readonly backoff?: BackoffOptions;
}

function windowOf(o: WindowOptions): WindowOptions {
  return { resume: o.resume, reset: o.reset, startFrom: o.startFrom, until: o.until, maxTables: o.maxTables, failFast: o.failFast };
}

export function syncOptions(o: FlatSyncOptions): SyncDataOptions {
  return {
    window: windowOf(o),
    parallel: o.parallel,
    read: { ...DEFAULT_READ_SETTINGS, isolation: o.isolation, nolock: o.nolock, encoder: o.encoder, decoder: o.decoder ?? true },
    load: {
      ...DEFAULT_LOAD_SETTINGS,
      truncate: o.truncate,
      retries: o.retries,
      backoff: o.backoff ?? DEFAULT_LOAD_SETTINGS.backoff,
      chunkRows: o.chunkRows ?? DEFAULT_LOAD_SETTINGS.chunkRows,
    },
  };
}

export type FlatVerifyOptions = Pick<WindowOptions, 'startFrom' | 'until' | 'maxTables' | 'failFast'> &
  FlatReadOptions & { readonly parallel: number; readonly countsOnly: boolean; readonly rangeRows?: number };

export function verifyOptions(o: FlatVerifyOptions): VerifyOptions {
  return {
    window: { startFrom: o.startFrom, until: o.until, maxTables: o.maxTables, failFast: o.failFast },
    parallel: o.parallel,
    read: { ...DEFAULT_READ_SETTINGS, isolation: o.isolation, nolock: o.nolock, encoder: o.encoder },
    countsOnly: o.countsOnly,
    rangeRows: o.rangeRows ?? 250_000,
  };
}

/** The old shape of a stage's deps: a pool opener and, for dry runs, a print function. */
export interface FlatTargetDeps {
  readonly config: ResolvedConfig;
  readonly loadCatalog: () => Promise<CatalogModel>;
  readonly openTarget: (max: number) => Promise<pg.Pool>;
  readonly print?: (sql: string) => void;
  readonly listener?: StageListener;
  readonly signal?: AbortSignal;
}

function targetMode(dryRun: boolean, deps: FlatTargetDeps): TargetMode {
  return dryRun ? { mode: 'dry-run', print: deps.print ?? (() => {}) } : { mode: 'live', openTarget: deps.openTarget };
}

export interface FlatSchemaOptions extends WindowOptions {
  readonly dryRun: boolean;
  readonly dropExisting: boolean;
  readonly primaryKeys?: boolean;
}

export function schemaArgs(deps: FlatTargetDeps, o: FlatSchemaOptions): [ReplicateSchemaDeps, ReplicateSchemaOptions] {
  const { openTarget: _open, print: _print, ...rest } = deps;
  return [
    { ...rest, target: targetMode(o.dryRun, deps) },
    { window: windowOf(o), dropExisting: o.dropExisting, primaryKeys: o.primaryKeys ?? false },
  ];
}

export interface FlatConstraintsOptions extends WindowOptions {
  readonly dryRun: boolean;
  readonly parallel: number;
  readonly maintenanceWorkMem: string | null;
  readonly fkNotValid: boolean;
  readonly force?: boolean;
}

export function constraintsArgs(deps: FlatTargetDeps, o: FlatConstraintsOptions): [ReplicateConstraintsDeps, ReplicateConstraintsOptions] {
  const { openTarget: _open, print: _print, ...rest } = deps;
  return [
    { ...rest, target: targetMode(o.dryRun, deps) },
    { window: windowOf(o), parallel: o.parallel, maintenanceWorkMem: o.maintenanceWorkMem, fkNotValid: o.fkNotValid, force: o.force },
  ];
}
