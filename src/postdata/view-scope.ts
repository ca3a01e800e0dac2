/**
 * The names a view's query can see: each FROM source (a table, a view, a derived table) under
 * its exposed name, inside the scopes of the queries around it (correlated sub-queries).
 * Resolution follows SQL Server: case-insensitive, an alias hides the table's own name, an
 * unqualified column must belong to exactly one source of the innermost query that has it.
 */
import { quotePgIdent } from '../ddl/quote.js';
import { PredicateRefused } from './predicate-tokens.js';
import type { SourceColumn, ValueType } from './view-types.js';

export interface ScopeSource {
  /** The name SQL Server exposes: the alias, else the table's name. */
  readonly exposed: string;
  /** `schema` of a table or view read without an alias (for `schema.table.column`). */
  readonly schema: string | null;
  /** The alias PostgreSQL's query uses for it. */
  readonly pgAlias: string;
  readonly columns: readonly SourceColumn[];
}

export interface ResolvedColumn {
  readonly sql: string;
  readonly type: ValueType;
}

export class Scope {
  readonly sources: ScopeSource[] = [];
  constructor(readonly parent: Scope | null) {}

  add(source: ScopeSource): void {
    if (this.sources.some((s) => s.exposed.toLowerCase() === source.exposed.toLowerCase())) {
      throw new PredicateRefused(`uses the name ${source.exposed} twice in one FROM`);
    }
    this.sources.push(source);
  }

  /** A column by its parts as written: `col`, `alias.col`, `table.col`, `schema.table.col`. */
  resolve(parts: readonly string[]): ResolvedColumn {
    if (parts.length > 3) throw new PredicateRefused(`refers to ${parts.join('.')}, a column of another database, which is not translated`);
    const column = parts.at(-1)!;
    const qualifier = parts.slice(0, -1);
    for (let scope: Scope | null = this; scope !== null; scope = scope.parent) {
      const candidates = qualifier.length === 0 ? scope.sources : scope.sources.filter((s) => matches(s, qualifier));
      const found = candidates.flatMap((s) => {
        const c = s.columns.find((col) => col.name.toLowerCase() === column.toLowerCase());
        return c === undefined ? [] : [{ source: s, column: c }];
      });
      if (found.length > 1) throw new PredicateRefused(`refers to the column ${parts.join('.')}, which more than one source in its FROM has`);
      const hit = found[0];
      if (hit !== undefined) return { sql: `${quotePgIdent(hit.source.pgAlias)}.${quotePgIdent(hit.column.target)}`, type: hit.column.type };
      if (qualifier.length > 0 && candidates.length > 0) throw new PredicateRefused(`refers to ${parts.join('.')}, which is not a column of ${qualifier.join('.')}`);
    }
    throw new PredicateRefused(`refers to ${parts.join('.')}, which is not a column of any source in its FROM`);
  }

  /** The sources `qualifier.*` (or `*`: all of this query's) stands for, in FROM order. */
  star(qualifier: readonly string[] | null): ScopeSource[] {
    if (qualifier === null) return [...this.sources];
    const found = this.sources.filter((s) => matches(s, qualifier));
    if (found.length === 0) throw new PredicateRefused(`uses ${qualifier.join('.')}.*, which names no source in its FROM`);
    return found;
  }
}

function matches(s: ScopeSource, qualifier: readonly string[]): boolean {
  const name = qualifier.at(-1)!.toLowerCase();
  if (s.exposed.toLowerCase() !== name) return false;
  if (qualifier.length === 1) return true;
  return s.schema !== null && s.schema.toLowerCase() === qualifier[0]!.toLowerCase();
}
