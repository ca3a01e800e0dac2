/**
 * Flags of the commands that read rows from SQL Server and encode them (sync data, verify,
 * migrate): read isolation, NOLOCK, and what to do with text Postgres cannot store. Verify must
 * be given the same text flags sync data ran with, so all three declare them here, once.
 */
import type { Argv } from 'yargs';
import type { EncoderOptions, NulPolicy } from '../copy/index.js';
import { UsageError } from '../errors.js';
import type { ReadSettings } from '../load/settings.js';

export function withReadOptions<T>(y: Argv<T>) {
  return y
    .option('isolation', { choices: ['read-committed', 'snapshot'] as const, default: 'read-committed' as const, describe: 'SQL Server read isolation', group: 'Reading:' })
    .option('nolock', { type: 'boolean', default: false, describe: 'read WITH (NOLOCK): may skip or double-read rows (warned in the summary)', group: 'Reading:' })
    .option('strip-nul', { type: 'boolean', default: false, describe: 'drop U+0000 characters from text (Postgres cannot store them)', group: 'Text values:' })
    .option('replace-nul', { type: 'string', describe: 'replace U+0000 in text with this character', group: 'Text values:' })
    .option('replace-bad-unicode', { type: 'boolean', default: false, describe: 'replace unpaired UTF-16 surrogates with U+FFFD', group: 'Text values:' })
    .option('tds-decoder', {
      type: 'boolean',
      default: true,
      describe: 'decode rows straight from TDS into COPY text (--no-tds-decoder: read them as values through tedious and the COPY encoder, the slower path every unit falls back to when the decoder cannot read it exactly)',
      group: 'Reading:',
    })
    .conflicts('strip-nul', 'replace-nul');
}

export interface ReadFlags {
  isolation: 'read-committed' | 'snapshot';
  nolock: boolean;
  'strip-nul': boolean;
  'replace-nul'?: string;
  'replace-bad-unicode': boolean;
  'tds-decoder': boolean;
}

/** Isolation, NOLOCK and the encoder's text policies, as one settings object. */
export function readSettings(flags: ReadFlags): ReadSettings {
  return { isolation: flags.isolation, nolock: flags.nolock, encoder: encoderOptions(flags), decoder: flags['tds-decoder'] };
}

/** The COPY encoder's policies for U+0000 and lone surrogates, from the text flags. */
export function encoderOptions(flags: Pick<ReadFlags, 'strip-nul' | 'replace-nul' | 'replace-bad-unicode'>): EncoderOptions {
  return { nul: nulPolicy(flags), surrogates: flags['replace-bad-unicode'] ? 'replace' : 'error' };
}

function nulPolicy(flags: Pick<ReadFlags, 'strip-nul' | 'replace-nul'>): NulPolicy {
  if (flags['strip-nul']) return 'strip';
  const r = flags['replace-nul'];
  if (r !== undefined) {
    if ([...r].length !== 1 || r === '\0') throw new UsageError('--replace-nul takes exactly one character (not U+0000).');
    return { replace: r };
  }
  return 'error';
}
