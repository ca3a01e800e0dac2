/**
 * Which tables of the selection a run takes, and how it treats earlier progress: the batch
 * window (`--start-from-table`, `--until-table`, `--max-tables`), `--resume` / `--reset` and
 * `--fail-fast`. Built once from the flags (src/cli/run-with-output.ts) and read by every stage.
 */
export interface WindowOptions {
  readonly resume: boolean;
  readonly reset: boolean;
  readonly startFrom: string | null;
  readonly until: string | null;
  readonly maxTables: number | null;
  readonly failFast: boolean;
}

/** No window, no resume: every selected table, from the start. */
export const WHOLE_SELECTION: WindowOptions = {
  resume: false,
  reset: false,
  startFrom: null,
  until: null,
  maxTables: null,
  failFast: false,
};
