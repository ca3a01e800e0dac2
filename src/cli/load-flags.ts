/**
 * Flags of the commands that load rows into Postgres (sync data, migrate), declared once, and
 * the LoadSettings built from them (validated here, so a bad value stops the command before
 * anything is touched).
 */
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import { DEFAULT_LOAD_SETTINGS, type LoadSettings } from '../load/settings.js';

export function withLoadOptions<T>(y: Argv<T>) {
  return y
    .option('retries', { type: 'number', default: DEFAULTS.retries, describe: 'retries per table for transient failures (1 s, 2 s, 4 s … 60 s)', group: 'Run:' })
    .option('chunk-rows', {
      type: 'number',
      default: DEFAULTS.chunkRows,
      describe: 'split a table with an integer key into key ranges of about this many rows, each its own transaction (0: one transaction per table)',
      group: 'Run:',
    })
    .option('truncate', { type: 'boolean', default: DEFAULTS.truncate, describe: 'empty each target table before loading it (--no-truncate keeps rows)', group: 'Writing:' });
}

export interface LoadFlags {
  retries: number;
  'chunk-rows': number;
  truncate: boolean;
}

export function loadSettings(flags: LoadFlags): LoadSettings {
  if (!Number.isInteger(flags.retries) || flags.retries < 0) throw new UsageError('--retries must be a whole number of at least 0.');
  const chunkRows = flags['chunk-rows'];
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 0) throw new UsageError('--chunk-rows must be a whole number of at least 0 (0 turns key ranges off).');
  return { ...DEFAULT_LOAD_SETTINGS, truncate: flags.truncate, retries: flags.retries, chunkRows };
}
