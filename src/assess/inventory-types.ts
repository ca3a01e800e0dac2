/**
 * The inventory: for every user object of the source database, what mssql2pg will do with it.
 * Also the `--json` output of `mssql2pg assess`.
 */
import type { UnavailableRead } from '../catalog/objects.js';
import type { ObjectKind, Verdict } from './kinds.js';

export interface InventoryItem {
  readonly kind: ObjectKind;
  /** `schema.table`, `schema.table.column`, `schema.view`, a type name, ... */
  readonly name: string;
  readonly verdict: Verdict;
  /** A short fact: rows and size of a table, a function's kind, a column count. */
  readonly detail: string | null;
  /** What differs in PostgreSQL, for copied-with-differences and translated objects. */
  readonly differences: readonly string[];
  /** Why it is exported or not handled. */
  readonly reason: string | null;
  /** The original T-SQL where it helps (a check, a default, a view's definition). */
  readonly original: string | null;
}

export interface Inventory {
  readonly database: string;
  readonly items: readonly InventoryItem[];
  /** Objects the --include/--exclude patterns leave out (not assessed). */
  readonly excluded: number;
  /** Catalog views the source engine could not answer, and what that leaves unknown. */
  readonly unavailable: readonly UnavailableRead[];
}

/** Builds items with the fields a verdict does not use left empty. */
export function item(
  kind: ObjectKind,
  name: string,
  verdict: Verdict,
  o: { detail?: string | null; differences?: readonly string[]; reason?: string | null; original?: string | null } = {},
): InventoryItem {
  const differences = o.differences ?? [];
  // A copy with differences is never reported as exact.
  const v = verdict === 'copied' && differences.length > 0 ? 'copied-with-differences' : verdict;
  return { kind, name, verdict: v, detail: o.detail ?? null, differences, reason: o.reason ?? null, original: o.original ?? null };
}
