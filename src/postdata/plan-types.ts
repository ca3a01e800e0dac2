import type { IdentifierStyle } from '../config/types.js';
import type { TypeMappingOptions } from '../typemap/map-column.js';
import type { PostdataKind } from './object-names.js';
import type { TargetTable } from './postdata-ddl.js';

export interface PostdataOptions {
  readonly identifierStyle: IdentifierStyle;
  readonly mapping: TypeMappingOptions;
  /** Target is Postgres 15 or newer: UNIQUE NULLS NOT DISTINCT exists. */
  readonly nullsNotDistinct: boolean;
  /** --fk-not-valid: every FK NOT VALID, then VALIDATE CONSTRAINT as its own step. */
  readonly fkNotValid: boolean;
}

/** One statement of stage 3, with the names the summary shows. */
interface ItemBase {
  readonly sourceName: string;
  readonly targetName: string;
  readonly sql: string;
}

/** A primary key, unique constraint or index: built with the table's keys. */
export interface KeyItem extends ItemBase {
  readonly kind: 'primary-key' | 'unique' | 'index';
}

export interface CheckItem extends ItemBase {
  readonly kind: 'check';
  /** Created NOT VALID: untrusted in SQL Server (WITH NOCHECK), so its rows were never checked there. */
  readonly createdNotValid: boolean;
}

export interface ForeignKeyItem extends ItemBase {
  readonly kind: 'foreign-key';
  /** Created NOT VALID (untrusted in SQL Server, or --fk-not-valid). */
  readonly createdNotValid: boolean;
  /** `VALIDATE CONSTRAINT`, run after a NOT VALID creation that should end validated (--fk-not-valid). */
  readonly validateSql: string | null;
  /** The referenced table, `schema.table` as in the catalog. */
  readonly references: string;
}

export type PostdataItem = KeyItem | CheckItem | ForeignKeyItem;

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
  readonly keys: readonly (KeyItem | CheckItem)[];
  /** Run once every table of the run has its keys. */
  readonly foreignKeys: readonly ForeignKeyItem[];
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
