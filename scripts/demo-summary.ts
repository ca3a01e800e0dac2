// What the demo prints at the end: source and target row counts side by side, and how to look
// at the result with psql. Pure functions over plain values.
import { redactUrl } from '../src/config/redact.js';

export interface RowCountCheck {
  /** `schema.table` in SQL Server. */
  readonly source: string;
  /** `schema.table` in Postgres. */
  readonly target: string;
  readonly sourceRows: number;
  /** null when the table is missing in Postgres. */
  readonly targetRows: number | null;
  readonly ok: boolean;
}

/**
 * Where the CLI puts a source table with the naming the demo runs it with: identifier style
 * `lower` (the default) and `dbo` → `public` unless every table goes into `targetSchema`.
 */
export function targetTableName(sourceQualified: string, targetSchema: string | null): string {
  const dot = sourceQualified.indexOf('.');
  const schema = sourceQualified.slice(0, dot);
  const table = sourceQualified.slice(dot + 1);
  const pgSchema = targetSchema ?? (schema.toLowerCase() === 'dbo' ? 'public' : schema.toLowerCase());
  return `${pgSchema}.${table.toLowerCase()}`;
}

export function compareRowCounts(
  source: ReadonlyMap<string, number>,
  target: ReadonlyMap<string, number>,
  targetSchema: string | null,
): RowCountCheck[] {
  return [...source].map(([name, sourceRows]) => {
    const targetName = targetTableName(name, targetSchema);
    const targetRows = target.get(targetName) ?? null;
    return { source: name, target: targetName, sourceRows, targetRows, ok: targetRows === sourceRows };
  });
}

export function formatRowCountTable(checks: readonly RowCountCheck[]): string[] {
  const header = ['SQL Server table', 'rows', 'PostgreSQL table', 'rows', ''];
  const rows = checks.map((c) => [
    c.source,
    String(c.sourceRows),
    c.target,
    c.targetRows === null ? 'missing' : String(c.targetRows),
    c.ok ? 'ok' : 'MISMATCH',
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([1, 3]);
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const total = checks.reduce((sum, c) => sum + c.sourceRows, 0);
  const ok = checks.filter((c) => c.ok).length;
  return [line(header), ...rows.map(line), `${ok} of ${checks.length} tables match, ${total} rows in SQL Server.`];
}

/**
 * How to connect with psql without printing a password: the URL is shown redacted, and the
 * command reads the real one from a file only the user can read (a throwaway server), or from
 * the PG_URL variable the user set themselves.
 */
export function psqlHint(pgUrl: string, urlFile: string | null, targetSchema: string | null): string[] {
  const command = urlFile === null ? 'psql "$PG_URL"' : `psql "$(cat ${urlFile})"`;
  const lines = [`Look at the result:  ${command}`, `  (that is ${redactUrl(pgUrl)})`];
  const schemaHint = targetSchema ? `SET search_path = ${targetSchema}; ` : '';
  lines.push(`  then e.g.  ${schemaHint}\\dt  and  SELECT * FROM orderlines LIMIT 5;`);
  return lines;
}
