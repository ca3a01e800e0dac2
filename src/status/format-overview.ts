/** The migration overview and the target's leftover schemas, as `mssql2pg status` prints them. */
import type { LeftoverSchema } from '../postgres/leftover-schemas.js';
import { formatCount } from '../ui/format.js';
import type { MigrationOverview } from './migration-overview.js';

export function formatOverview(o: MigrationOverview, migrateStartedAt: string | null): string[] {
  const title = migrateStartedAt === null ? 'Stages:' : `Migration (mssql2pg migrate, started ${migrateStartedAt}):`;
  const width = Math.max(...o.stages.map((s) => s.command.length));
  const lines = [title];
  for (const s of o.stages) lines.push(`  ${s.command.padEnd(width)}  ${s.state}${s.detail === null ? '' : ` (${s.detail})`}`);
  lines.push(o.next === null ? `  Nothing left to do: ${o.reason}.` : `  Next:  ${o.next}   (${o.reason})`);
  return lines;
}

/** What status found in the target: the schemas mssql2pg left there, or why it did not look. */
export type TargetCheck =
  | { readonly checked: true; readonly where: string; readonly schemas: readonly LeftoverSchema[] }
  | { readonly checked: false; readonly reason: string };

export function formatTargetCheck(t: TargetCheck): string[] {
  if (!t.checked) return [`Target database: not checked for leftover schemas (mssql2pg_verify, mssql2pg): ${t.reason}`];
  const lines = [`Target database ${t.where}:`];
  if (t.schemas.length === 0) lines.push('  No schema left by mssql2pg (mssql2pg_verify, mssql2pg).');
  for (const s of t.schemas) lines.push(`  ${describeLeftover(s)}`);
  return lines;
}

function describeLeftover(s: LeftoverSchema): string {
  const size = `${s.tables} table${s.tables === 1 ? '' : 's'}, ${(s.bytes / 1_048_576).toFixed(1)} MB`;
  if (s.kind === 'verify-scratch') {
    return (
      `${s.schema}: ${size}: scratch tables an older mssql2pg's verify left (this version keeps none). ` +
      `The next verify drops them; or remove them now: DROP SCHEMA ${s.schema} CASCADE;`
    );
  }
  const rows = s.rangeRows === null ? '' : `, ${formatCount(s.rangeRows)} range records`;
  return (
    `${s.schema}: ${size}${rows}: sync data's record of committed key ranges, needed until every table is copied. ` +
    `When the migration is over, remove it: DROP SCHEMA ${s.schema} CASCADE;`
  );
}
