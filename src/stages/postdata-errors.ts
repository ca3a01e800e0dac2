/**
 * What a user should do when a stage-3 statement fails, by SQLSTATE. Postgres's own message
 * and DETAIL (the duplicate key, the row that breaks a check) travel as the error's cause.
 */
import { TableError } from '../errors.js';
import { KIND_LABEL, type PostdataItem } from '../postdata/index.js';

const RESUME = 'then run mssql2pg replicate constraints --resume';

function adviceFor(code: string | undefined): string {
  switch (code) {
    case '23505':
      return `Remove the duplicate rows (DETAIL names the key) in the target, or fix them at the source and reload the table with mssql2pg sync data; ${RESUME}`;
    case '23502':
      return `A key column holds NULLs; fix those rows, ${RESUME}`;
    case '23514':
      return `Some rows break the check (DETAIL names one); fix them, ${RESUME}`;
    case '23503':
      return `Some rows reference keys that do not exist (DETAIL names one): load the referenced table completely or fix the rows, ${RESUME}; --fk-not-valid creates the key without checking existing rows`;
    case '42P01':
      return 'The target table does not exist: run mssql2pg replicate schema (and sync data) first';
    case '42830':
      return `The referenced table has no primary key or unique constraint on those columns in the target yet; create its keys first, ${RESUME}`;
    case '42P07':
    case '42710':
      return `Another object in the target already has this name; drop or rename it, ${RESUME}`;
    case '57014':
      // Cancelled: Ctrl-C (the stage cancels its statements) or a statement timeout. Nothing to fix.
      return `The statement was cancelled and rolled back; ${RESUME} to build it again`;
    default:
      return `Fix the cause, ${RESUME}`;
  }
}

export function statementFailed(table: string, item: PostdataItem, err: unknown, validating = false): TableError {
  const code = (err as { code?: unknown }).code;
  const label = `${KIND_LABEL[item.kind]} ${item.targetName}${item.targetName !== item.sourceName ? ` (source ${item.sourceName})` : ''}`;
  const what = validating ? `${label} was created NOT VALID and stays so; validating it failed` : label;
  const message = err instanceof Error ? err.message : String(err);
  return new TableError(table, 'constraints', `${what}: ${message}. ${adviceFor(typeof code === 'string' ? code : undefined)}`, { cause: err });
}
