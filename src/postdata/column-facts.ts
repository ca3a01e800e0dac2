/**
 * What the post-data planner needs to know about a table's columns: target names, and a
 * coarse type family (from the Postgres type the column was created with, so that a type
 * override is respected) for the type-aware predicate translation.
 */
import type { ColumnModel, TableModel } from '../catalog/model.js';
import type { TargetTableNames } from '../naming/plan-target-names.js';
import { mapColumnType, type TypeMappingOptions } from '../typemap/map-column.js';
import type { ColumnFamily, PredicateColumn } from './translate-predicate.js';

export interface ColumnFacts extends PredicateColumn {
  readonly source: ColumnModel;
  /** The Postgres type stage 1 created the column with (null when it has none: an unmapped type). */
  readonly pgType: string | null;
}

export function familyOfPgType(pgType: string): ColumnFamily {
  const t = pgType.toLowerCase().replace(/\(.*$/, '').trim();
  if (t === 'boolean') return 'boolean';
  if (/^(smallint|integer|bigint|numeric|real|double precision)$/.test(t)) return 'number';
  if (/^(text|varchar|character varying|char|character|citext)$/.test(t)) return 'text';
  if (/^(date|time|timestamp|timestamptz|timestamp with(out)? time zone|time with(out)? time zone)$/.test(t)) return 'temporal';
  if (t === 'uuid') return 'uuid';
  return 'other';
}

/** Columns by source name, plus a case-insensitive lookup (SQL Server resolves names that way). */
export class TableColumns {
  private readonly byName = new Map<string, ColumnFacts>();
  private readonly byLower = new Map<string, ColumnFacts>();

  constructor(table: TableModel, names: TargetTableNames, mapping: TypeMappingOptions) {
    for (const column of table.columns) {
      const target = names.columns.get(column.name);
      if (target === undefined) continue;
      let family: ColumnFamily = 'other';
      let pgType: string | null = null;
      try {
        pgType = mapColumnType(table, column, mapping).pgType;
        family = familyOfPgType(pgType);
      } catch {
        // An unmapped type failed its table in stage 1 already; here it only means "no literal comparisons".
      }
      const facts: ColumnFacts = { target, family, collation: column.collation, sqlType: column.type, source: column, pgType };
      this.byName.set(column.name, facts);
      if (!this.byLower.has(column.name.toLowerCase())) this.byLower.set(column.name.toLowerCase(), facts);
    }
  }

  get(name: string): ColumnFacts | undefined {
    return this.byName.get(name) ?? this.byLower.get(name.toLowerCase());
  }

  /** Target names for source column names, or the first name that has none. */
  targets(names: readonly string[]): { ok: true; targets: string[] } | { ok: false; missing: string } {
    const targets: string[] = [];
    for (const n of names) {
      const c = this.get(n);
      if (c === undefined) return { ok: false, missing: n };
      targets.push(c.target);
    }
    return { ok: true, targets };
  }
}

/** A text key column under a case-insensitive collation: `abc` and `ABC` are one key in SQL Server. */
export function caseInsensitiveTextColumns(columns: TableColumns, keyColumns: readonly string[]): string[] {
  return keyColumns.filter((n) => {
    const c = columns.get(n);
    return c !== undefined && c.family === 'text' && c.collation !== null && /_CI_/i.test(c.collation);
  });
}

/**
 * Text key columns whose trailing spaces count in PostgreSQL but not in SQL Server: SQL Server
 * pads both sides before comparing (any collation), so `'a'` and `'a '` are one key there. A
 * PostgreSQL char(n) ignores trailing spaces too; varchar and text do not.
 */
export function trailingSpaceKeyColumns(columns: TableColumns, keyColumns: readonly string[]): string[] {
  return keyColumns.filter((n) => {
    const c = columns.get(n);
    return c !== undefined && c.family === 'text' && c.pgType !== null && !/^(char|character|bpchar)\b(?! varying)/i.test(c.pgType);
  });
}
