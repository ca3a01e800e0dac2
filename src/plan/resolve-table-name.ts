/**
 * Turns what the user typed for --start-from-table / --until-table into a qualified name from
 * the catalog. A typo must stop the run with suggestions, not silently select nothing.
 */
import { UsageError } from '../errors.js';
import { splitQualified } from './table-names.js';

const MAX_SUGGESTIONS = 5;

/**
 * Accepts `Orders` or `dbo.Orders`, case-insensitive. An exact (case-sensitive) match wins over
 * case-insensitive ones, so `dbo.a` vs `dbo.A` in a case-sensitive database stays usable.
 * `flag` names the option in messages, e.g. `--start-from-table`.
 */
export function resolveTableName(input: string, tables: readonly string[], flag?: string): string {
  const wanted = input.trim();
  if (tables.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  const byQualified = tables.filter((table) => table.toLowerCase() === lower);
  const candidates = byQualified.length > 0
    ? byQualified
    : tables.filter((table) => splitQualified(table).table.toLowerCase() === lower);
  const forFlag = flag === undefined ? '' : ` for ${flag}`;
  if (candidates.length === 1) return candidates[0] as string;
  if (candidates.length > 1) {
    throw new UsageError(
      `Table name "${input}"${forFlag} is ambiguous: ${candidates.join(', ')}. Give the schema-qualified name.`,
    );
  }
  const suggestions = closestNames(wanted, tables);
  const closest = suggestions.length > 0 ? ` Closest: ${suggestions.join(', ')}` : ' The catalog has no tables.';
  throw new UsageError(`Unknown table "${input}"${forFlag}.${closest}`);
}

/** Up to 5 names nearest to `input`, measured against both the qualified and the bare name. */
export function closestNames(input: string, tables: readonly string[]): string[] {
  const lower = input.toLowerCase();
  const qualifiedInput = input.includes('.');
  return tables
    .map((table) => {
      const bare = splitQualified(table).table.toLowerCase();
      const distance = Math.min(
        levenshtein(lower, table.toLowerCase()),
        qualifiedInput ? Number.POSITIVE_INFINITY : levenshtein(lower, bare),
      );
      return { table, distance };
    })
    .sort((a, b) => a.distance - b.distance || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ table }) => table);
}

/** Edit distance (insert, delete, substitute), two rows of the classic table. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
