/**
 * Stage 2's settings, built once from the flags (src/cli/read-flags.ts, src/cli/load-flags.ts)
 * and passed unchanged down to every unit, in this thread or across to a worker thread (so they
 * stay plain, structured-cloneable data). Adding a flag means: its definition and builder in the
 * flags file, its field here (and in the defaults below), and the code that uses it.
 */
import { DEFAULTS } from '../config/defaults.js';
import type { EncoderOptions } from '../copy/index.js';
import type { BackoffOptions } from '../run/retry.js';
import type { IsolationLevel } from '../sqlserver/contract.js';

/** How rows are read from SQL Server and encoded for COPY (sync data, verify, migrate). */
export interface ReadSettings {
  readonly isolation: IsolationLevel;
  /** WITH (NOLOCK): no shared locks, but rows may be skipped or read twice. */
  readonly nolock: boolean;
  /** What to do with text Postgres cannot store (U+0000, lone surrogates). */
  readonly encoder: EncoderOptions;
  /**
   * Read units through the TDS decoder (rows straight into COPY text) where the source offers
   * it; false (`--no-tds-decoder`) reads every unit as JS values through the COPY encoder.
   */
  readonly decoder: boolean;
}

/** How rows are written into Postgres and what a unit does on failure (sync data, migrate). */
export interface LoadSettings {
  /** Empty each target table before loading it (`--no-truncate` keeps its rows). */
  readonly truncate: boolean;
  /** Retries per unit for transient failures. */
  readonly retries: number;
  readonly backoff: BackoffOptions;
  /** About this many rows per key range of a big table; 0 copies every table as one unit. */
  readonly chunkRows: number;
}

export const DEFAULT_READ_SETTINGS: ReadSettings = { isolation: 'read-committed', nolock: false, encoder: {}, decoder: true };

export const DEFAULT_LOAD_SETTINGS: LoadSettings = {
  truncate: DEFAULTS.truncate,
  retries: DEFAULTS.retries,
  backoff: DEFAULTS.backoff,
  chunkRows: DEFAULTS.chunkRows,
};
