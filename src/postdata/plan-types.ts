import type { PostdataKind } from './object-names.js';
import type { TargetTable } from './postdata-ddl.js';

/** One statement of stage 3, with the names the summary shows. */
export interface PostdataItem {
  readonly kind: PostdataKind;
  readonly sourceName: string;
  readonly targetName: string;
  readonly sql: string;
  /** Created NOT VALID (untrusted in SQL Server, or --fk-not-valid). */
  readonly createdNotValid: boolean;
  /** `VALIDATE CONSTRAINT`, run after a NOT VALID creation that should end validated (--fk-not-valid). */
  readonly validateSql: string | null;
  /** Foreign keys: the referenced table, `schema.table` as in the catalog. */
  readonly references: string | null;
}

export interface SkippedItem {
  readonly kind: PostdataKind;
  readonly sourceName: string;
  readonly reason: string;
  /** The SQL Server text we could not translate (check definition, index filter), if any. */
  readonly original: string | null;
}

export interface RenamedItem {
  readonly kind: PostdataKind;
  readonly sourceName: string;
  readonly targetName: string;
}

/** Everything stage 3 does for one table, decided before any statement runs. */
export interface TablePostdataPlan {
  /** `schema.table` of the source. */
  readonly table: string;
  readonly target: TargetTable;
  /** In order: primary key, unique constraints, indexes, checks. */
  readonly keys: readonly PostdataItem[];
  /** Run once every table of the run has its keys. */
  readonly foreignKeys: readonly PostdataItem[];
  readonly skipped: readonly SkippedItem[];
  readonly renamed: readonly RenamedItem[];
  /** Semantic differences between the SQL Server object and what Postgres enforces. */
  readonly differences: readonly string[];
  /** Clustered keys/indexes, built as ordinary btree indexes. */
  readonly clustered: number;
}

export const KIND_LABEL: Readonly<Record<PostdataKind, string>> = {
  'primary-key': 'primary key',
  unique: 'unique constraint',
  index: 'index',
  check: 'check constraint',
  'foreign-key': 'foreign key',
};
