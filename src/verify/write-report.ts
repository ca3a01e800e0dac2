import { join } from 'node:path';
import { ProgressFileError } from '../errors.js';
import { writeFileAtomically } from '../progress/atomic-write.js';
import { nodeProgressFs } from '../progress/progress-fs.js';
import type { VerifyReport } from './report.js';

export const VERIFY_REPORT_FILE = 'verify_report.json';

/** progress/verify_report.json, replaced atomically like the progress files. */
export async function writeVerifyReport(progressDir: string, report: VerifyReport): Promise<string> {
  const path = join(progressDir, VERIFY_REPORT_FILE);
  try {
    await writeFileAtomically(nodeProgressFs, path, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new ProgressFileError(`Could not save the verify report ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}
