/**
 * Qualified table names (`schema.table`) as the planner sees them. The split is at the first
 * dot: SQL Server schema names with dots are far rarer than table names with them.
 */

export function splitQualified(qualified: string): { schema: string; table: string } {
  const dot = qualified.indexOf('.');
  return dot < 0
    ? { schema: '', table: qualified }
    : { schema: qualified.slice(0, dot), table: qualified.slice(dot + 1) };
}

/**
 * The order every run uses, the same as the catalog's: ordinal and case-insensitive, with a
 * case-sensitive tie-break so `dbo.a` and `dbo.A` (a case-sensitive collation) still sort the
 * same way every time. Ordinal (code unit) comparison, not localeCompare: the order must not
 * depend on the machine's locale.
 */
export function compareQualifiedNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
