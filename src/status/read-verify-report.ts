import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProgressFileError } from '../errors.js';
import { VERIFY_REPORT_FILE } from '../verify/write-report.js';

/** The last `mssql2pg verify` run, as status shows it. */
export interface VerifyStatus {
  readonly file: string;
  readonly verified_at: string;
  readonly counts_only: boolean;
  readonly ok: boolean;
  readonly tables: number;
  /** Tables that were not exact (or could not be verified), with their status. */
  readonly not_exact: readonly { readonly table: string; readonly status: string }[];
}

const VERIFIED: ReadonlySet<string> = new Set(['exact', 'accepted', 'counts-match']);

/** progress/verify_report.json when present; a file we cannot read is an error naming it. */
export async function readVerifyStatus(progressDir: string): Promise<VerifyStatus | null> {
  const file = join(progressDir, VERIFY_REPORT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw new ProgressFileError(`Verify report ${file} could not be read (${(err as Error).message}).`, { cause: err });
  }
  try {
    const report = JSON.parse(text) as { verified_at: unknown; counts_only: unknown; ok: unknown; tables: unknown };
    if (typeof report.verified_at !== 'string' || typeof report.ok !== 'boolean' || !Array.isArray(report.tables)) {
      throw new Error('it is not a verify report');
    }
    const tables = report.tables as { table: string; status: string }[];
    return {
      file,
      verified_at: report.verified_at,
      counts_only: report.counts_only === true,
      ok: report.ok,
      tables: tables.length,
      // `accepted` (differences the user accepted) and `counts-match` (--counts-only) passed too.
      not_exact: tables.filter((t) => !VERIFIED.has(t.status)).map((t) => ({ table: String(t.table), status: String(t.status) })),
    };
  } catch (err) {
    throw new ProgressFileError(`Verify report ${file} is corrupted (${(err as Error).message}). Run mssql2pg verify again to rewrite it.`, { cause: err });
  }
}

export function formatVerifyStatus(v: VerifyStatus): string[] {
  // A --counts-only run compared counts, not values: it never says "exact".
  const verdict = v.counts_only
    ? v.ok
      ? `counts match on all ${v.tables} tables; values were not compared (run verify without --counts-only to compare every row)`
      : `${v.not_exact.length} of ${v.tables} tables: counts differ`
    : v.ok
      ? `all ${v.tables} tables exact`
      : `${v.not_exact.length} of ${v.tables} tables not exact`;
  const lines = [`Verify: ${v.file}`, `  Last run: ${v.verified_at}${v.counts_only ? ' (counts only)' : ''}: ${verdict}`];
  for (const t of v.not_exact) lines.push(`    - ${t.table}: ${t.status}`);
  return lines;
}
