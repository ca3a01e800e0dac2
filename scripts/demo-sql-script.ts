// Pure helpers for running T-SQL scripts the way sqlcmd does, shared by the demo and the e2e
// tests. No connections here.

/** `GO` alone on a line (any case, optional spaces) ends a batch; sqlcmd also allows `GO n`, we do not. */
const BATCH_SEPARATOR = /^\s*GO\s*$/i;

/**
 * Splits a script on `GO` lines into the batches to send one by one. `GO` is a client-side
 * separator (sqlcmd/SSMS), not T-SQL: sent to the server it is a syntax error. Batches that hold
 * only whitespace and `--` comments are dropped. A `GO` inside a block comment or a string would
 * be split too; like sqlcmd we accept that and keep such lines out of our scripts.
 */
export function splitSqlBatches(script: string): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const batch = current.join('\n');
    if (!isOnlyComments(batch)) batches.push(batch.trim());
    current = [];
  };
  for (const line of script.split(/\r?\n/)) {
    if (BATCH_SEPARATOR.test(line)) flush();
    else current.push(line);
  }
  flush();
  return batches;
}

function isOnlyComments(batch: string): boolean {
  return batch
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}

/** The same mssql:// (or postgres://) URL with another database; credentials and options kept. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** `[name]` with `]` doubled, the T-SQL way to quote any identifier. */
export function quoteSqlServerName(name: string): string {
  return `[${name.replace(/]/g, ']]')}]`;
}
